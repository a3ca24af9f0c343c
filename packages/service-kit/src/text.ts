import { badInput } from './errors';

/** Lower case without accents or repeated spaces: the form searches and name ordering compare. */
export function normalizeText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** A readable, stable id fragment from a name: "Centro Cultural de Iquique" → "centro-cultural-de-iquique". */
export function slugify(text: string): string {
  return normalizeText(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * Text an input must give: trimmed, runs of white space made one space. Empty (or missing) text, or text
 * longer than `max` characters, is refused with BAD_USER_INPUT naming the field.
 */
export function requiredText(value: string | null | undefined, field: string, max: number): string {
  const text = value?.trim().replace(/\s+/g, ' ') ?? '';
  if (!text) throw badInput(`${field} must not be empty`, field);
  if (text.length > max) throw badInput(`${field} must be at most ${max} characters`, field);
  return text;
}
