import { territoryLineage, type ReportedFigureRecord } from '@cultura/vocabulary';

/**
 * How a figure's scope stands to a territory. WITHIN: all of it lies in the territory, so the figure is
 * (part of) the territory's own. PROGRAM_WIDE / WIDER: the scope holds the territory (or part of it) and
 * more, so the figure is context there, never the territory's.
 */
export type FigureRelation = 'WITHIN' | 'PROGRAM_WIDE' | 'WIDER';

/** The territories a program figure was reported for: its scope, or the program's country when it has none. */
export function figureScope(f: ReportedFigureRecord, programCountry: string): string[] {
  return f.scopeTerritoryIds ?? [programCountry];
}

/** `inner` lies in `outer` (itself included), by `inner`'s lineage: its tree ancestors and areas. */
function liesIn(inner: string, outer: string): boolean {
  return (territoryLineage(inner) ?? [inner]).includes(outer);
}

/**
 * Where a figure stands to `territoryId`: WITHIN when every territory of its scope lies in it; context
 * (PROGRAM_WIDE when the scope is the whole program's, WIDER otherwise) when the scope only overlaps it;
 * null when they share nothing. A figure is never split into a smaller scope: the source did not.
 */
export function figureRelation(f: ReportedFigureRecord, programCountry: string, territoryId: string): FigureRelation | null {
  const scope = figureScope(f, programCountry);
  if (scope.every((s) => liesIn(s, territoryId))) return 'WITHIN';
  const overlaps = scope.some((s) => liesIn(s, territoryId) || liesIn(territoryId, s));
  if (!overlaps) return null;
  return f.scopeTerritoryIds === null || (scope.length === 1 && scope[0] === programCountry) ? 'PROGRAM_WIDE' : 'WIDER';
}
