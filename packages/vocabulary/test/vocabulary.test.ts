import { parse } from 'graphql';
import { readSchema } from '@cultura/service-kit';
import {
  ACTION_KINDS,
  ACTOR_KINDS,
  CULTURAL_DOMAINS,
  FIGURE_QUALIFIERS,
  VOCABULARY_SCHEMA_FILE,
  describeFigure,
  parseIsoDate,
  qualifierOfSum,
  territoryAncestors,
  validatePeriod,
} from '../src';

describe('qualifiers of summed figures stay honest', () => {
  it.each([
    [['EXACT', 'EXACT'], 'EXACT'],
    [['MORE_THAN', 'EXACT'], 'MORE_THAN'],
    [['AT_LEAST', 'EXACT'], 'AT_LEAST'],
    [['AT_LEAST', 'MORE_THAN'], 'MORE_THAN'],
    [['APPROXIMATELY', 'MORE_THAN'], 'APPROXIMATELY'],
    [['LESS_THAN', 'EXACT'], 'LESS_THAN'],
    [['MORE_THAN', 'LESS_THAN'], 'APPROXIMATELY'],
    [[], 'EXACT'],
  ] as const)('%j sums to %s', (qualifiers, expected) => {
    expect(qualifierOfSum(qualifiers)).toBe(expected);
  });

  it('never writes "more than 60" as 60', () => {
    expect(describeFigure({ value: 60, qualifier: 'MORE_THAN', unit: 'public servants' })).toBe('more than 60 public servants');
    expect(describeFigure({ value: 125000, qualifier: 'APPROXIMATELY', unit: 'USD', currency: 'USD' })).toBe('approximately USD 125,000');
  });
});

describe('territory ancestry from official-code ids', () => {
  it.each([
    ['CL', []],
    ['CL:01', ['CL']],
    ['CL:011', ['CL', 'CL:01']],
    ['CL:01107', ['CL', 'CL:01', 'CL:011']],
    ['CL:01401:la-tirana', ['CL', 'CL:01', 'CL:014', 'CL:01401']],
    ['PE:15', ['PE']],
    ['PE:LMA', ['PE']],
    ['PE:1501', ['PE', 'PE:LMA']],
    ['PE:150132', ['PE', 'PE:LMA', 'PE:1501']],
    ['PE:1502', ['PE', 'PE:15']],
    ['PE:080101', ['PE', 'PE:08', 'PE:0801']],
  ])('%s sits under %j', (id, ancestors) => {
    expect(territoryAncestors(id)).toEqual(ancestors);
  });

  it.each(['AR', 'CL:1', 'CL:0110', 'PE:ABC', 'CL:01107:No Slug', 'Pica'])('rejects %s', (id) => {
    expect(territoryAncestors(id)).toBeNull();
  });
});

describe('periods and dates', () => {
  it('refuses impossible dates with the field named', () => {
    expect(parseIsoDate('2024-02-29', 'd')).toBe('2024-02-29');
    expect(() => parseIsoDate('2026-02-29', 'input.date')).toThrow(/input.date must be a real date/);
    expect(() => parseIsoDate('29/02/2024', 'input.date')).toThrow(/YYYY-MM-DD/);
  });

  it('refuses a start after the end and derives the year from the start', () => {
    expect(() => validatePeriod({ start: '2026-05-01', end: '2026-04-30' }, 'p')).toThrow(/p.start \(2026-05-01\) is after p.end/);
    expect(validatePeriod({ start: '2026-05-01' }, 'p')).toEqual({ start: '2026-05-01', end: null, year: 2026, text: null });
    expect(() => validatePeriod({ year: 1200 }, 'p')).toThrow(/p.year/);
  });
});

describe('the shared SDL and the TypeScript vocabulary agree', () => {
  const doc = parse(readSchema(VOCABULARY_SCHEMA_FILE));
  const enumValues = (name: string) => {
    const def = doc.definitions.find((d) => d.kind === 'EnumTypeDefinition' && d.name.value === name);
    return def && def.kind === 'EnumTypeDefinition' ? def.values?.map((v) => v.name.value) : undefined;
  };
  it.each([
    ['CulturalDomain', CULTURAL_DOMAINS],
    ['ActionKind', ACTION_KINDS],
    ['ActorKind', ACTOR_KINDS],
    ['FigureQualifier', FIGURE_QUALIFIERS],
  ])('%s has the same values in both', (name, values) => {
    expect(enumValues(name)).toEqual([...values]);
  });
});
