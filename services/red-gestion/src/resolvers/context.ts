import type { ServiceContext } from '@cultura/service-kit';
import type { RedGestionLoaders } from '../loaders';

export type Ctx = ServiceContext<RedGestionLoaders>;
