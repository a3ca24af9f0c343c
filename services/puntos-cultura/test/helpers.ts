import { signToken, startWithTerritories, type TestService } from '@cultura/testkit';
import { puntosCulturaService, puntosCulturaOptions } from '../src/index';
import { loadEnv } from '../src/env';

export const WRITE = signToken({ scopes: ['puntos-cultura:write'] });
export const PII = signToken({ scopes: ['pii:read'] });
export const WRITE_AND_PII = signToken({ scopes: ['puntos-cultura:write', 'pii:read'] });
export const OTHER_PROGRAM = signToken({ scopes: ['red-cultura:write', 'pii:read'] });

export interface Stack {
  territories: TestService;
  puntos: TestService;
  stop(): Promise<void>;
}

/**
 * The territories service (with Peru's official districts when `districts`) and this service pointed at
 * it through TERRITORIES_URL, each on its own throwaway database.
 */
export async function startStack(opts: { districts?: boolean; synthetic?: boolean; defaultData?: boolean } = {}): Promise<Stack> {
  const {
    territories,
    service: puntos,
    stop,
  } = await startWithTerritories(
    (territoriesUrl) =>
      puntosCulturaService(
        puntosCulturaOptions(loadEnv({ TERRITORIES_URL: territoriesUrl, LOAD_SYNTHETIC_DATA: opts.synthetic ? 'true' : 'false' })),
      ),
    { gazetteers: opts.districts ? ['PE'] : undefined, loadDefaultData: opts.defaultData ?? true },
  );
  return { territories, puntos, stop };
}

/** Rows in a table of this service's database. */
export async function count(svc: TestService, table: string, where = 'true'): Promise<number> {
  const [row] = await svc.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`);
  return row.n;
}

/** Everything a write could have touched: equal before and after a refused write means nothing was written. */
export async function snapshot(svc: TestService): Promise<Record<string, number>> {
  const tables = [
    'actor',
    'action',
    'participation',
    'reported_figure',
    'culture_point',
    'culture_point_status_change',
    'application',
    'resolution',
  ];
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(svc, t)] as const)));
}

/** ISO date `days` days before today (UTC). */
export function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

/** A complete, eligible application in Villa El Salvador (Lima), to adjust per test. */
export function applicationInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    organisationName: 'Colectivo Arte y Barrio',
    organisationForm: 'COLLECTIVE',
    nonProfit: true,
    continuousWorkSince: '2019-03-01',
    members: 8,
    districtId: 'PE:150142',
    areasOfWork: ['COMMUNITY_LIFE', 'VULNERABLE_POPULATIONS'],
    domains: ['PERFORMANCE_AND_CELEBRATION'],
    artisticExpressions: ['teatro', 'danza'],
    populationsServed: ['CHILDREN', 'YOUTHS'],
    communityWork: 'Weekly theatre and dance workshops for children in the neighbourhood.',
    evidence: [{ kind: 'ACTIVITY_REPORT', description: 'Activity report 2019–2024', date: '2024-12-15' }],
    contact: { name: 'Rosa Quispe', email: 'rosa@example.org', phone: '+51 999 111 222' },
    submittedOn: '2025-03-01',
    ...overrides,
  };
}

export const SUBMIT = `mutation Submit($input: SubmitCulturePointApplicationInput!) {
  submitCulturePointApplication(input: $input) {
    id status organisationName submittedOn members continuousWorkSince
    district { id }
    eligibility { eligible asOf unmet { rule explanation } rules { rule met explanation } }
  }
}`;

export const DECIDE = `mutation Decide($input: DecideCulturePointApplicationInput!) {
  decideCulturePointApplication(input: $input) {
    id status
    resolution { number date kind reasons }
    culturePoint { id name status district { id } recognitionHistory { status date resolutionNumber } recognition { id resolutionNumber resolutionDate } }
  }
}`;
