import type { ServiceContext } from '@cultura/service-kit';
import type { PuntosCulturaLoaders } from '../loaders';

/**
 * What the program's writes run with. Each validates everything it can before opening its transaction
 * (the territories service included), then checks duplicates and writes inside one transaction, so a
 * refused request leaves the database as it was.
 */
export type Ctx = ServiceContext<PuntosCulturaLoaders>;
