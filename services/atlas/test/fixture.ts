import type { ActionSnapshot, Change, FigureSnapshot, ProgramSnapshot } from '@cultura/vocabulary';
import type { FeedChange } from '../src/feed/apply';

/**
 * A small, hand-made index: two programs, six actions and four program figures, chosen so that every
 * report below can be worked out by hand (the expected values in the tests are written, not computed).
 */
let cursor = 1000;
const next = () => `${++cursor}.1`;
let figureId = 0;

export function figure(
  f: Partial<FigureSnapshot> & Pick<FigureSnapshot, 'metric' | 'value' | 'qualifier' | 'unit'>,
  program = 'prog-a',
): FigureSnapshot {
  return {
    id: `${program}:figure:${++figureId}`,
    currency: null,
    label: null,
    scopeTerritoryIds: null,
    period: { start: null, end: null, year: null, precision: 'UNDATED', text: null },
    year: null,
    sourceText: null,
    origin: 'SOURCE_DOCUMENT',
    source: 'fixture',
    locator: null,
    ...f,
  };
}

export function action(a: Partial<ActionSnapshot> & Pick<ActionSnapshot, 'id' | 'programId' | 'territoryIds'>): FeedChange {
  const start = a.periodStart ?? null;
  const snapshot: ActionSnapshot = {
    typeName: 'Workshop',
    kind: 'WORKSHOP',
    lineCode: null,
    title: a.id,
    status: 'COMPLETED',
    periodStart: start,
    periodEnd: null,
    periodYear: start ? Number(start.slice(0, 4)) : null,
    periodPrecision: start ? 'DAY' : 'UNDATED',
    periodText: null,
    sortAt: start ? `${start}T00:00:00.000Z` : null,
    domains: [],
    origin: 'SOURCE_DOCUMENT',
    actorIds: [],
    figures: [],
    ...a,
  };
  const change: Change = { cursor: next(), entity: 'action', id: snapshot.id, changedAt: new Date().toISOString(), snapshot };
  return { feed: snapshot.programId, change };
}

export function program(p: ProgramSnapshot): FeedChange {
  return { feed: p.id, change: { cursor: next(), entity: 'program', id: p.id, changedAt: new Date().toISOString(), snapshot: p } };
}

export function deletion(entity: 'action' | 'program', id: string, feed: string): FeedChange {
  return { feed, change: { cursor: next(), entity, id, changedAt: new Date().toISOString(), snapshot: null } };
}

const people = (value: number, qualifier: string) => figure({ metric: 'PARTICIPANTS', value, qualifier, unit: 'people' });
const servants = (value: number, qualifier: string) =>
  figure({ metric: 'PARTICIPANTS', value, qualifier, unit: 'public servants' }, 'prog-b');

export const FIXTURE: FeedChange[] = [
  program({
    id: 'prog-a',
    name: 'Program A (Chile)',
    countryId: 'CL',
    origin: 'SOURCE_DOCUMENT',
    figures: [
      figure({
        metric: 'ACTIONS',
        value: 4,
        qualifier: 'EXACT',
        unit: 'plans',
        label: 'Plans under way',
        scopeTerritoryIds: ['CL:01107', 'CL:01401'],
      }),
    ],
  }),
  program({
    id: 'prog-b',
    name: 'Program B (Peru)',
    countryId: 'PE',
    origin: 'SOURCE_DOCUMENT',
    figures: [
      figure({ metric: 'ORGANISATIONS', value: 169, qualifier: 'EXACT', unit: 'points', label: 'Points' }, 'prog-b'),
      figure(
        {
          metric: 'ORGANISATIONS',
          value: 85,
          qualifier: 'EXACT',
          unit: 'points',
          label: 'Points in Lima and Callao',
          scopeTerritoryIds: ['PE:15', 'PE:07'],
        },
        'prog-b',
      ),
      figure(
        { metric: 'BUDGET', value: 125000, qualifier: 'APPROXIMATELY', unit: 'USD', currency: 'USD', label: 'Budget per year' },
        'prog-b',
      ),
    ],
  }),
  action({
    id: 'a1',
    programId: 'prog-a',
    territoryIds: ['CL:01107'],
    periodStart: '2024-03-01',
    domains: ['PERFORMANCE_AND_CELEBRATION'],
    figures: [people(10, 'EXACT')],
  }),
  action({ id: 'a2', programId: 'prog-a', territoryIds: ['CL:01101'], periodStart: '2024-05-01', figures: [people(20, 'MORE_THAN')] }),
  action({
    id: 'a3',
    programId: 'prog-a',
    kind: 'TRAINING',
    territoryIds: ['CL:01107', 'CL:05'],
    periodStart: null,
    periodYear: 2025,
    periodPrecision: 'YEAR',
    sortAt: '2025-01-01T00:00:00.000Z',
    domains: ['EDUCATION_AND_TRAINING', 'PERFORMANCE_AND_CELEBRATION'],
    figures: [people(30, 'APPROXIMATELY'), figure({ metric: 'BUDGET', value: 1000, qualifier: 'EXACT', unit: 'CLP', currency: 'CLP' })],
  }),
  // A workshop over three departments, undated: "more than 60" belongs to all three together.
  action({ id: 'b1', programId: 'prog-b', territoryIds: ['PE:01', 'PE:LMA', 'PE:07'], figures: [servants(60, 'MORE_THAN')] }),
  // November 2024 to February 2025: it spans two years.
  action({
    id: 'b2',
    programId: 'prog-b',
    territoryIds: ['PE:150101'],
    periodStart: '2024-11-01',
    periodEnd: '2025-02-28',
    domains: ['EDUCATION_AND_TRAINING'],
    figures: [servants(5, 'EXACT')],
  }),
  action({
    id: 's1',
    programId: 'prog-a',
    origin: 'SYNTHETIC',
    territoryIds: ['CL:01107'],
    periodStart: '2024-07-01',
    figures: [people(100, 'EXACT')],
  }),
];
