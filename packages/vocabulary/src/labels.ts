/** The languages of the names people read (`Labels`). */
export type Language = 'ES' | 'EN';

/** The Spanish and English names of each value of one enum, in schema order. */
export type EnumLabelTable<V extends string = string> = Readonly<Record<V, { es: string; en: string }>>;

/** One enum's values with their names in `lang`, as `EnumLabel` serves them. */
export function enumLabels(table: EnumLabelTable, lang: Language): { value: string; label: string }[] {
  return Object.entries(table).map(([value, names]) => ({ value, label: lang === 'ES' ? names.es : names.en }));
}

/**
 * Resolvers of the `Labels` entity for a service's enums, one field per table (`{ planStage: PLAN_STAGE_LABELS }`),
 * and of the shareable root field `labels(lang)`, which only names the entity: each service answers its own fields.
 */
export function labelResolvers(tables: Readonly<Record<string, EnumLabelTable>>) {
  const fields = Object.fromEntries(
    Object.entries(tables).map(([field, table]) => [field, (l: { lang: Language }) => enumLabels(table, l.lang)]),
  );
  return {
    Query: { labels: (_: unknown, args: { lang: Language }) => ({ lang: args.lang }) },
    Labels: { __resolveReference: (ref: { lang: Language }) => ({ lang: ref.lang }), ...fields },
  };
}

/** The labels of the shared vocabulary's enums (enums.graphql, labels.graphql), served by every subgraph that imports them. */
export const VOCABULARY_LABELS: Readonly<Record<string, EnumLabelTable>> = {
  language: { ES: { es: 'Español', en: 'Spanish' }, EN: { es: 'Inglés', en: 'English' } },
  recordOrigin: {
    SOURCE_DOCUMENT: { es: 'Documento del programa', en: 'Program document' },
    IMPORT: { es: 'Importado de un archivo', en: 'Imported from a file' },
    USER: { es: 'Ingresado por el equipo del programa', en: 'Entered by the program team' },
    SYNTHETIC: { es: 'Datos de demostración', en: 'Demo data' },
  },
  figureQualifier: {
    EXACT: { es: 'Exacto', en: 'Exact' },
    MORE_THAN: { es: 'Más de', en: 'More than' },
    AT_LEAST: { es: 'Al menos', en: 'At least' },
    APPROXIMATELY: { es: 'Aproximadamente', en: 'Approximately' },
    LESS_THAN: { es: 'Menos de', en: 'Less than' },
    AT_MOST: { es: 'Como máximo', en: 'At most' },
  },
  figureMetric: {
    PARTICIPANTS: { es: 'Participantes', en: 'Participants' },
    BENEFICIARIES: { es: 'Beneficiarios', en: 'Beneficiaries' },
    ORGANISATIONS: { es: 'Organizaciones', en: 'Organisations' },
    TERRITORIES: { es: 'Territorios', en: 'Territories' },
    ACTIONS: { es: 'Acciones', en: 'Actions' },
    BUDGET: { es: 'Presupuesto', en: 'Budget' },
    FUNDING: { es: 'Financiamiento', en: 'Funding' },
  },
  culturalDomain: {
    CULTURAL_AND_NATURAL_HERITAGE: { es: 'Patrimonio cultural y natural', en: 'Cultural and natural heritage' },
    PERFORMANCE_AND_CELEBRATION: { es: 'Presentaciones artísticas y celebraciones', en: 'Performance and celebration' },
    VISUAL_ARTS_AND_CRAFTS: { es: 'Artes visuales y artesanías', en: 'Visual arts and crafts' },
    BOOKS_AND_PRESS: { es: 'Libros y prensa', en: 'Books and press' },
    AUDIOVISUAL_AND_INTERACTIVE_MEDIA: { es: 'Medios audiovisuales e interactivos', en: 'Audio-visual and interactive media' },
    DESIGN_AND_CREATIVE_SERVICES: { es: 'Diseño y servicios creativos', en: 'Design and creative services' },
    TOURISM: { es: 'Turismo', en: 'Tourism' },
    SPORTS_AND_RECREATION: { es: 'Deportes y recreación', en: 'Sports and recreation' },
    INTANGIBLE_CULTURAL_HERITAGE: { es: 'Patrimonio cultural inmaterial', en: 'Intangible cultural heritage' },
    EDUCATION_AND_TRAINING: { es: 'Educación y formación', en: 'Education and training' },
    ARCHIVING_AND_PRESERVATION: { es: 'Archivo y preservación', en: 'Archiving and preservation' },
    EQUIPMENT_AND_SUPPORTING_MATERIALS: { es: 'Equipamiento y materiales de apoyo', en: 'Equipment and supporting materials' },
  },
  actionKind: {
    INTERVENTION: { es: 'Intervención', en: 'Intervention' },
    PARTICIPATORY_PROJECT: { es: 'Proyecto participativo', en: 'Participatory project' },
    MUNICIPAL_CULTURE_PLAN: { es: 'Plan municipal de cultura', en: 'Municipal culture plan' },
    ADVISORY: { es: 'Asesoría', en: 'Advisory' },
    TRAINING: { es: 'Formación', en: 'Training' },
    WORKSHOP: { es: 'Taller', en: 'Workshop' },
    TECHNICAL_ASSISTANCE: { es: 'Asistencia técnica', en: 'Technical assistance' },
    RECOGNITION: { es: 'Reconocimiento', en: 'Recognition' },
    FUNDING_AWARD: { es: 'Financiamiento otorgado', en: 'Funding award' },
    NETWORK_MEETING: { es: 'Encuentro de red', en: 'Network meeting' },
    ALLIANCE: { es: 'Alianza', en: 'Alliance' },
    COMMUNITY_ACTIVITY: { es: 'Actividad comunitaria', en: 'Community activity' },
  },
  actorKind: {
    MUNICIPALITY: { es: 'Municipalidad', en: 'Municipality' },
    CULTURAL_CENTRE: { es: 'Centro cultural', en: 'Cultural centre' },
    REGIONAL_COUNCIL: { es: 'Consejo regional de cultura', en: 'Regional culture council' },
    GOVERNMENT_ENTITY: { es: 'Entidad pública', en: 'Government entity' },
    MINISTRY_OFFICE: { es: 'Ministerio o dependencia', en: 'Ministry or ministry office' },
    REGIONAL_GOVERNMENT: { es: 'Gobierno regional', en: 'Regional government' },
    CULTURE_POINT: { es: 'Punto de cultura', en: 'Culture point' },
    COMMUNITY_ORGANISATION: { es: 'Organización comunitaria', en: 'Community organisation' },
    NEIGHBOURHOOD: { es: 'Barrio', en: 'Neighbourhood' },
    PROGRAM_TEAM: { es: 'Equipo del programa', en: 'Program team' },
    PROGRAM_OFFICE: { es: 'Oficina del programa', en: 'Program office' },
    PERSON: { es: 'Persona', en: 'Person' },
  },
  governmentLevel: {
    NATIONAL: { es: 'Nacional', en: 'National' },
    REGIONAL: { es: 'Regional', en: 'Regional' },
    LOCAL: { es: 'Local', en: 'Local' },
    NONE: { es: 'Sin nivel de gobierno', en: 'No level of government' },
  },
  actionStatus: {
    PLANNED: { es: 'Planificada', en: 'Planned' },
    IN_PROGRESS: { es: 'En curso', en: 'In progress' },
    COMPLETED: { es: 'Finalizada', en: 'Completed' },
    CANCELLED: { es: 'Cancelada', en: 'Cancelled' },
    UNKNOWN: { es: 'Sin información', en: 'Unknown' },
  },
  periodPrecision: {
    DAY: { es: 'Día', en: 'Day' },
    MONTH: { es: 'Mes', en: 'Month' },
    YEAR: { es: 'Año', en: 'Year' },
    UNDATED: { es: 'Sin fecha', en: 'Undated' },
  },
  participationRole: {
    ORGANISER: { es: 'Organizador', en: 'Organiser' },
    COORDINATOR: { es: 'Coordinador', en: 'Coordinator' },
    ADVISOR: { es: 'Asesor', en: 'Advisor' },
    BENEFICIARY: { es: 'Beneficiario', en: 'Beneficiary' },
    PARTICIPANT: { es: 'Participante', en: 'Participant' },
    PARTNER: { es: 'Aliado', en: 'Partner' },
    FUNDER: { es: 'Financista', en: 'Funder' },
    APPLICANT: { es: 'Solicitante', en: 'Applicant' },
  },
};
