import { VOCABULARY_LABELS, type EnumLabelTable } from '@cultura/vocabulary';

/**
 * Spanish and English names of the enums Red Cultura serves, one table per enum (named as its `Labels`
 * field): the shared vocabulary's, then its own.
 */
export const RED_CULTURA_LABELS: Readonly<Record<string, EnumLabelTable>> = {
  ...VOCABULARY_LABELS,
  planStage: {
    DIAGNOSIS: { es: 'Diagnóstico', en: 'Diagnosis' },
    PARTICIPATORY_FORMULATION: { es: 'Formulación participativa', en: 'Participatory formulation' },
    APPROVAL: { es: 'Aprobación', en: 'Approval' },
    PLADECO_INTEGRATION: { es: 'Integración al PLADECO', en: 'Integration into the PLADECO' },
    IMPLEMENTATION: { es: 'Implementación', en: 'Implementation' },
    EVALUATION: { es: 'Evaluación', en: 'Evaluation' },
  },
  // The areas after the source's own words (AGICM §1).
  advisoryArea: {
    COMMUNICATION: { es: 'Estrategias de comunicación', en: 'Communication strategies' },
    DISSEMINATION: { es: 'Difusión', en: 'Dissemination' },
    FINANCING: { es: 'Financiamiento', en: 'Financing' },
    COMMUNITY_LINKS: { es: 'Vínculos con la comunidad', en: 'Community links' },
    INSTITUTIONAL_ORGANISATION: { es: 'Organización institucional', en: 'Institutional organisation' },
    PLANNING: { es: 'Planificación', en: 'Planning' },
    MEDIATION: { es: 'Mediación cultural', en: 'Cultural mediation' },
    AUDIENCE_DEVELOPMENT: { es: 'Formación de audiencias', en: 'Audience development' },
    ARTISTIC_PROGRAMMING: { es: 'Programación artística', en: 'Artistic programming' },
  },
  // The same words as the shared actionKind table for the same values.
  redCulturaActivityKind: {
    INTERVENTION: { es: 'Intervención', en: 'Intervention' },
    PARTICIPATORY_PROJECT: { es: 'Proyecto participativo', en: 'Participatory project' },
    TRAINING: { es: 'Formación', en: 'Training' },
  },
};
