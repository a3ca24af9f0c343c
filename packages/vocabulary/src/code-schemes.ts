import { askTerritories } from './territories-client';

/** The three levels of a country's official tree, each coded by a prefix of the next one's code. */
export type TreeLevel = 'FIRST_LEVEL' | 'SECOND_LEVEL' | 'THIRD_LEVEL';

export const TREE_LEVELS: readonly TreeLevel[] = ['FIRST_LEVEL', 'SECOND_LEVEL', 'THIRD_LEVEL'];

/**
 * How a country codes its official tree: every level's code starts with its parent's, so the code alone
 * says a unit's level and ancestors (Chile's CUT: región 2 digits, provincia 3, comuna 5).
 */
export interface CountryCodeScheme {
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** The code system's name: `CUT`, `UBIGEO_INEI`, `DIVIPOLA`… */
  scheme: string;
  /** Digits of each level's code, from the first level down (one to three levels). */
  levels: readonly { level: TreeLevel; codeLength: number }[];
}

/**
 * The schemes built into every service: the programs' two countries. Others are registered in the
 * territories service (with their gazetteer) and learnt from it at run time (`loadCodeSchemes`).
 */
export const BUILT_IN_CODE_SCHEMES: readonly CountryCodeScheme[] = [
  {
    country: 'CL',
    scheme: 'CUT',
    levels: [
      { level: 'FIRST_LEVEL', codeLength: 2 },
      { level: 'SECOND_LEVEL', codeLength: 3 },
      { level: 'THIRD_LEVEL', codeLength: 5 },
    ],
  },
  {
    country: 'PE',
    scheme: 'UBIGEO_INEI',
    levels: [
      { level: 'FIRST_LEVEL', codeLength: 2 },
      { level: 'SECOND_LEVEL', codeLength: 4 },
      { level: 'THIRD_LEVEL', codeLength: 6 },
    ],
  },
];

const ISO_COUNTRY = /^[A-Z]{2}$/;

/** Whether the text is shaped like an ISO 3166-1 alpha-2 code (two capital letters). */
export function isCountryCode(text: string): boolean {
  return ISO_COUNTRY.test(text);
}

const schemes = new Map<string, CountryCodeScheme>(BUILT_IN_CODE_SCHEMES.map((s) => [s.country, s]));

/** The reason a scheme cannot be used, or null when it can. */
export function codeSchemeProblem(s: CountryCodeScheme): string | null {
  if (!isCountryCode(s.country)) return `country "${s.country}" is not an ISO 3166-1 alpha-2 code`;
  if (!/^[A-Z][A-Z0-9_]*$/.test(s.scheme)) return `scheme "${s.scheme}" must be written in capitals, digits and _ (e.g. DIVIPOLA)`;
  if (!s.levels.length || s.levels.length > TREE_LEVELS.length) return `a scheme has one to ${TREE_LEVELS.length} levels`;
  for (const [i, l] of s.levels.entries()) {
    if (l.level !== TREE_LEVELS[i]) return `level ${i + 1} must be ${TREE_LEVELS[i]}, got ${l.level}`;
    if (!Number.isInteger(l.codeLength) || l.codeLength < 1 || l.codeLength > 12) return `${l.level}'s code length must be 1 to 12 digits`;
    const parent = s.levels[i - 1];
    if (parent && l.codeLength <= parent.codeLength)
      return `${l.level}'s codes must be longer than ${parent.level}'s (they start with them)`;
  }
  return null;
}

/**
 * Makes a country's ids readable by this process. Registering the same scheme again changes nothing;
 * a different one for a country already known is refused, since ids already stored follow the first.
 */
export function registerCodeScheme(s: CountryCodeScheme): void {
  const problem = codeSchemeProblem(s);
  if (problem) throw new Error(`Code scheme for ${s.country}: ${problem}`);
  const known = schemes.get(s.country);
  if (known && !sameScheme(known, s)) {
    throw new Error(`${s.country} already codes its territories with ${describe(known)}, not ${describe(s)}`);
  }
  schemes.set(s.country, { country: s.country, scheme: s.scheme, levels: s.levels.map((l) => ({ ...l })) });
}

const describe = (s: CountryCodeScheme) => `${s.scheme} (${s.levels.map((l) => l.codeLength).join('/')} digits)`;
const sameScheme = (a: CountryCodeScheme, b: CountryCodeScheme) => describe(a) === describe(b);

/** The scheme of a country this process knows, or undefined. */
export function codeSchemeOf(country: string): CountryCodeScheme | undefined {
  return schemes.get(country);
}

/**
 * Asks the territories service for the schemes of `countries` this process does not know yet (all of
 * them when `countries` is omitted) and registers them. Asks nothing when every country is known; a
 * country the service has no scheme for stays unknown (its ids stay refused). Throws when the service
 * cannot be reached.
 */
export async function loadCodeSchemes(territoriesUrl: string, countries?: Iterable<string>, timeoutMs = 5000): Promise<void> {
  const wanted = countries === undefined ? null : [...new Set(countries)].filter((c) => isCountryCode(c) && !schemes.has(c));
  if (wanted && !wanted.length) return;
  const data = await askTerritories<{ codeSchemes: CountryCodeScheme[] }>(
    territoriesUrl,
    timeoutMs,
    'query($countries: [CountryCode!]) { codeSchemes(countries: $countries) { country scheme levels { level codeLength } } }',
    { countries: wanted },
  );
  for (const s of data.codeSchemes) if (!schemes.has(s.country)) registerCodeScheme(s);
}
