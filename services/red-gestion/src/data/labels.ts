import { VOCABULARY_LABELS, type EnumLabelTable } from '@cultura/vocabulary';

/**
 * Spanish and English names of the enums the RED serves, one table per enum (named as its `Labels`
 * field): the shared vocabulary's, then its own.
 */
export const RED_GESTION_LABELS: Readonly<Record<string, EnumLabelTable>> = {
  ...VOCABULARY_LABELS,
  governmentEntityKind: {
    MINISTRY_DIRECTORATE: { es: 'Dirección del Ministerio de Cultura', en: 'Ministry of Culture directorate' },
    DECONCENTRATED_CULTURE_OFFICE: { es: 'Dirección Desconcentrada de Cultura', en: 'Deconcentrated culture office' },
    REGIONAL_GOVERNMENT: { es: 'Gobierno regional', en: 'Regional government' },
    PROVINCIAL_MUNICIPALITY: { es: 'Municipalidad provincial', en: 'Provincial municipality' },
    DISTRICT_MUNICIPALITY: { es: 'Municipalidad distrital', en: 'District municipality' },
  },
  networkRole: {
    COORDINATOR: { es: 'Entidad coordinadora', en: 'Coordinating entity' },
    MEMBER: { es: 'Entidad integrante', en: 'Member entity' },
  },
  sessionModality: {
    IN_PERSON: { es: 'Presencial', en: 'In person' },
    VIRTUAL: { es: 'Virtual', en: 'Online' },
    HYBRID: { es: 'Híbrida', en: 'Hybrid' },
    UNKNOWN: { es: 'No indicada en la fuente', en: 'Not stated in the source' },
  },
  sessionOutcome: {
    COMPLETED: { es: 'Realizada', en: 'Held' },
    CANCELLED: { es: 'Cancelada', en: 'Cancelled' },
  },
};
