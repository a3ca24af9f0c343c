import type { Request, Response } from 'express';
import type { ApolloServer } from '@apollo/server';
import type { Verifier } from '@cultura/auth';
import type { GatewayContext } from './server';

/** Canonical column order: whatever order `groupBy` is given in, the CSV's columns stay the same. */
const DIMENSION_COLUMNS: [dimension: string, columns: string[]][] = [
  ['COUNTRY', ['country_id', 'country_name']],
  ['FIRST_LEVEL', ['first_level_id', 'first_level_name']],
  ['TERRITORY_LEVEL', ['territory_level']],
  ['TERRITORY', ['territory_id', 'territory_name']],
  ['PROGRAM', ['program']],
  ['KIND', ['kind']],
  ['DOMAIN', ['domain']],
  ['YEAR', ['year']],
];
const VALUE_COLUMNS = ['actions', 'participants', 'participants_qualifier', 'participants_unit'];

const REPORT_QUERY = `query CsvReport($groupBy: [ReportDimension!]!, $filter: CrossProgramActionFilter, $includeSynthetic: Boolean) {
  report(groupBy: $groupBy, filter: $filter, includeSynthetic: $includeSynthetic) {
    rows {
      country { id name } firstLevel { id name } territoryLevel territory { id name }
      program kind domain year actions participants { value qualifier unit }
    }
  }
}`;

interface Row {
  country?: { id: string; name: string | null } | null;
  firstLevel?: { id: string; name: string | null } | null;
  territoryLevel?: string | null;
  territory?: { id: string; name: string | null } | null;
  program?: string | null;
  kind?: string | null;
  domain?: string | null;
  year?: number | null;
  actions: number;
  participants?: { value: number; qualifier: string; unit: string } | null;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const list = (value: unknown): string[] | undefined =>
  typeof value === 'string' && value.trim() ? value.split(',').map((s) => s.trim()).filter(Boolean) : undefined;

/**
 * `GET /reports.csv?groupBy=COUNTRY,PROGRAM&year=2026&programs=red-cultura,...`: the `report` query as CSV,
 * run through the gateway itself so it sees exactly what GraphQL clients see (territory names included).
 * Filter parameters mirror CrossProgramActionFilter; lists are comma-separated.
 */
export function reportsCsvHandler(server: ApolloServer<GatewayContext>, verifier: Verifier) {
  return async (req: Request, res: Response) => {
    const q = req.query;
    const groupBy = list(q.groupBy)?.map((d) => d.toUpperCase());
    if (!groupBy?.length) {
      res.status(400).type('text/plain').send('groupBy is required, e.g. ?groupBy=COUNTRY,PROGRAM');
      return;
    }
    const year = typeof q.year === 'string' && q.year !== '' ? Number(q.year) : undefined;
    if (year !== undefined && !Number.isInteger(year)) {
      res.status(400).type('text/plain').send(`year must be an integer, got "${q.year}"`);
      return;
    }
    const filter = {
      countries: list(q.countries),
      within: list(q.within),
      programs: list(q.programs),
      kinds: list(q.kinds),
      statuses: list(q.statuses),
      domains: list(q.domains),
      origins: list(q.origins),
      from: typeof q.from === 'string' ? q.from : undefined,
      to: typeof q.to === 'string' ? q.to : undefined,
      year,
    };
    let auth;
    try {
      auth = verifier(req.headers.authorization);
    } catch (err) {
      res.status(401).type('text/plain').send((err as Error).message);
      return;
    }
    const result = await server.executeOperation(
      { query: REPORT_QUERY, variables: { groupBy, filter, includeSynthetic: q.includeSynthetic === 'true' } },
      { contextValue: { auth } },
    );
    if (result.body.kind !== 'single' || result.body.singleResult.errors?.length || !result.body.singleResult.data) {
      const errors = result.body.kind === 'single' ? result.body.singleResult.errors : undefined;
      const message = errors?.map((e) => `${e.extensions?.code ?? 'ERROR'}${e.extensions?.field ? ` (${e.extensions.field})` : ''}: ${e.message}`).join('\n');
      res.status(400).type('text/plain').send(message ?? 'the report could not be produced');
      return;
    }
    const rows = (result.body.singleResult.data as { report: { rows: Row[] } }).report.rows;
    const dims = DIMENSION_COLUMNS.filter(([d]) => groupBy.includes(d));
    const header = [...dims.flatMap(([, cols]) => cols), ...VALUE_COLUMNS];
    const values = (r: Row): Record<string, unknown> => ({
      country_id: r.country?.id,
      country_name: r.country?.name,
      first_level_id: r.firstLevel?.id,
      first_level_name: r.firstLevel?.name,
      territory_level: r.territoryLevel,
      territory_id: r.territory?.id,
      territory_name: r.territory?.name,
      program: r.program,
      kind: r.kind,
      domain: r.domain,
      year: r.year,
      actions: r.actions,
      participants: r.participants?.value,
      participants_qualifier: r.participants?.qualifier,
      participants_unit: r.participants?.unit,
    });
    const lines = [header.join(','), ...rows.map((r) => header.map((h) => cell(values(r)[h])).join(','))];
    res.status(200).type('text/csv; charset=utf-8').setHeader('content-disposition', 'attachment; filename="report.csv"');
    res.send(`${lines.join('\r\n')}\r\n`);
  };
}
