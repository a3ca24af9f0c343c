import { countriesOf, type Change } from '@cultura/vocabulary';

/**
 * The countries whose territories some changes name: the index places a record by its territory ids, so
 * it learns the code scheme of a country new to it (see `loadCodeSchemes`) before applying them.
 */
export function countriesNamedBy(changes: readonly Change[]): string[] {
  const ids: string[] = [];
  for (const c of changes) {
    if (!c.snapshot) continue;
    if (c.entity === 'actor') {
      if (c.snapshot.territoryId) ids.push(c.snapshot.territoryId);
      continue;
    }
    ids.push(...(c.entity === 'action' ? c.snapshot.territoryIds : [c.snapshot.countryId]));
    for (const f of c.snapshot.figures) ids.push(...(f.scopeTerritoryIds ?? []));
  }
  return countriesOf(ids);
}
