import { territoryAreas, territoryLevelOf } from '@cultura/vocabulary';

/**
 * The areas a territory lies in: those vocabulary's `territoryAreas` gives the deepest official unit
 * among the territory and its ancestors. For an official unit that is its own id (`PE:150101` → `PE:LMA`);
 * a locality takes its district's, so one moved to another district follows its new place rather than
 * the id it was created with. An area lies in no area.
 */
export function areasOf(id: string, ancestorIds: readonly string[]): string[] {
  for (const candidate of [id, ...[...ancestorIds].reverse()]) {
    const level = territoryLevelOf(candidate);
    if (level === 'AREA') return [];
    if (level !== null && level !== 'LOCAL') return territoryAreas(candidate);
  }
  return [];
}
