import { VOCABULARY_LABELS, type EnumLabelTable } from '@cultura/vocabulary';

/**
 * Spanish and English names of the enums the cross-program index serves, one table per enum (named as
 * its `Labels` field): the shared vocabulary's, then its own.
 */
export const ATLAS_LABELS: Readonly<Record<string, EnumLabelTable>> = {
  ...VOCABULARY_LABELS,
  actionOrder: {
    NEWEST_FIRST: { es: 'Más recientes primero', en: 'Newest first' },
    OLDEST_FIRST: { es: 'Más antiguas primero', en: 'Oldest first' },
    TITLE: { es: 'Por título', en: 'By title' },
  },
  reportDimension: {
    COUNTRY: { es: 'País', en: 'Country' },
    FIRST_LEVEL: { es: 'Región o departamento', en: 'Region or department' },
    REGION: { es: 'Región (gobierno regional)', en: 'Region (regional government)' },
    TERRITORY_LEVEL: { es: 'Nivel territorial', en: 'Territory level' },
    TERRITORY: { es: 'Territorio', en: 'Territory' },
    PROGRAM: { es: 'Programa', en: 'Program' },
    KIND: { es: 'Tipo de acción', en: 'Action kind' },
    DOMAIN: { es: 'Dominio cultural', en: 'Cultural domain' },
    YEAR: { es: 'Año', en: 'Year' },
  },
  figureSubject: {
    PROGRAM: { es: 'Programa', en: 'Program' },
    ACTION: { es: 'Acción', en: 'Action' },
  },
};
