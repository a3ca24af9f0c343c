/** Lower case without accents or repeated spaces: the form searches and name ordering compare. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** A readable, stable id fragment from a name: "Centro Cultural de Iquique" → "centro-cultural-de-iquique". */
export function slugify(text: string): string {
  return normalizeText(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
