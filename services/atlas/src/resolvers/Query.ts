import { encodeCursor, decodeCursor, pageSize, toConnection, type PageArgs } from '@cultura/service-kit';
import { FeedState } from '../entities';
import { actionWhere, actorWhere, type ActionFilterInput, type ActorFilterInput } from '../query/filters';
import { buildReport, type ReportDimension } from '../query/report';
import type { Ctx } from './context';

type ActionOrder = 'NEWEST_FIRST' | 'OLDEST_FIRST' | 'TITLE';

const ORDERS: Record<ActionOrder, { key: string; dir: 'ASC' | 'DESC'; cast: string; keyOf: (r: Row) => string }> = {
  NEWEST_FIRST: { key: 'a.sort_at', dir: 'DESC', cast: 'timestamptz', keyOf: (r) => new Date(r.sort_at).toISOString() },
  OLDEST_FIRST: { key: 'a.sort_at', dir: 'ASC', cast: 'timestamptz', keyOf: (r) => new Date(r.sort_at).toISOString() },
  TITLE: { key: 'a.sort_title', dir: 'ASC', cast: 'text', keyOf: (r) => r.sort_title },
};

interface Row {
  id: string;
  type_name: string;
  sort_at: string;
  sort_title: string;
  sort_name: string;
}

const reference = (r: Row) => ({ __typename: r.type_name, id: r.id });

export const QueryResolvers = {
  Query: {
    actions: async (_: unknown, args: PageArgs & { filter?: ActionFilterInput; orderBy?: ActionOrder }, ctx: Ctx) => {
      const order = ORDERS[args.orderBy ?? 'NEWEST_FIRST'];
      const where = actionWhere(args.filter);
      const limit = pageSize(args.first);
      const params = [...where.params];
      let keyset = '';
      if (args.after) {
        const [key, id] = decodeCursor(args.after);
        params.push(key, id);
        keyset = `AND (${order.key}, a.id) ${order.dir === 'ASC' ? '>' : '<'} ($${params.length - 1}::${order.cast}, $${params.length})`;
      }
      params.push(limit + 1);
      const rows: Row[] = limit === 0 ? [] : await ctx.dataSource.query(
        `SELECT a.id, a.type_name, a.sort_at, a.sort_title FROM indexed_action a WHERE ${where.sql} ${keyset}
         ORDER BY ${order.key} ${order.dir}, a.id ${order.dir} LIMIT $${params.length}`,
        params,
      );
      return toConnection(rows.map((r) => ({ ...reference(r), row: r })), limit, (n) => encodeCursor(order.keyOf(n.row), n.id), async () => {
        const [{ n }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM indexed_action a WHERE ${where.sql}`, where.params);
        return n;
      });
    },

    actors: async (_: unknown, args: PageArgs & { filter?: ActorFilterInput }, ctx: Ctx) => {
      const where = actorWhere(args.filter);
      const limit = pageSize(args.first);
      const params = [...where.params];
      let keyset = '';
      if (args.after) {
        const [key, id] = decodeCursor(args.after);
        params.push(key, id);
        keyset = `AND (a.sort_name, a.id) > ($${params.length - 1}::text, $${params.length})`;
      }
      params.push(limit + 1);
      const rows: Row[] = limit === 0 ? [] : await ctx.dataSource.query(
        `SELECT a.id, a.type_name, a.sort_name FROM indexed_actor a WHERE ${where.sql} ${keyset} ORDER BY a.sort_name, a.id LIMIT $${params.length}`,
        params,
      );
      return toConnection(rows.map((r) => ({ ...reference(r), row: r })), limit, (n) => encodeCursor(n.row.sort_name, n.id), async () => {
        const [{ n }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM indexed_actor a WHERE ${where.sql}`, where.params);
        return n;
      });
    },

    report: (_: unknown, args: { groupBy: ReportDimension[]; filter?: ActionFilterInput; includeSynthetic?: boolean }, ctx: Ctx) =>
      buildReport(ctx.dataSource, args.groupBy, args.filter, args.includeSynthetic ?? false),

    indexStatus: async (_: unknown, __: unknown, ctx: Ctx) => {
      const states = await ctx.dataSource.getRepository(FeedState).find({ order: { feed: 'ASC' } });
      const now = Date.now();
      return states.map((s) => ({
        feed: s.feed,
        cursor: s.cursor,
        pending: s.pending,
        lagSeconds: s.pending > 0 && s.oldestPendingAt ? Math.max(0, (now - s.oldestPendingAt.getTime()) / 1000) : 0,
        appliedChanges: Number(s.appliedChanges),
        lastPolledAt: s.lastPolledAt?.toISOString() ?? null,
        lastAppliedAt: s.lastAppliedAt?.toISOString() ?? null,
        lastError: s.lastError,
      }));
    },
  },

  Territory: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    crossProgram: async (t: { id: string }, _: unknown, ctx: Ctx) => {
      const byProgram = await ctx.loaders.crossProgram.load(t.id);
      return {
        actions: byProgram.reduce((n, p) => n + p.actions, 0),
        actors: byProgram.reduce((n, p) => n + p.actors, 0),
        byProgram,
      };
    },
  },
};
