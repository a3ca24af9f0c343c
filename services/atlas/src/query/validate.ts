import { GraphQLError } from 'graphql';
import { badInput } from '@cultura/service-kit';
import { askTerritories, checkArea, countriesOf, loadCodeSchemes, territoryLevelOf, type AreaFilter } from '@cultura/vocabulary';
import { closestMatch } from '../domain';

/** What the index asks the territories service (their owner): which ids exist, and what a mistyped one may mean. */
export interface TerritoryCheck {
  /** The ids among these that the gazetteer does not hold. */
  unknown(ids: string[]): Promise<string[]>;
  /** A territory whose name or code is close to `value`, for a hint. */
  suggest(value: string): Promise<{ id: string; name: string } | null>;
  /** Learns the code schemes of countries new to this process, so their ids can be read (see `loadCodeSchemes`). */
  learnCountries?(countries: string[]): Promise<void>;
  /** The ids of every territory the territories service selects for a circle and/or box (its `near`/`bbox`). */
  placesIn(area: AreaFilter): Promise<string[]>;
}

/** Territory ids are stable: once confirmed, an id is not asked for again for this long. */
const KNOWN_FOR_MS = 10 * 60 * 1000;

/** How `placesIn` reads the territories an area selects. */
export interface AreaPaging {
  /** Territories per request: the most the territories service gives (1000) unless told. */
  pageSize?: number;
  /**
   * The most requests for one area (default 20). Chile and Peru hold about 2,500 territories with a point:
   * a 2,000 km circle over both takes three pages. The bound keeps a gazetteer grown by many localities
   * from turning one filter into an unbounded walk; past it the filter is refused.
   */
  maxPages?: number;
}

/**
 * Asks the territories service over HTTP, like every client: the index never reads its database. An
 * unreachable service refuses the filter (SERVICE_UNAVAILABLE) rather than answer for ids nobody checked.
 */
export function httpTerritoryCheck(url: string, timeoutMs = 5000, paging: AreaPaging = {}): TerritoryCheck {
  const { pageSize = 1000, maxPages = 20 } = paging;
  const known = new Map<string, number>();
  async function ask<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    try {
      return await askTerritories<T>(url, timeoutMs, query, variables);
    } catch (err) {
      throw new GraphQLError(`The territories service could not confirm the filter's territories: ${(err as Error).message}`, {
        extensions: { code: 'SERVICE_UNAVAILABLE', field: 'filter' },
      });
    }
  }
  return {
    async learnCountries(countries) {
      try {
        await loadCodeSchemes(url, countries, timeoutMs);
      } catch (err) {
        throw new GraphQLError(`The territories service could not confirm the filter's territories: ${(err as Error).message}`, {
          extensions: { code: 'SERVICE_UNAVAILABLE', field: 'filter' },
        });
      }
    },
    async unknown(ids) {
      const now = Date.now();
      const unchecked = [...new Set(ids)].filter((id) => (known.get(id) ?? 0) < now);
      if (!unchecked.length) return [];
      const data = await ask<{ territoriesByIds: ({ id: string } | null)[] }>(
        'query($ids: [ID!]!) { territoriesByIds(ids: $ids) { id } }',
        { ids: unchecked },
      );
      const found = new Set(data.territoriesByIds.flatMap((t) => (t ? [t.id] : [])));
      found.forEach((id) => known.set(id, now + KNOWN_FOR_MS));
      return unchecked.filter((id) => !found.has(id));
    },
    async placesIn(area) {
      const ids: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < maxPages; page++) {
        const data: { territories: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await ask(
          `query($near: NearInput, $bbox: BoundingBoxInput, $first: Int!, $after: String) {
              territories(near: $near, bbox: $bbox, first: $first, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } }
            }`,
          { near: area.near ?? null, bbox: area.bbox ?? null, first: pageSize, after },
        );
        ids.push(...data.territories.nodes.map((t) => t.id));
        if (!data.territories.pageInfo.hasNextPage) return ids;
        after = data.territories.pageInfo.endCursor;
      }
      throw badInput(
        `The area holds more than ${maxPages * pageSize} territories: narrow filter.near or filter.bbox`,
        area.near ? 'filter.near' : 'filter.bbox',
      );
    },
    async suggest(value) {
      // A mistyped name ("Lima", "Chile") finds its territory by name; a code's text part is tried too.
      const words = value.includes(':') ? (value.split(':').pop() ?? value) : value;
      if (!/[\p{L}\p{N}]/u.test(words)) return null;
      const data = await ask<{ territories: { nodes: { id: string; name: string }[] } }>(
        'query($search: String!) { territories(search: $search, first: 1) { nodes { id name } } }',
        { search: words },
      );
      return data.territories.nodes[0] ?? null;
    },
  };
}

/** The filter fields that name territories, programs or countries by id. */
export interface IdFilter {
  countries?: string[] | null;
  within?: string[] | null;
  programs?: string[] | null;
}

/**
 * Refuses ids that name nothing, so a typo is an error instead of an empty answer: each unknown
 * territory, country or program is BAD_USER_INPUT naming the field and the value, with a close match when
 * there is one.
 */
export async function checkIds(
  filter: IdFilter | null | undefined,
  territories: TerritoryCheck,
  knownPrograms: () => Promise<string[]>,
): Promise<void> {
  const f = filter ?? {};
  const countries = f.countries ?? [];
  const within = f.within ?? [];
  await territories.learnCountries?.(countriesOf([...countries, ...within]));
  for (const [i, id] of countries.entries()) {
    if (territoryLevelOf(id) !== 'COUNTRY') {
      const hint = await territories.suggest(id);
      const country = hint && territoryLevelOf(hint.id) === 'COUNTRY' ? hint : null;
      throw badInput(
        `"${id}" is not a country id: use ISO 3166-1 codes such as CL or PE${country ? `; did you mean "${country.id}" (${country.name})?` : ''}`,
        `filter.countries[${i}]`,
        { value: id, suggestion: country?.id ?? null },
      );
    }
  }
  for (const [i, id] of within.entries()) {
    if (!territoryLevelOf(id)) {
      const hint = await territories.suggest(id);
      throw badInput(
        `"${id}" is not a territory id (e.g. CL:01, PE:15, PE:LMA, PE:150101)${hint ? `; did you mean "${hint.id}" (${hint.name})?` : ''}`,
        `filter.within[${i}]`,
        { value: id, suggestion: hint?.id ?? null },
      );
    }
  }
  const missing = new Set(await territories.unknown([...countries, ...within]));
  for (const [field, ids] of [
    ['countries', countries],
    ['within', within],
  ] as const) {
    const i = ids.findIndex((id) => missing.has(id));
    if (i >= 0) {
      const hint = await territories.suggest(ids[i]);
      throw badInput(
        `Unknown territory "${ids[i]}": the gazetteer has no such id${hint ? `; did you mean "${hint.id}" (${hint.name})?` : ''}`,
        `filter.${field}[${i}]`,
        { value: ids[i], suggestion: hint?.id ?? null },
      );
    }
  }
  if (f.programs?.length) {
    const programs = await knownPrograms();
    for (const [i, id] of f.programs.entries()) {
      if (programs.includes(id)) continue;
      const close = closestMatch(id, programs);
      throw badInput(
        `Unknown program "${id}"${close ? `; did you mean "${close}"?` : ''} (programs: ${programs.join(', ')})`,
        `filter.programs[${i}]`,
        { value: id, suggestion: close },
      );
    }
  }
}

/** A filter's geographic part, as the lists take it. */
export interface AreaFilterInput {
  near?: AreaFilter['near'];
  bbox?: AreaFilter['bbox'];
}

/**
 * The territory ids a filter's `near`/`bbox` select, or null when it has neither. The circle and box are
 * checked here first (BAD_USER_INPUT naming `filter.near.…`), so the territories service is only asked a
 * valid question; the answer may be empty, which lists nothing.
 */
export async function placesOf(filter: AreaFilterInput | null | undefined, territories: TerritoryCheck): Promise<string[] | null> {
  if (!filter?.near && !filter?.bbox) return null;
  checkArea(filter, 'filter.');
  return territories.placesIn(filter);
}
