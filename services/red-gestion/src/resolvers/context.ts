import type { ServiceContext } from '@cultura/service-kit';
import type { RedGestionLoaders } from '../loaders';

export type Ctx = ServiceContext<RedGestionLoaders>;

/** Who wrote a record through the API, kept as its source when the caller gives none. */
export const author = (ctx: Ctx) => `api:${ctx.auth.subject ?? 'unknown'}`;
