import { requiredText } from '@cultura/service-kit';
import type { RecordOrigin } from '@cultura/vocabulary';
import type { Ctx } from '../resolvers/context';

/** Where what a write records comes from. */
export interface Provenance {
  origin: RecordOrigin;
  source: string | null;
}

/** Who wrote a record through the API, kept as its source when the caller gives none. */
export const author = (ctx: Ctx) => `api:${ctx.auth.subject ?? 'unknown'}`;

export function userProvenance(ctx: Ctx, source: string | null | undefined): Provenance {
  return { origin: 'USER', source: source?.trim() || author(ctx) };
}

export function optionalText(value: string | null | undefined, field: string, max: number): string | null {
  return value?.trim() ? requiredText(value, field, max) : null;
}
