import type { ServiceContext } from '@cultura/service-kit';
import type { RedCulturaLoaders } from '../loaders';

export type Ctx = ServiceContext<RedCulturaLoaders>;
