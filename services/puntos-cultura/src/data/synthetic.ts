import type { CulturalDomain, PeriodInput } from '@cultura/vocabulary';
import { seededRandom } from '@cultura/service-kit';
import { AREAS_OF_WORK, ORGANISATION_FORMS, POPULATIONS } from '../domain';
import { culturePointId, type NewCulturePoint } from '../registry';
import { DOMAIN_MAPPING } from './facts';

/**
 * A demo registry whose distribution matches the reported figures: 169 points in 22 regions, 85 of them
 * in Lima Metropolitana and Callao (one reading of the source's "Lima and Callao", inside the figure's
 * scope: the department of Lima and Callao) and 84 in 20 other departments. Every record is marked
 * SYNTHETIC and named as such; the same seed always gives the same registry, so reloading adds nothing.
 * Recognitions are dated as sources date them: mostly to the day, some to the month or the year, a few
 * undated, so reports by year have material and undated records are seen to be handled.
 *
 * Districts are real INEI ubigeo codes, checked against the official gazetteer
 * (shared/data/gazetteers/pe/ubigeo_distrito.csv) by this service's tests.
 */
export const SYNTHETIC_SOURCE = 'synthetic demo registry (matches the distribution of seed 002’s figures)';
const SEED = 0x5eed_0002;
/**
 * The recognition dates come from a stream of their own: drawing them from the registry's stream would
 * move every later point to another district, and databases loaded before the dates existed would get a
 * second registry instead of their recognitions.
 */
const DATES_SEED = 0x5eed_da7e;

/** The 44 districts of the province of Lima (Lima Metropolitana). */
const LIMA_DISTRICTS = Array.from({ length: 44 }, (_, i) => `PE:1501${String(i + 1).padStart(2, '0')}`);
/** The 7 districts of Callao. */
const CALLAO_DISTRICTS = Array.from({ length: 7 }, (_, i) => `PE:0701${String(i + 1).padStart(2, '0')}`);

/** Twenty other departments, three districts of each one's first province (the capital's). */
const OTHER_REGIONS: Record<string, string[]> = {
  '01': ['010101', '010102', '010103'],
  '02': ['020101', '020102', '020103'],
  '03': ['030101', '030102', '030103'],
  '04': ['040101', '040102', '040103'],
  '05': ['050101', '050102', '050103'],
  '06': ['060101', '060102', '060103'],
  '08': ['080101', '080102', '080103'],
  '09': ['090101', '090102', '090103'],
  '10': ['100101', '100102', '100103'],
  '11': ['110101', '110102', '110103'],
  '12': ['120101', '120104', '120105'],
  '13': ['130101', '130102', '130103'],
  '14': ['140101', '140102', '140103'],
  '16': ['160101', '160102', '160103'],
  '17': ['170101', '170102', '170103'],
  '20': ['200101', '200104', '200105'],
  '21': ['210101', '210102', '210103'],
  '22': ['220101', '220102', '220103'],
  '23': ['230101', '230102', '230103'],
  '25': ['250101', '250102', '250103'],
};

export const SYNTHETIC_TOTALS = { points: 169, regions: 22, limaAndCallao: 85, otherRegions: 84 } as const;

/** Every district the demo registry may use (for the test that checks them against the gazetteer). */
export const SYNTHETIC_DISTRICTS: string[] = [
  ...LIMA_DISTRICTS,
  ...CALLAO_DISTRICTS,
  ...Object.values(OTHER_REGIONS).flatMap((codes) => codes.map((c) => `PE:${c}`)),
];

/**
 * `total` districts drawn from `groups` so that every group (region) gets at least one: one per group
 * first, then the rest anywhere.
 */
function spread(random: () => number, groups: string[][], total: number): string[] {
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const all = groups.flat();
  return [...groups.map((g) => pick(g)), ...Array.from({ length: total - groups.length }, () => pick(all))];
}

const EXPRESSIONS: Partial<Record<CulturalDomain, string[]>> = {
  AUDIOVISUAL_AND_INTERACTIVE_MEDIA: ['cine comunitario', 'video', 'fotografía'],
  PERFORMANCE_AND_CELEBRATION: ['teatro', 'danza', 'música', 'circo'],
  VISUAL_ARTS_AND_CRAFTS: ['muralismo', 'artes plásticas', 'artesanía'],
};

function subset<T>(random: () => number, items: readonly T[], min: number, max: number): T[] {
  const n = min + Math.floor(random() * (max - min + 1));
  const pool = [...items];
  const out: T[] = [];
  while (out.length < n && pool.length) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
  return items.filter((i) => out.includes(i));
}

/** Shares of the recognitions dated to the day, the month, the year; the rest are undated. */
const PRECISION_SHARES = { DAY: 0.6, MONTH: 0.2, YEAR: 0.12 } as const;
const FIRST_RECOGNITION_YEAR = 2012;
const LAST_RECOGNITION_YEAR = 2024;

/**
 * A recognition period of varied precision, never before the organisation's second year of work (the
 * law's two years of continuous work) nor after the demo's last year.
 */
function recognitionPeriod(random: () => number, foundingYear: number): PeriodInput {
  const draw = random();
  const first = Math.max(FIRST_RECOGNITION_YEAR, foundingYear + 2);
  const year = first + Math.floor(random() * (LAST_RECOGNITION_YEAR - first + 1));
  const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
  if (draw < PRECISION_SHARES.DAY) return { start: `${year}-${month}-${day}`, end: `${year}-${month}-${day}` };
  if (draw < PRECISION_SHARES.DAY + PRECISION_SHARES.MONTH) return { start: `${year}-${month}-01`, precision: 'MONTH' };
  if (draw < PRECISION_SHARES.DAY + PRECISION_SHARES.MONTH + PRECISION_SHARES.YEAR) return { year };
  return { precision: 'UNDATED' };
}

/** The demo registry, always the same. */
export function syntheticRegistry(): { id: string; point: NewCulturePoint }[] {
  const random = seededRandom(SEED);
  const dates = seededRandom(DATES_SEED);
  const districts = [
    ...spread(random, [LIMA_DISTRICTS, CALLAO_DISTRICTS], SYNTHETIC_TOTALS.limaAndCallao),
    ...spread(
      random,
      Object.values(OTHER_REGIONS).map((codes) => codes.map((c) => `PE:${c}`)),
      SYNTHETIC_TOTALS.otherRegions,
    ),
  ];
  const seedDomains = DOMAIN_MAPPING.map((d) => d.domain);
  return districts.map((districtId, i) => {
    const name = `Synthetic culture point ${String(i + 1).padStart(3, '0')}`;
    const domains = subset(random, seedDomains, 1, 2);
    const foundingYear = 1995 + Math.floor(random() * 20);
    const point: NewCulturePoint = {
      name,
      districtId,
      organisationForm: ORGANISATION_FORMS[Math.floor(random() * 4)],
      legalPersonality: random() < 0.5,
      taxId: null,
      foundedOn: null,
      foundingYear,
      members: 2 + Math.floor(random() * 39),
      areasOfWork: subset(random, AREAS_OF_WORK, 1, 3),
      populations: subset(random, POPULATIONS, 1, 2),
      artisticExpressions: domains.flatMap((d) => subset(random, EXPRESSIONS[d] ?? [], 1, 2)),
      activities: null,
      networkMember: true,
      domains,
      // The demo invents no resolution numbers; its recognition dates are synthetic like the rest.
      recognition: { date: null, period: recognitionPeriod(dates, foundingYear), resolutionNumber: null, applicationId: null },
      origin: 'SYNTHETIC',
      source: SYNTHETIC_SOURCE,
      locator: `synthetic #${i + 1}`,
    };
    return { id: culturePointId(districtId, name), point };
  });
}
