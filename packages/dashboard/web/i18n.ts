/** The page's own words; enum values come from the API's `labels(lang)`. */
export type Lang = 'es' | 'en';

const WORDS = {
  title: { es: 'Cultura en el territorio', en: 'Culture across territories' },
  territory: { es: 'Territorio', en: 'Territory' },
  searchPlaceholder: { es: 'Buscar región, comuna, distrito…', en: 'Search region, commune, district…' },
  byProgram: { es: 'Acciones por programa', en: 'Actions by program' },
  byKind: { es: 'Acciones por tipo', en: 'Actions by kind' },
  byDomain: { es: 'Acciones por dominio cultural', en: 'Actions by cultural domain' },
  byYear: { es: 'Acciones por año', en: 'Actions by year' },
  actions: { es: 'Acciones', en: 'Actions' },
  csv: { es: 'Descargar CSV de lo que se ve', en: 'Download CSV of what is shown' },
  clearFilter: { es: 'Ver todo el territorio', en: 'Show the whole territory' },
  more: { es: 'Ver más', en: 'Show more' },
  loading: { es: 'Cargando…', en: 'Loading…' },
  error: { es: 'No se pudo cargar', en: 'Could not load' },
  retry: { es: 'Reintentar', en: 'Retry' },
  noActions: { es: 'Ninguna acción registrada aquí.', en: 'No action recorded here.' },
  several: { es: 'Varios', en: 'Several' },
  unknown: { es: 'Desconocido', en: 'Unknown' },
  actionsCount: { es: 'acciones', en: 'actions' },
  notDrawn: {
    es: 'acciones registradas para todo un territorio mayor (región, provincia, país) no se pintan en sus partes.',
    en: 'actions recorded for a whole wider territory (region, province, country) are not painted on its parts.',
  },
  noBoundary: { es: 'Sin límites importados para este territorio.', en: 'No boundaries imported for this territory.' },
  undated: { es: 'sin fecha', en: 'undated' },
} as const;

export type Word = keyof typeof WORDS;

export function t(word: Word, lang: Lang): string {
  return WORDS[word][lang];
}

/** Fills every `data-i18n` element (and `data-i18n-placeholder` input) of the page. */
export function translatePage(lang: Lang): void {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n as Word, lang);
  for (const el of document.querySelectorAll<HTMLInputElement>('[data-i18n-placeholder]'))
    el.placeholder = t(el.dataset.i18nPlaceholder as Word, lang);
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-lang]'))
    b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
}
