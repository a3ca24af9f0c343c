import type { DataSource } from 'typeorm';
import type { Where } from '../query/filters';

export type ActionOrder = 'NEWEST_FIRST' | 'OLDEST_FIRST' | 'TITLE';

/**
 * How each order sorts: undated actions have no sort date and come last either way, so the sort key
 * puts them at the far end (`-infinity` newest first, `infinity` oldest first). Each key has its index.
 */
export const ORDERS: Record<ActionOrder, { key: string; dir: 'ASC' | 'DESC'; cast: string; keyType: 'text' | 'timestamp' }> = {
  NEWEST_FIRST: { key: `COALESCE(a.sort_at, '-infinity'::timestamptz)`, dir: 'DESC', cast: 'timestamptz', keyType: 'timestamp' },
  OLDEST_FIRST: { key: `COALESCE(a.sort_at, 'infinity'::timestamptz)`, dir: 'ASC', cast: 'timestamptz', keyType: 'timestamp' },
  TITLE: { key: 'a.sort_title', dir: 'ASC', cast: 'text', keyType: 'text' },
};

export interface ListedRow {
  id: string;
  type_name: string;
  sort_at?: Date | null;
  sort_title?: string;
  sort_name?: string;
}

/** The SQL of the unified listings: keyset pages and their counts. */
export class ListingStore {
  constructor(private readonly ds: DataSource) {}

  actionPage(where: Where, order: ActionOrder, limit: number, after: [string | number, string] | null): Promise<ListedRow[]> {
    const o = ORDERS[order];
    const params = [...where.params];
    let keyset = '';
    if (after) {
      params.push(after[0], after[1]);
      keyset = `AND (${o.key}, a.id) ${o.dir === 'ASC' ? '>' : '<'} ($${params.length - 1}::${o.cast}, $${params.length})`;
    }
    params.push(limit + 1);
    return this.ds.query(
      `SELECT a.id, a.type_name, a.sort_at, a.sort_title FROM indexed_action a WHERE ${where.sql} ${keyset}
       ORDER BY ${o.key} ${o.dir}, a.id ${o.dir} LIMIT $${params.length}`,
      params,
    );
  }

  async actionCount(where: Where): Promise<number> {
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM indexed_action a WHERE ${where.sql}`, where.params);
    return n;
  }

  actorPage(where: Where, limit: number, after: [string | number, string] | null): Promise<ListedRow[]> {
    const params = [...where.params];
    let keyset = '';
    if (after) {
      params.push(after[0], after[1]);
      keyset = `AND (a.sort_name, a.id) > ($${params.length - 1}::text, $${params.length})`;
    }
    params.push(limit + 1);
    return this.ds.query(
      `SELECT a.id, a.type_name, a.sort_name FROM indexed_actor a WHERE ${where.sql} ${keyset} ORDER BY a.sort_name, a.id LIMIT $${params.length}`,
      params,
    );
  }

  async actorCount(where: Where): Promise<number> {
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM indexed_actor a WHERE ${where.sql}`, where.params);
    return n;
  }

  /** The names of the indexed programs among `ids`, by id (a program not indexed yet is absent). */
  async programNames(ids: readonly string[]): Promise<Map<string, string>> {
    const rows: { id: string; name: string }[] = await this.ds.query(`SELECT id, name FROM indexed_program WHERE id = ANY($1::text[])`, [
      [...ids],
    ]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** Programs the index holds: with the feeds it follows, the ids filters may name. */
  async programIds(): Promise<string[]> {
    const rows: { id: string }[] = await this.ds.query(`SELECT id FROM indexed_program ORDER BY 1`);
    return rows.map((r) => r.id);
  }
}
