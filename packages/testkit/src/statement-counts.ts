import type { QueryCounter } from '@cultura/db';
import type { GraphQLTestClient, RequestOptions } from './graphql';

/**
 * One list relation, measured by the same hand-written query at two list sizes. A relation that is
 * batched costs the same statements whatever the number of parents; one fetched per parent costs more
 * for the larger list, and the test fails on the first lost batch.
 */
export interface ListRelation {
  /** What is measured, as `Type.field` (`MunicipalCulturePlan.stageHistory`), or the root list. */
  relation: string;
  query: string;
  small: Record<string, unknown>;
  large: Record<string, unknown>;
  /** How many parents an answer holds (those whose relation the query asks for). */
  parents: (data: any) => number;
  /** Token and such, for relations behind a scope. */
  options?: RequestOptions;
}

export interface StatementCount {
  relation: string;
  small: { parents: number; statements: number };
  large: { parents: number; statements: number };
}

/**
 * Runs a relation's query at both sizes and fails unless the larger list holds more parents and costs
 * exactly as many statements. The message names the relation and the statements the larger list sent.
 */
export async function expectConstantStatements(
  service: { client: GraphQLTestClient; queries: QueryCounter },
  r: ListRelation,
): Promise<StatementCount> {
  const run = (variables: Record<string, unknown>) => service.queries.measure(() => service.client.data(r.query, variables, r.options));
  const small = await run(r.small);
  const large = await run(r.large);
  const count: StatementCount = {
    relation: r.relation,
    small: { parents: r.parents(small.result), statements: small.statements },
    large: { parents: r.parents(large.result), statements: large.statements },
  };
  if (process.env.STATEMENT_COUNTS) console.log(JSON.stringify(count));
  if (count.small.parents < 1 || count.large.parents <= count.small.parents) {
    throw new Error(
      `${r.relation}: the lists must hold at least one parent and the larger more (${count.small.parents} and ${count.large.parents} parents)`,
    );
  }
  if (count.small.statements < 1 || count.large.statements !== count.small.statements) {
    throw new Error(
      `${r.relation}: ${count.large.statements} statements for ${count.large.parents} parents but ${count.small.statements} for ${count.small.parents}` +
        ` (a relation fetched per parent instead of in one batch). The larger list sent:\n  ${large.sql.map((s) => s.replace(/\s+/g, ' ').slice(0, 160)).join('\n  ')}`,
    );
  }
  return count;
}
