import type { DataSource, EntityManager } from 'typeorm';
import { normalizeText, type Logger } from '@cultura/service-kit';
import { territoryLineage, type ActionSnapshot, type ActorSnapshot, type ChangePage, type ProgramSnapshot } from '@cultura/vocabulary';
import { FeedState } from '../entities';

/** A program service's change feed: `<baseUrl>/changes`. */
export interface FeedSource {
  name: string;
  baseUrl: string;
}

export interface ConsumerOptions {
  pollMs: number;
  batchSize: number;
  timeoutMs: number;
  log: Logger;
}

/** Parses `name=url,name=url` (the FEEDS variable). */
export function parseFeeds(entries: string[]): FeedSource[] {
  return entries.map((entry) => {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new Error(`FEEDS entry "${entry}" must be name=base-url`);
    const baseUrl = entry.slice(eq + 1).replace(/\/+$/, '');
    new URL(baseUrl);
    return { name: entry.slice(0, eq), baseUrl };
  });
}

function lineages(ids: string[]): { lineage: string[]; countries: string[]; firstLevels: string[] } {
  const lineage = new Set<string>();
  const countries = new Set<string>();
  const firstLevels = new Set<string>();
  for (const id of ids) {
    const l = territoryLineage(id);
    if (!l) continue;
    l.forEach((t) => lineage.add(t));
    countries.add(l[0]);
    if (l.length > 1) firstLevels.add(l[1]);
  }
  return { lineage: [...lineage], countries: [...countries], firstLevels: [...firstLevels] };
}

function actionRow(feed: string, a: ActionSnapshot, now: Date) {
  const t = lineages(a.territoryIds);
  return {
    id: a.id,
    feed,
    program_id: a.programId,
    type_name: a.typeName,
    kind: a.kind,
    line_code: a.lineCode,
    title: a.title,
    sort_title: normalizeText(a.title),
    status: a.status,
    period_start: a.periodStart,
    period_end: a.periodEnd,
    year: a.periodYear ?? (a.periodStart ? Number(a.periodStart.slice(0, 4)) : null),
    sort_at: a.sortAt,
    countries: t.countries,
    first_levels: t.firstLevels,
    territory_ids: a.territoryIds,
    territory_lineage: t.lineage,
    domains: a.domains,
    origin: a.origin,
    actor_ids: a.actorIds,
    figures: a.figures,
    indexed_at: now.toISOString(),
  };
}

function actorRow(feed: string, a: ActorSnapshot, now: Date) {
  const lineage = (a.territoryId && territoryLineage(a.territoryId)) || [];
  return {
    id: a.id,
    feed,
    program_id: a.programId,
    type_name: a.typeName,
    kind: a.kind,
    government_level: a.governmentLevel,
    name: a.name,
    sort_name: normalizeText(a.name),
    territory_id: a.territoryId,
    territory_lineage: lineage,
    country: lineage[0] ?? null,
    first_level: lineage[1] ?? null,
    domains: a.domains,
    origin: a.origin,
    indexed_at: now.toISOString(),
  };
}

function programRow(feed: string, p: ProgramSnapshot, now: Date) {
  return { id: p.id, feed, name: p.name, country_id: p.countryId, origin: p.origin, figures: p.figures, indexed_at: now.toISOString() };
}

/** Upserts rows given as one JSON parameter: one statement per table per page, whatever its size. */
async function upsert(tx: EntityManager, table: string, rows: Record<string, unknown>[], columns: Record<string, string>): Promise<void> {
  if (!rows.length) return;
  const names = Object.keys(columns);
  await tx.query(
    `INSERT INTO ${table} (${names.join(', ')})
     SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${names.map((n) => `${n} ${columns[n]}`).join(', ')})
     ON CONFLICT (id) DO UPDATE SET ${names.filter((n) => n !== 'id').map((n) => `${n} = EXCLUDED.${n}`).join(', ')}`,
    [JSON.stringify(rows)],
  );
}

const ACTION_COLUMNS = {
  id: 'text', feed: 'text', program_id: 'text', type_name: 'text', kind: 'text', line_code: 'text', title: 'text', sort_title: 'text',
  status: 'text', period_start: 'date', period_end: 'date', year: 'integer', sort_at: 'timestamptz', countries: 'text[]',
  first_levels: 'text[]', territory_ids: 'text[]', territory_lineage: 'text[]', domains: 'text[]', origin: 'text', actor_ids: 'text[]',
  figures: 'jsonb', indexed_at: 'timestamptz',
};
const ACTOR_COLUMNS = {
  id: 'text', feed: 'text', program_id: 'text', type_name: 'text', kind: 'text', government_level: 'text', name: 'text', sort_name: 'text',
  territory_id: 'text', territory_lineage: 'text[]', country: 'text', first_level: 'text', domains: 'text[]', origin: 'text', indexed_at: 'timestamptz',
};
const PROGRAM_COLUMNS = { id: 'text', feed: 'text', name: 'text', country_id: 'text', origin: 'text', figures: 'jsonb', indexed_at: 'timestamptz' };

/**
 * Applies one page of a feed and moves the saved cursor in the same transaction: a crash before the
 * commit leaves both as they were, so the page is read again and, carrying current states, applied
 * again to the same result. A page read from a cursor the index has already passed is ignored.
 */
export async function applyPage(ds: DataSource, feed: string, requestedAfter: string | null, page: ChangePage): Promise<number> {
  return ds.transaction(async (tx) => {
    await tx.query(`INSERT INTO feed_state (feed) VALUES ($1) ON CONFLICT (feed) DO NOTHING`, [feed]);
    const [state] = await tx.query(`SELECT cursor FROM feed_state WHERE feed = $1 FOR UPDATE`, [feed]);
    if ((state.cursor ?? null) !== requestedAfter) return 0;
    const now = new Date();
    // Later changes of the same record win: the page is oldest first.
    const last = new Map(page.changes.map((c) => [`${c.entity}|${c.id}`, c]));
    const changes = [...last.values()];
    const gone = (entity: string) => changes.filter((c) => c.entity === entity && !c.snapshot).map((c) => c.id);
    await upsert(tx, 'indexed_action', changes.flatMap((c) => (c.entity === 'action' && c.snapshot ? [actionRow(feed, c.snapshot, now)] : [])), ACTION_COLUMNS);
    await upsert(tx, 'indexed_actor', changes.flatMap((c) => (c.entity === 'actor' && c.snapshot ? [actorRow(feed, c.snapshot, now)] : [])), ACTOR_COLUMNS);
    await upsert(tx, 'indexed_program', changes.flatMap((c) => (c.entity === 'program' && c.snapshot ? [programRow(feed, c.snapshot, now)] : [])), PROGRAM_COLUMNS);
    for (const [entity, table] of [['action', 'indexed_action'], ['actor', 'indexed_actor'], ['program', 'indexed_program']] as const) {
      const ids = gone(entity);
      if (ids.length) await tx.query(`DELETE FROM ${table} WHERE id = ANY($1)`, [ids]);
    }
    await tx.query(
      `UPDATE feed_state SET cursor = $2, pending = $3, oldest_pending_at = $4, applied_changes = applied_changes + $5,
         last_polled_at = now(), last_applied_at = CASE WHEN $5 > 0 THEN now() ELSE last_applied_at END, last_error = NULL
       WHERE feed = $1`,
      [feed, page.cursor, page.pending, page.oldestPendingAt, page.changes.length],
    );
    return page.changes.length;
  });
}

/** Polls every feed from its saved position and applies what it reads; one loop per feed. */
export class FeedConsumer {
  private running = false;
  private loops: Promise<void>[] = [];
  private wake: (() => void)[] = [];

  constructor(
    private readonly ds: DataSource,
    private readonly sources: FeedSource[],
    private readonly opts: ConsumerOptions,
  ) {}

  /** Reads and applies one page of `source`; returns how many changes it applied and whether more wait. */
  async pollOnce(source: FeedSource): Promise<{ applied: number; hasMore: boolean; pending: number }> {
    const state = await this.ds.getRepository(FeedState).findOneBy({ feed: source.name });
    const after = state?.cursor ?? null;
    const url = new URL(`${source.baseUrl}/changes`);
    url.searchParams.set('limit', String(this.opts.batchSize));
    if (after) url.searchParams.set('after', after);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.opts.timeoutMs) });
      if (!res.ok) throw new Error(`${url} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
      const page = (await res.json()) as ChangePage;
      const applied = await applyPage(this.ds, source.name, after, page);
      return { applied, hasMore: page.hasMore, pending: page.pending };
    } catch (err) {
      const message = (err as Error).message;
      await this.ds.query(
        `INSERT INTO feed_state (feed, last_error, last_polled_at) VALUES ($1, $2, now())
         ON CONFLICT (feed) DO UPDATE SET last_error = $2, last_polled_at = now()`,
        [source.name, message],
      );
      throw err;
    }
  }

  /**
   * Polls every feed until the index has caught up with what each service had recorded (tests, and the
   * rebuild command). Changes of a transaction are handed out only once every older transaction on the
   * same PostgreSQL server has ended, so "caught up" can take a moment while other work runs there.
   */
  async drain(timeoutMs = 15_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let total = 0;
    for (const source of this.sources) {
      for (;;) {
        const { applied, hasMore, pending } = await this.pollOnce(source);
        total += applied;
        if (hasMore) continue;
        if (pending === 0) break;
        if (Date.now() > deadline) throw new Error(`feed ${source.name} still has ${pending} pending changes after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
    return total;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = this.sources.map((source) => this.loop(source));
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake.splice(0).forEach((w) => w());
    await Promise.all(this.loops);
  }

  private async loop(source: FeedSource): Promise<void> {
    let failures = 0;
    while (this.running) {
      let delay = this.opts.pollMs;
      try {
        const { applied, hasMore } = await this.pollOnce(source);
        if (applied) this.opts.log.debug({ feed: source.name, applied }, 'feed applied');
        failures = 0;
        if (hasMore) delay = 0;
      } catch (err) {
        failures++;
        // Back off while a service is down, up to half a minute; its changes wait in its outbox.
        delay = Math.min(this.opts.pollMs * 2 ** failures, 30_000);
        if (failures === 1 || failures % 10 === 0) this.opts.log.warn({ feed: source.name, err: (err as Error).message, failures }, 'feed unavailable');
      }
      if (delay && this.running) await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
