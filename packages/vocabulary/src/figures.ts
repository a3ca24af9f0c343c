import type { FigureQualifier } from './types';

const LOWER_BOUNDS: FigureQualifier[] = ['MORE_THAN', 'AT_LEAST'];
const UPPER_BOUNDS: FigureQualifier[] = ['LESS_THAN', 'AT_MOST'];

/**
 * The qualifier of a sum of figures, kept honest: "more than 60" plus "12" is "more than 72"; a sum
 * that mixes an approximation, or lower and upper bounds, is only approximate.
 */
export function qualifierOfSum(qualifiers: readonly FigureQualifier[]): FigureQualifier {
  const set = new Set(qualifiers);
  set.delete('EXACT');
  if (set.size === 0) return 'EXACT';
  if (set.has('APPROXIMATELY')) return 'APPROXIMATELY';
  const lower = [...set].some((q) => LOWER_BOUNDS.includes(q));
  const upper = [...set].some((q) => UPPER_BOUNDS.includes(q));
  if (lower && upper) return 'APPROXIMATELY';
  if (lower) return set.has('MORE_THAN') ? 'MORE_THAN' : 'AT_LEAST';
  return set.has('LESS_THAN') ? 'LESS_THAN' : 'AT_MOST';
}

/** How a figure reads to a person, in the source's spirit: "more than 60 people". */
export function describeFigure(f: { value: number; qualifier: FigureQualifier; unit: string; currency?: string | null }): string {
  const words: Record<FigureQualifier, string> = {
    EXACT: '',
    MORE_THAN: 'more than ',
    AT_LEAST: 'at least ',
    APPROXIMATELY: 'approximately ',
    LESS_THAN: 'less than ',
    AT_MOST: 'at most ',
  };
  const amount = f.value.toLocaleString('en');
  return f.currency ? `${words[f.qualifier]}${f.currency} ${amount}` : `${words[f.qualifier]}${amount} ${f.unit}`;
}
