/**
 * Ancestors of a territory from its id alone. Ids are built on official codes whose structure encodes the
 * hierarchy (see the territories service): Chile CUT region 2 / province 3 / comuna 5 digits; Peru INEI
 * department 2 / province 4 / district 6 digits, with the province of Lima (1501) under Lima
 * Metropolitana (`PE:LMA`); local territories append `:<slug>` to their parent's id. Program services
 * store these ancestors next to each record so "within a territory" filters need no remote call.
 * Returns null for an id that does not follow the scheme.
 */
export function territoryAncestors(id: string): string[] | null {
  const parts = id.split(':');
  const country = parts[0];
  if (country !== 'CL' && country !== 'PE') return null;
  if (parts.length === 1) return [];
  if (parts.length > 2) {
    if (parts.slice(2).some((slug) => !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug))) return null;
    const parent = parts.slice(0, -1).join(':');
    const up = territoryAncestors(parent);
    return up && [...up, parent];
  }
  const code = parts[1];
  if (country === 'PE' && code === 'LMA') return ['PE'];
  if (!/^\d+$/.test(code)) return null;
  if (country === 'CL') {
    if (code.length === 2) return ['CL'];
    if (code.length === 3) return ['CL', `CL:${code.slice(0, 2)}`];
    if (code.length === 5) return ['CL', `CL:${code.slice(0, 2)}`, `CL:${code.slice(0, 3)}`];
    return null;
  }
  if (code.length === 2) return ['PE'];
  if (code.length === 4) return code === '1501' ? ['PE', 'PE:LMA'] : ['PE', `PE:${code.slice(0, 2)}`];
  if (code.length === 6) {
    const province = `PE:${code.slice(0, 4)}`;
    const up = territoryAncestors(province);
    return up && [...up, province];
  }
  return null;
}

/** The territory itself and its ancestors: what "within X" filters match against. */
export function territoryLineage(id: string): string[] | null {
  const up = territoryAncestors(id);
  return up && [...up, id];
}
