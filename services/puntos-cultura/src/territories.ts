import { GraphQLError } from 'graphql';
import { slugify } from '@cultura/service-kit';
import { askTerritories } from '@cultura/vocabulary';

/** A territory as the gazetteer answers it, with the names a spreadsheet might use for it. */
export interface NamedTerritory {
  id: string;
  name: string;
  alternateNames: string[];
}

/** A Peruvian district with its province and first-level territory, to tell same-named districts apart. */
export interface District extends NamedTerritory {
  province: NamedTerritory | null;
  firstLevel: NamedTerritory | null;
}

/** Finds Peruvian districts in the gazetteer, which the territories service owns. */
export interface DistrictGazetteer {
  /**
   * Districts named `name` (or with it as an alternate name), for each name asked; accents, case,
   * spacing and punctuation are ignored. Names nobody holds map to an empty list.
   */
  districtsNamed(names: string[]): Promise<Map<string, District[]>>;
  /** Districts by id; unknown ids (or ids of other kinds of territory) are absent from the map. */
  districtsByIds(ids: string[]): Promise<Map<string, District>>;
}

/** The territories service cannot be asked: writes and imports that need it stop, nothing written. */
export class GazetteerUnavailableError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: 'SERVICE_UNAVAILABLE' } });
    this.name = 'GazetteerUnavailableError';
  }
}

const DISTRICT_FIELDS = 'id name level country alternateNames parent { id name alternateNames } firstLevel { id name alternateNames }';

/** Names per request: each is one aliased `territories` search, so a whole file needs few round trips. */
const NAMES_PER_REQUEST = 25;

interface RawTerritory extends NamedTerritory {
  level: string;
  country: string;
  parent: NamedTerritory | null;
  firstLevel: NamedTerritory | null;
}

/** The comparable form of a territory name: `San Juan de Lurigancho`, `SAN JUAN DE LURIGANCHO` and `san-juan-de-lurigancho` agree. */
export function nameKey(name: string): string {
  return slugify(name.replace(/^\s*distrito\s+de\s+/i, ''));
}

function toDistrict(t: RawTerritory): District | null {
  if (t.country !== 'PE' || t.level !== 'THIRD_LEVEL') return null;
  return { id: t.id, name: t.name, alternateNames: t.alternateNames, province: t.parent, firstLevel: t.firstLevel };
}

/**
 * Asks the territories service over HTTP with its public `territories(search:)` and `territoriesByIds`
 * queries, like every other client. The search matches substrings, so it is sent the name's longest word
 * and the answers are filtered here to the districts whose whole name matches.
 */
export function httpDistrictGazetteer(url: string, timeoutMs = 10_000): DistrictGazetteer {
  async function ask<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    try {
      return await askTerritories<T>(url, timeoutMs, query, variables);
    } catch (err) {
      throw new GazetteerUnavailableError(`The territories service (${url}) could not be asked: ${(err as Error).message}`);
    }
  }

  return {
    async districtsNamed(names) {
      const wanted = [...new Set(names)];
      const out = new Map<string, District[]>(wanted.map((n) => [n, []]));
      const searchable = wanted.filter((n) => nameKey(n) !== '');
      for (let i = 0; i < searchable.length; i += NAMES_PER_REQUEST) {
        const chunk = searchable.slice(i, i + NAMES_PER_REQUEST);
        const terms = chunk.map((n) =>
          nameKey(n)
            .split('-')
            .reduce((a, b) => (b.length > a.length ? b : a), ''),
        );
        const searches = chunk.map(
          (_, j) => `n${j}: territories(country: PE, level: THIRD_LEVEL, search: $s${j}, first: 1000) { nodes { ${DISTRICT_FIELDS} } }`,
        );
        const query = `query(${chunk.map((_, j) => `$s${j}: String!`).join(', ')}) { ${searches.join('\n')} }`;
        const data = await ask<Record<string, { nodes: RawTerritory[] }>>(query, Object.fromEntries(terms.map((t, j) => [`s${j}`, t])));
        chunk.forEach((name, j) => {
          const key = nameKey(name);
          const matches = data[`n${j}`].nodes
            .filter((t) => nameKey(t.name) === key || t.alternateNames.some((a) => nameKey(a) === key))
            .map(toDistrict)
            .filter((d): d is District => d !== null);
          out.set(name, matches);
        });
      }
      return out;
    },

    async districtsByIds(ids) {
      const unique = [...new Set(ids)];
      const out = new Map<string, District>();
      for (let i = 0; i < unique.length; i += 1000) {
        const data = await ask<{ territoriesByIds: (RawTerritory | null)[] }>(
          `query($ids: [ID!]!) { territoriesByIds(ids: $ids) { ${DISTRICT_FIELDS} } }`,
          { ids: unique.slice(i, i + 1000) },
        );
        for (const t of data.territoriesByIds) {
          const d = t && toDistrict(t);
          if (d) out.set(d.id, d);
        }
      }
      return out;
    },
  };
}
