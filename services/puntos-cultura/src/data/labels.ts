import { VOCABULARY_LABELS, type EnumLabelTable } from '@cultura/vocabulary';

/**
 * Spanish and English names of the enums Puntos de Cultura serves, one table per enum (named as its `Labels`
 * field): the shared vocabulary's, then its own.
 */
export const PUNTOS_CULTURA_LABELS: Readonly<Record<string, EnumLabelTable>> = {
  ...VOCABULARY_LABELS,
  puntosCulturaFindingKind: {
    RESULT: { es: 'Resultado', en: 'Result' },
    EVALUATION_CONCLUSION: { es: 'Conclusión de la evaluación', en: 'Evaluation conclusion' },
    EVALUATION_RECOMMENDATION: { es: 'Recomendación de la evaluación', en: 'Evaluation recommendation' },
  },
  puntosCulturaFigureRelation: {
    WITHIN: { es: 'Cifra propia del territorio', en: "The territory's own figure" },
    PROGRAM_WIDE: { es: 'Cifra de todo el programa (contexto)', en: 'Program-wide figure (context)' },
    WIDER: { es: 'Cifra de un ámbito mayor (contexto)', en: 'Figure for a wider scope (context)' },
  },
  culturePointStatus: {
    RECOGNISED: { es: 'Reconocido', en: 'Recognised' },
    LAPSED: { es: 'Reconocimiento vencido', en: 'Recognition lapsed' },
    REVOKED: { es: 'Reconocimiento revocado', en: 'Recognition revoked' },
  },
  culturePointOrganisationForm: {
    ASSOCIATION: { es: 'Asociación', en: 'Association' },
    COLLECTIVE: { es: 'Colectivo', en: 'Collective' },
    GROUP: { es: 'Grupo', en: 'Group' },
    INITIATIVE: { es: 'Iniciativa', en: 'Initiative' },
    ORGANISATION: { es: 'Otra organización cultural sin fines de lucro', en: 'Other non-profit cultural organisation' },
  },
  culturePointAreaOfWork: {
    VULNERABLE_POPULATIONS: { es: 'Poblaciones en situación de vulnerabilidad social', en: 'Socially vulnerable populations' },
    COMMUNITY_LIFE: { es: 'Vida y relaciones comunitarias', en: 'Community life and relationships' },
    DIVERSITY_AND_RIGHTS: { es: 'Diversidad de identidades y derechos', en: 'Diversity of identities and rights' },
    ANCESTRAL_KNOWLEDGE_AND_IDENTITY: { es: 'Saberes ancestrales e identidad cultural', en: 'Ancestral knowledge and cultural identity' },
    PUBLIC_SPACE_AND_HERITAGE: { es: 'Espacio público y patrimonio cultural', en: 'Public space and cultural heritage' },
    NETWORKS_AND_ADVOCACY: { es: 'Trabajo en red e incidencia en políticas culturales', en: 'Networking and cultural policy advocacy' },
  },
  culturePointPopulation: {
    CHILDREN: { es: 'Niñas y niños', en: 'Children' },
    YOUTHS: { es: 'Adolescentes y jóvenes', en: 'Adolescents and young people' },
    OLDER_PEOPLE: { es: 'Personas adultas mayores', en: 'Older people' },
    WOMEN: { es: 'Mujeres', en: 'Women' },
    PEOPLE_WITH_DISABILITIES: { es: 'Personas con discapacidad', en: 'People with disabilities' },
    ORIGINARY_AND_INDIGENOUS_PEOPLES: { es: 'Pueblos indígenas u originarios', en: 'Indigenous or originary peoples' },
    CAMPESINO_COMMUNITIES: { es: 'Comunidades campesinas', en: 'Campesino communities' },
    AFRO_PERUVIAN_PEOPLE: { es: 'Pueblo afroperuano', en: 'Afro-Peruvian people' },
    OTHER_VULNERABLE_POPULATIONS: {
      es: 'Otras poblaciones en situación de vulnerabilidad',
      en: 'Other populations in vulnerable situations',
    },
  },
  culturePointResolutionKind: {
    RECOGNITION: { es: 'Reconocimiento', en: 'Recognition' },
    DENIAL: { es: 'Denegatoria', en: 'Denial' },
    LAPSE: { es: 'Vencimiento del reconocimiento', en: 'Lapse of recognition' },
    REVOCATION: { es: 'Revocación del reconocimiento', en: 'Revocation of recognition' },
  },
  cultureNetworkScope: {
    NATIONAL: { es: 'Nacional', en: 'National' },
    REGIONAL: { es: 'Regional', en: 'Regional' },
    LOCAL: { es: 'Local', en: 'Local' },
  },
  culturePointApplicationStatus: {
    UNDER_REVIEW: { es: 'En evaluación', en: 'Under review' },
    RECOGNISED: { es: 'Reconocimiento otorgado', en: 'Recognised' },
    DENIED: { es: 'Reconocimiento denegado', en: 'Denied' },
  },
  culturePointEligibilityRule: {
    NON_PROFIT: { es: 'Sin fines de lucro', en: 'Non-profit' },
    CONTINUOUS_WORK: { es: 'Al menos dos años de trabajo continuo', en: 'At least two years of continuous work' },
    MINIMUM_MEMBERS: { es: 'Al menos dos integrantes', en: 'At least two members' },
    COMMUNITY_WORK_THROUGH_ARTS_AND_CULTURE: {
      es: 'Trabajo constante con su comunidad desde el arte y la cultura',
      en: 'Constant work with its community through arts and culture',
    },
  },
  culturePointEvidenceKind: {
    ACTIVITY_REPORT: { es: 'Informe de actividades', en: 'Activity report' },
    PHOTOGRAPHS: { es: 'Fotografías', en: 'Photographs' },
    VIDEO: { es: 'Video', en: 'Video' },
    PRESS: { es: 'Notas periodísticas', en: 'Press coverage' },
    LETTER_OF_SUPPORT: { es: 'Carta de respaldo', en: 'Letter of support' },
    STATUTES: { es: 'Estatuto', en: 'Statutes' },
    MEMBER_LIST: { es: 'Relación de integrantes', en: 'List of members' },
    OTHER: { es: 'Otro', en: 'Other' },
  },
  culturePointDecision: {
    RECOGNISE: { es: 'Reconocer', en: 'Recognise' },
    DENY: { es: 'Denegar', en: 'Deny' },
  },
  culturePointActivityKind: {
    COMMUNITY_ACTIVITY: { es: 'Actividad comunitaria', en: 'Community activity' },
    PARTICIPATORY_PROJECT: { es: 'Proyecto participativo', en: 'Participatory project' },
    TRAINING: { es: 'Formación', en: 'Training' },
    WORKSHOP: { es: 'Taller', en: 'Workshop' },
  },
};
