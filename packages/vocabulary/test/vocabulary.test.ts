import { parse } from 'graphql';
import { readSchema } from '@cultura/service-kit';
import {
  ACTION_KINDS,
  ACTOR_KINDS,
  CULTURAL_DOMAINS,
  FIGURE_QUALIFIERS,
  VOCABULARY_SCHEMA_FILE,
  describeFigure,
  PERIOD_PRECISIONS,
  firstLevelOf,
  isRegionalArea,
  parseIsoDate,
  periodYears,
  qualifierOfSum,
  regionalAreaOf,
  territoryAncestors,
  territoryLevelOf,
  territoryLineage,
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
    // As INEI counts them: the province of Lima is department 15's.
    ['PE:15', ['PE']],
    ['PE:1501', ['PE', 'PE:15']],
    ['PE:150132', ['PE', 'PE:15', 'PE:1501']],
    ['PE:1502', ['PE', 'PE:15']],
    ['PE:080101', ['PE', 'PE:08', 'PE:0801']],
    // The regional-government areas lie inside department 15.
    ['PE:LMA', ['PE', 'PE:15']],
    ['PE:LIM', ['PE', 'PE:15']],
  ])('%s sits under %j', (id, ancestors) => {
    expect(territoryAncestors(id)).toEqual(ancestors);
  });

  it.each(['AR', 'CL:1', 'CL:0110', 'PE:ABC', 'CL:01107:No Slug', 'Pica', 'CL:LMA', 'PE:LMA:barrio', 'PE:1501234'])('rejects %s', (id) => {
    expect(territoryAncestors(id)).toBeNull();
    expect(territoryLevelOf(id)).toBeNull();
  });

  it.each([
    // "within PE:LMA" finds the districts of the province of Lima, "within PE:15" Lima Metropolitana itself.
    ['PE:150132', ['PE', 'PE:15', 'PE:1501', 'PE:LMA', 'PE:150132']],
    ['PE:150132:san-cosme', ['PE', 'PE:15', 'PE:1501', 'PE:150132', 'PE:LMA', 'PE:150132:san-cosme']],
    ['PE:1502', ['PE', 'PE:15', 'PE:LIM', 'PE:1502']],
    ['PE:150201', ['PE', 'PE:15', 'PE:1502', 'PE:LIM', 'PE:150201']],
    ['PE:LMA', ['PE', 'PE:15', 'PE:LMA']],
    ['PE:15', ['PE', 'PE:15']],
    ['PE:07', ['PE', 'PE:07']],
    ['CL:01107', ['CL', 'CL:01', 'CL:011', 'CL:01107']],
  ])('%s is within %j', (id, lineage) => {
    expect(territoryLineage(id)).toEqual(lineage);
  });

  it.each([
    ['PE:150132', 'PE:15', 'PE:LMA'],
    ['PE:LMA', 'PE:15', 'PE:LMA'],
    ['PE:150905', 'PE:15', 'PE:LIM'],
    // Department 15 as a whole spans two regional governments; a country spans every unit.
    ['PE:15', 'PE:15', 'PE:15'],
    ['PE', 'PE', 'PE'],
    ['PE:070101', 'PE:07', 'PE:07'],
    ['CL:01401:la-tirana', 'CL:01', 'CL:01'],
  ])('%s: first level %s, regional-government area %s', (id, first, area) => {
    expect(firstLevelOf(id)).toBe(first);
    expect(regionalAreaOf(id)).toBe(area);
  });

  it('counts 25 departments of Peru in the first level and 26 regional-government areas', () => {
    const departments = Array.from({ length: 25 }, (_, i) => `PE:${String(i + 1).padStart(2, '0')}`);
    expect(departments.filter((d) => territoryLevelOf(d) === 'FIRST_LEVEL')).toHaveLength(25);
    expect([...departments, 'PE:LMA', 'PE:LIM'].filter(isRegionalArea)).toHaveLength(26);
    expect(isRegionalArea('PE:15')).toBe(false);
    expect(isRegionalArea('CL:01')).toBe(true);
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
    expect(validatePeriod({ start: '2026-05-01' }, 'p')).toEqual({
      start: '2026-05-01',
      end: null,
      year: 2026,
      precision: 'DAY',
      text: null,
    });
    expect(() => validatePeriod({ year: 1200 }, 'p')).toThrow(/p.year/);
  });

  it('refuses a year the dates contradict, with or without an end', () => {
    expect(() => validatePeriod({ start: '2024-03-01', year: 2025 }, 'p')).toThrow('p.year 2025 does not match p.start 2024-03-01');
    expect(() => validatePeriod({ start: '2024-03-01', end: '2025-02-01', year: 2026 }, 'p')).toThrow(
      'p.year 2026 does not match p.start 2024-03-01',
    );
    expect(() => validatePeriod({ start: '2024-03-01', end: '2025-02-01', year: 2025 }, 'p')).toThrow(/p.year 2025 does not match/);
    expect(validatePeriod({ start: '2024-03-01', end: '2025-02-01', year: 2024 }, 'p')).toMatchObject({ year: 2024, end: '2025-02-01' });
    expect(() => validatePeriod({ year: 2025, end: '2024-12-31' }, 'p')).toThrow('p.end 2024-12-31 is before p.year 2025');
    expect(validatePeriod({ year: 2025, end: '2025-06-30' }, 'p')).toMatchObject({ year: 2025, end: '2025-06-30', precision: 'YEAR' });
  });

  it('says how precise a period is, and never guesses one the source does not give', () => {
    expect(validatePeriod({ text: 'fecha no indicada en la fuente' }, 'p')).toEqual({
      start: null,
      end: null,
      year: null,
      precision: 'UNDATED',
      text: 'fecha no indicada en la fuente',
    });
    expect(validatePeriod(null, 'p').precision).toBe('UNDATED');
    expect(validatePeriod({ year: 2021 }, 'p')).toMatchObject({ year: 2021, precision: 'YEAR', start: null });
    expect(validatePeriod({ start: '2026-02-01', precision: 'MONTH' }, 'p')).toMatchObject({
      start: '2026-02-01',
      end: '2026-02-28',
      year: 2026,
      precision: 'MONTH',
    });
    expect(() => validatePeriod({ start: '2026-02-03', precision: 'MONTH' }, 'p')).toThrow(/p.start must be the first day/);
    expect(() => validatePeriod({ precision: 'YEAR' }, 'p')).toThrow(/p.precision YEAR needs a year/);
    expect(() => validatePeriod({ year: 2020, precision: 'UNDATED' }, 'p')).toThrow(/p.precision is UNDATED/);
    expect(() => validatePeriod({ end: '2026-01-01' }, 'p')).toThrow(/p.end needs a start or a year/);
  });

  it('gives the years a period covers', () => {
    expect(periodYears({ start: '2024-11-01', end: '2025-02-28', year: 2024 })).toEqual([2024, 2025]);
    expect(periodYears({ start: null, end: null, year: 2021 })).toEqual([2021, 2021]);
    expect(periodYears({ start: null, end: null, year: null })).toBeNull();
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
    ['PeriodPrecision', PERIOD_PRECISIONS],
  ])('%s has the same values in both', (name, values) => {
    expect(enumValues(name)).toEqual([...values]);
  });
});
