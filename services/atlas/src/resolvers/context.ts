import type { ServiceContext } from '@cultura/service-kit';
import type { AtlasLoaders } from '../loaders';

export type Ctx = ServiceContext<AtlasLoaders>;
