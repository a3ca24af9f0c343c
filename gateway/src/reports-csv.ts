import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Request, Response } from 'express';
import type { ApolloServer } from '@apollo/server';
import type { Verifier } from '@cultura/auth';
import { assignRequestId } from '@cultura/service-kit';
import type { GatewayContext } from './server';

/** Canonical column order: whatever order `groupBy` is given in, the CSV's columns stay the same. */
const DIMENSION_COLUMNS: [dimension: string, columns: string[]][] = [
  ['COUNTRY', ['country_id', 'country_name']],
  ['FIRST_LEVEL', ['first_level_id', 'first_level_name']],
  ['REGION', ['region_id', 'region_name']],
  ['TERRITORY_LEVEL', ['territory_level']],
  ['TERRITORY', ['territory_id', 'territory_name']],
  ['PROGRAM', ['program']],
  ['KIND', ['kind']],
  ['DOMAIN', ['domain']],
  ['YEAR', ['year']],
];
const DIMENSIONS = DIMENSION_COLUMNS.map(([d]) => d);
const LIST_PARAMETERS = ['countries', 'within', 'programs', 'kinds', 'statuses', 'domains', 'origins'];
const PARAMETERS = ['groupBy', ...LIST_PARAMETERS, 'from', 'to', 'year', 'search', 'includeSynthetic'];
const REPORTED_COLUMNS = ['reported_label', 'reported_value', 'reported_qualifier', 'reported_unit', 'reported_scope', 'reported_source'];

/** The `report` query, kept among the project's operations so a gateway that runs only known operations still serves the CSV. */
const REPORT_QUERY = readFileSync(path.resolve(__dirname, '..', 'operations', 'csv-report.graphql'), 'utf8');

type Ref = { id: string; name: string | null } | null | undefined;
interface Sum {
  metric: string;
  value: number;
  qualifier: string;
  unit: string;
  currency: string | null;
}
interface Reported extends Sum {
  label: string | null;
  programWide: boolean;
  scope: { id: string; name: string | null }[];
  sourceText: string | null;
  provenance: { source: string | null; locator: string | null };
}
interface Row {
  country?: Ref;
  firstLevel?: Ref;
  region?: Ref;
  territoryLevel?: string | null;
  territory?: Ref;
  program?: string | null;
  kind?: string | null;
  domain?: string | null;
  year?: number | null;
  spans: { dimension: string; values: string[]; territories: { id: string; name: string | null }[] }[];
  unknown: string[];
  actions: number;
  figures: Sum[];
  reportedFigures: Reported[];
}
interface Report {
  rows: Row[];
  total: Row;
  partlyOutside: Row | null;
  undatedLeftOut: number;
  note: string;
}

/** A cell, quoted when needed; text that a spreadsheet would read as a formula is kept as text. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const slug = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

class BadRequest extends Error {}

function list(q: Request['query'], name: string): string[] | undefined {
  const raw = q[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw new BadRequest(`${name} must be given once, as a comma-separated list`);
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

function single(q: Request['query'], name: string): string | undefined {
  const raw = q[name];
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') throw new BadRequest(`${name} must be given once`);
  return raw;
}

/** Reads the query string, refusing what the report cannot take, with the accepted list. */
function parseParameters(q: Request['query']) {
  const unknown = Object.keys(q).filter((k) => !PARAMETERS.includes(k));
  if (unknown.length) {
    throw new BadRequest(
      `unknown parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}; accepted: ${PARAMETERS.join(', ')} (lists comma-separated)`,
    );
  }
  const groupBy = list(q, 'groupBy')?.map((d) => d.toUpperCase());
  if (!groupBy?.length) throw new BadRequest(`groupBy is required, e.g. ?groupBy=COUNTRY,PROGRAM; dimensions: ${DIMENSIONS.join(', ')}`);
  const badDimension = groupBy.find((d) => !DIMENSIONS.includes(d));
  if (badDimension) throw new BadRequest(`"${badDimension}" is not a dimension; dimensions: ${DIMENSIONS.join(', ')}`);
  const yearText = single(q, 'year');
  const year = yearText === undefined ? undefined : Number(yearText);
  if (year !== undefined && !(Number.isInteger(year) && /^\d{4}$/.test(yearText ?? '')))
    throw new BadRequest(`year must be a four-digit year, got "${yearText}"`);
  const synthetic = single(q, 'includeSynthetic');
  if (synthetic !== undefined && synthetic !== 'true' && synthetic !== 'false')
    throw new BadRequest(`includeSynthetic must be true or false, got "${synthetic}"`);
  const filter: Record<string, unknown> = { from: single(q, 'from'), to: single(q, 'to'), year, search: single(q, 'search') };
  for (const name of LIST_PARAMETERS) filter[name] = list(q, name);
  return { groupBy, filter, includeSynthetic: synthetic === 'true', year };
}

/** A column group per figure metric and unit or currency, named `<metric>[_<unit>]`, in a stable order. */
function figureGroups(report: Report): { key: string; name: string; money: boolean }[] {
  const all = [...report.rows, report.total, ...(report.partlyOutside ? [report.partlyOutside] : [])].flatMap((r) => r.figures);
  const keyOf = (f: Sum) => JSON.stringify([f.metric, f.unit, f.currency]);
  const seen = new Map<string, Sum>();
  for (const f of all) seen.set(keyOf(f), f);
  const sums = [...seen.values()].sort((a, b) => (a.metric + a.unit).localeCompare(b.metric + b.unit));
  return sums.map((f) => {
    const several = sums.filter((g) => g.metric === f.metric).length > 1;
    return {
      key: keyOf(f),
      name: `${f.metric.toLowerCase()}${several ? `_${slug(f.currency ?? f.unit)}` : ''}`,
      money: f.currency !== null,
    };
  });
}

const named = (r: Ref) => r?.name ?? '';
const spanText = (r: Row) =>
  r.spans
    .map(
      (s) =>
        `${s.dimension}: ${s.territories.length ? s.territories.map((t) => `${t.name ?? t.id} (${t.id})`).join(' + ') : s.values.join(' + ')}`,
    )
    .join('; ');

/**
 * `GET /reports.csv?groupBy=COUNTRY,PROGRAM&year=2026&programs=red-cultura,...`: the `report` query as a
 * CSV that opens right in a spreadsheet (UTF-8 with a BOM), run through the gateway itself so it sees
 * exactly what GraphQL clients see (territory names included). One line per group, then the total, the
 * part partly outside a territory filter, the program- and territory-level figures (one line each, in
 * their own columns: they are not additive) and the note. Filter parameters mirror
 * CrossProgramActionFilter; lists are comma-separated; an unknown or malformed parameter is a 400.
 */
export function reportsCsvHandler(server: ApolloServer<GatewayContext>, verifier: Verifier) {
  return async (req: Request, res: Response) => {
    let params: ReturnType<typeof parseParameters>;
    try {
      params = parseParameters(req.query);
    } catch (err) {
      if (!(err instanceof BadRequest)) throw err;
      res.status(400).type('text/plain').send(err.message);
      return;
    }
    let auth;
    try {
      auth = verifier(req.headers.authorization);
    } catch (err) {
      res
        .status(401)
        .type('text/plain')
        .send((err as Error).message);
      return;
    }
    const result = await server.executeOperation(
      { query: REPORT_QUERY, variables: { groupBy: params.groupBy, filter: params.filter, includeSynthetic: params.includeSynthetic } },
      { contextValue: { auth, requestId: assignRequestId(req, res) } },
    );
    if (result.body.kind !== 'single' || result.body.singleResult.errors?.length || !result.body.singleResult.data) {
      const errors = result.body.kind === 'single' ? result.body.singleResult.errors : undefined;
      const message = errors
        ?.map((e) => `${e.extensions?.code ?? 'ERROR'}${e.extensions?.field ? ` (${e.extensions.field})` : ''}: ${e.message}`)
        .join('\n');
      const code = (wanted: string) => errors?.some((e) => e.extensions?.code === wanted);
      res
        .status(
          code('INTERNAL_SERVER_ERROR')
            ? 500
            : code('SERVICE_UNAVAILABLE') || code('SUBGRAPH_UNAVAILABLE') || code('SUBGRAPH_TIMEOUT')
              ? 503
              : 400,
        )
        .type('text/plain')
        .send(message ?? 'the report could not be produced');
      return;
    }
    const report = (result.body.singleResult.data as { report: Report }).report;
    const dims = DIMENSION_COLUMNS.filter(([d]) => params.groupBy.includes(d));
    const groups = figureGroups(report);
    const header = [
      'row',
      ...dims.flatMap(([, cols]) => cols),
      'spans',
      'unknown',
      'actions',
      ...groups.flatMap((g) => [`${g.name}`, `${g.name}_qualifier`, g.money ? `${g.name}_currency` : `${g.name}_unit`]),
      ...REPORTED_COLUMNS,
      'note',
    ];
    const dimensionValues = (r: Row): Record<string, unknown> => ({
      country_id: r.country?.id,
      country_name: named(r.country),
      first_level_id: r.firstLevel?.id,
      first_level_name: named(r.firstLevel),
      region_id: r.region?.id,
      region_name: named(r.region),
      territory_level: r.territoryLevel,
      territory_id: r.territory?.id,
      territory_name: named(r.territory),
      program: r.program,
      kind: r.kind,
      domain: r.domain,
      year: r.year,
      spans: spanText(r),
      unknown: r.unknown.join(' + '),
    });
    const line = (values: Record<string, unknown>) => header.map((h) => cell(values[h])).join(',');
    const sumsLine = (kind: string, r: Row, dimensionsOf: Row | null) => {
      const values: Record<string, unknown> = { row: kind, ...(dimensionsOf ? dimensionValues(dimensionsOf) : {}), actions: r.actions };
      for (const f of r.figures) {
        const g = groups.find((x) => x.key === JSON.stringify([f.metric, f.unit, f.currency]))!;
        values[g.name] = f.value;
        values[`${g.name}_qualifier`] = f.qualifier;
        values[g.money ? `${g.name}_currency` : `${g.name}_unit`] = f.currency ?? f.unit;
      }
      return line(values);
    };
    const reportedLines = (kind: string, r: Row, dimensionsOf: Row | null) =>
      r.reportedFigures.map((f) =>
        line({
          row: kind,
          ...(dimensionsOf ? dimensionValues(dimensionsOf) : {}),
          reported_label: f.label,
          reported_value: f.value,
          reported_qualifier: f.qualifier,
          reported_unit: f.currency ?? f.unit,
          reported_scope: `${f.programWide ? 'whole program: ' : ''}${f.scope.map((t) => t.name ?? t.id).join(' + ')}`,
          reported_source: [f.provenance.source, f.provenance.locator].filter(Boolean).join(', '),
        }),
      );
    const notes = [report.note];
    if (report.undatedLeftOut) notes.push(`${report.undatedLeftOut} undated action(s) left out by the period filter.`);
    const lines = [
      header.join(','),
      ...report.rows.map((r) => sumsLine(r.spans.length ? 'spanning group' : 'group', r, r)),
      sumsLine('total', report.total, null),
      ...(report.partlyOutside ? [sumsLine('partly outside the filter', report.partlyOutside, null)] : []),
      ...report.rows.flatMap((r) => reportedLines('reported figure', r, r)),
      ...(report.partlyOutside ? reportedLines('reported figure, wider than the filter', report.partlyOutside, null) : []),
      line({ row: 'note', note: notes.join(' ') }),
    ];
    const name = [
      'cultura-report',
      ...params.groupBy.map((d) => d.toLowerCase().replace(/_/g, '-')),
      ...(params.year ? [String(params.year)] : []),
    ].join('_');
    // The BOM tells spreadsheets the file is UTF-8, so "Perú" does not open as "PerÃº".
    res.setHeader('content-disposition', `attachment; filename="${name}.csv"`);
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .send(`\uFEFF${lines.join('\r\n')}\r\n`);
  };
}
