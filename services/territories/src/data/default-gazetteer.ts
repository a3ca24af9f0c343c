/**
 * The gazetteer that ships with the project: both countries, every first-level division, Peru's
 * regional-government areas, and the lower levels the program documents (shared/seeds) name. Written by hand as facts, with the names
 * as each country writes them; the official files add the rest of the lower levels on import.
 *
 * Centroids are given only where they are known reliably (the Tarapacá comunas and localities, the
 * city of Lima); they are approximate points of the main town, not computed centroids.
 */
import type { AlternateCode, CountryCode, TerritoryKind, TerritoryLevel } from '../entities/Territory';
import type { TerritoryRecord } from '../gazetteer/records';

const ISO_3166_1 = 'ISO 3166-1';
const CL_REGIONS = 'ISO 3166-2:CL / CUT 2018';
const CL_SEED = 'CUT 2018; named in seed 000 (Red Cultura Tarapacá)';
const CL_SEED_LOCALITY = 'seed 000 (Red Cultura Tarapacá)';
const PE_DEPARTMENTS = 'ISO 3166-2:PE / INEI ubigeo (RENIEC ubigeo as alias)';
const PE_LIMA = 'ISO 3166-2:PE; named in seed 001 (RED, Lima Metropolitana)';
const PE_LIMA_PROVINCIAS = 'ISO 3166-2:PE (PE-LIM: department 15 without Lima Metropolitana)';

type Point = [latitude: number, longitude: number];

interface Spec {
  id: string;
  country: CountryCode;
  level: TerritoryLevel;
  kind: TerritoryKind;
  localKind: string;
  name: string;
  parentId: string | null;
  officialCode: string | null;
  codeScheme: TerritoryRecord['codeScheme'];
  originDetail: string;
  isoCode?: string | null;
  alternateNames?: string[];
  alternateCodes?: AlternateCode[];
  point?: Point;
}

function record(s: Spec): TerritoryRecord {
  return {
    id: s.id,
    country: s.country,
    level: s.level,
    kind: s.kind,
    localKind: s.localKind,
    name: s.name,
    officialCode: s.officialCode,
    codeScheme: s.codeScheme,
    isoCode: s.isoCode ?? null,
    alternateCodes: s.alternateCodes ?? [],
    alternateNames: s.alternateNames ?? [],
    parentId: s.parentId,
    latitude: s.point?.[0] ?? null,
    longitude: s.point?.[1] ?? null,
    origin: 'DEFAULT_GAZETTEER',
    originDetail: s.originDetail,
  };
}

const countries: TerritoryRecord[] = [
  record({
    id: 'CL',
    country: 'CL',
    level: 'COUNTRY',
    kind: 'COUNTRY',
    localKind: 'país',
    name: 'Chile',
    parentId: null,
    officialCode: 'CL',
    codeScheme: 'ISO_3166_1',
    isoCode: 'CL',
    alternateNames: ['República de Chile'],
    originDetail: ISO_3166_1,
  }),
  record({
    id: 'PE',
    country: 'PE',
    level: 'COUNTRY',
    kind: 'COUNTRY',
    localKind: 'país',
    name: 'Perú',
    parentId: null,
    officialCode: 'PE',
    codeScheme: 'ISO_3166_1',
    isoCode: 'PE',
    alternateNames: ['República del Perú'],
    originDetail: ISO_3166_1,
  }),
];

/** [CUT, name, ISO 3166-2, other names]: the 16 regions of the 2018 CUT set (Ñuble included). */
const CHILE_REGIONS: [string, string, string, string[]][] = [
  ['01', 'Tarapacá', 'CL-TA', ['Región de Tarapacá']],
  ['02', 'Antofagasta', 'CL-AN', ['Región de Antofagasta']],
  ['03', 'Atacama', 'CL-AT', ['Región de Atacama']],
  ['04', 'Coquimbo', 'CL-CO', ['Región de Coquimbo']],
  ['05', 'Valparaíso', 'CL-VS', ['Región de Valparaíso']],
  ['06', "Libertador General Bernardo O'Higgins", 'CL-LI', ["Región del Libertador General Bernardo O'Higgins", "O'Higgins"]],
  ['07', 'Maule', 'CL-ML', ['Región del Maule']],
  ['08', 'Biobío', 'CL-BI', ['Región del Biobío']],
  ['09', 'La Araucanía', 'CL-AR', ['Región de La Araucanía', 'Araucanía']],
  ['10', 'Los Lagos', 'CL-LL', ['Región de Los Lagos']],
  ['11', 'Aysén del General Carlos Ibáñez del Campo', 'CL-AI', ['Región Aysén del General Carlos Ibáñez del Campo', 'Aysén']],
  ['12', 'Magallanes y de la Antártica Chilena', 'CL-MA', ['Región de Magallanes y de la Antártica Chilena', 'Magallanes']],
  ['13', 'Metropolitana de Santiago', 'CL-RM', ['Región Metropolitana de Santiago', 'Región Metropolitana']],
  ['14', 'Los Ríos', 'CL-LR', ['Región de Los Ríos']],
  ['15', 'Arica y Parinacota', 'CL-AP', ['Región de Arica y Parinacota']],
  ['16', 'Ñuble', 'CL-NB', ['Región de Ñuble']],
];

const chileRegions = CHILE_REGIONS.map(([code, name, iso, alternateNames]) =>
  record({
    id: `CL:${code}`,
    country: 'CL',
    level: 'FIRST_LEVEL',
    kind: 'REGION',
    localKind: 'región',
    name,
    parentId: 'CL',
    officialCode: code,
    codeScheme: 'CUT',
    isoCode: iso,
    alternateNames,
    originDetail: CL_REGIONS,
  }),
);

/** The provinces of Tarapacá, where the Red Cultura seed works. */
const tarapacaProvinces = [
  ['011', 'Iquique'],
  ['014', 'Tamarugal'],
].map(([code, name]) =>
  record({
    id: `CL:${code}`,
    country: 'CL',
    level: 'SECOND_LEVEL',
    kind: 'PROVINCE',
    localKind: 'provincia',
    name,
    parentId: 'CL:01',
    officialCode: code,
    codeScheme: 'CUT',
    originDetail: CL_SEED,
  }),
);

/** [CUT, name, main town]: all seven comunas of Tarapacá; the province is the CUT's first three digits. */
const TARAPACA_COMUNAS: [string, string, Point][] = [
  ['01101', 'Iquique', [-20.2141, -70.1522]],
  ['01107', 'Alto Hospicio', [-20.2697, -70.1009]],
  ['01401', 'Pozo Almonte', [-20.2567, -69.7856]],
  ['01402', 'Camiña', [-19.3125, -69.4258]],
  ['01403', 'Colchane', [-19.2769, -68.6378]],
  ['01404', 'Huara', [-19.9961, -69.7711]],
  ['01405', 'Pica', [-20.4903, -69.3292]],
];

const tarapacaComunas = TARAPACA_COMUNAS.map(([code, name, point]) =>
  record({
    id: `CL:${code}`,
    country: 'CL',
    level: 'THIRD_LEVEL',
    kind: 'COMMUNE',
    localKind: 'comuna',
    name,
    parentId: `CL:${code.slice(0, 3)}`,
    officialCode: code,
    codeScheme: 'CUT',
    point,
    originDetail: CL_SEED,
  }),
);

/**
 * Localities the seed names below the comuna level: Servicio País Cultura in La Tirana, participatory
 * projects in "las localidades de Pozo Almonte y Pisagua en Huara" (the town of Pozo Almonte, not its comuna).
 */
const tarapacaLocalities: TerritoryRecord[] = [
  record({
    id: 'CL:01401:pozo-almonte',
    country: 'CL',
    level: 'LOCALITY',
    kind: 'LOCALITY',
    localKind: 'localidad',
    name: 'Pozo Almonte',
    parentId: 'CL:01401',
    officialCode: null,
    codeScheme: 'LOCAL',
    point: [-20.2567, -69.7856],
    originDetail: CL_SEED_LOCALITY,
  }),
  record({
    id: 'CL:01401:la-tirana',
    country: 'CL',
    level: 'LOCALITY',
    kind: 'LOCALITY',
    localKind: 'localidad',
    name: 'La Tirana',
    parentId: 'CL:01401',
    officialCode: null,
    codeScheme: 'LOCAL',
    point: [-20.3408, -69.6561],
    originDetail: CL_SEED_LOCALITY,
  }),
  record({
    id: 'CL:01404:pisagua',
    country: 'CL',
    level: 'LOCALITY',
    kind: 'LOCALITY',
    localKind: 'localidad',
    name: 'Pisagua',
    parentId: 'CL:01404',
    officialCode: null,
    codeScheme: 'LOCAL',
    point: [-19.5967, -70.2128],
    originDetail: CL_SEED_LOCALITY,
  }),
];

/**
 * [INEI, RENIEC, name, ISO 3166-2, other names]: the 25 departamentos of INEI's ubigeo. Department 15 has
 * no ISO 3166-2 code of its own: ISO splits it into PE-LMA (Lima Metropolitana) and PE-LIM (the rest),
 * which are the areas below.
 */
const PERU_DEPARTMENTS: [string, string, string, string | null, string[]][] = [
  ['01', '01', 'Amazonas', 'PE-AMA', []],
  ['02', '02', 'Áncash', 'PE-ANC', []],
  ['03', '03', 'Apurímac', 'PE-APU', []],
  ['04', '04', 'Arequipa', 'PE-ARE', []],
  ['05', '05', 'Ayacucho', 'PE-AYA', []],
  ['06', '06', 'Cajamarca', 'PE-CAJ', []],
  ['07', '24', 'Callao', 'PE-CAL', ['Provincia Constitucional del Callao']],
  ['08', '07', 'Cusco', 'PE-CUS', ['Cuzco']],
  ['09', '08', 'Huancavelica', 'PE-HUV', []],
  ['10', '09', 'Huánuco', 'PE-HUC', []],
  ['11', '10', 'Ica', 'PE-ICA', []],
  ['12', '11', 'Junín', 'PE-JUN', []],
  ['13', '12', 'La Libertad', 'PE-LAL', []],
  ['14', '13', 'Lambayeque', 'PE-LAM', []],
  ['15', '14', 'Lima', null, []],
  ['16', '15', 'Loreto', 'PE-LOR', []],
  ['17', '16', 'Madre de Dios', 'PE-MDD', []],
  ['18', '17', 'Moquegua', 'PE-MOQ', []],
  ['19', '18', 'Pasco', 'PE-PAS', []],
  ['20', '19', 'Piura', 'PE-PIU', []],
  ['21', '20', 'Puno', 'PE-PUN', []],
  ['22', '21', 'San Martín', 'PE-SAM', []],
  ['23', '22', 'Tacna', 'PE-TAC', []],
  ['24', '23', 'Tumbes', 'PE-TUM', []],
  ['25', '25', 'Ucayali', 'PE-UCA', []],
];

const peruDepartments = PERU_DEPARTMENTS.map(([inei, reniec, name, iso, alternateNames]) =>
  record({
    id: `PE:${inei}`,
    country: 'PE',
    level: 'FIRST_LEVEL',
    kind: 'DEPARTMENT',
    localKind: 'departamento',
    name,
    parentId: 'PE',
    officialCode: inei,
    codeScheme: 'UBIGEO_INEI',
    isoCode: iso,
    alternateNames,
    alternateCodes: [{ scheme: 'UBIGEO_RENIEC', code: reniec }],
    originDetail: PE_DEPARTMENTS,
  }),
);

/** Plaza Mayor of Lima. */
const LIMA_CITY: Point = [-12.0464, -77.0428];

/**
 * Department 15 as INEI counts it holds province 1501 Lima. Beside that tree, its two regional
 * governments (ISO 3166-2 PE-LMA and PE-LIM) are areas: sources such as the RED seed count Lima
 * Metropolitana as one of Peru's regions. An area's members are the provinces it is made of, which
 * vocabulary's id rules name (1501 for Lima Metropolitana, the other provinces of 15 for Lima Provincias).
 */
const lima: TerritoryRecord[] = [
  record({
    id: 'PE:1501',
    country: 'PE',
    level: 'SECOND_LEVEL',
    kind: 'PROVINCE',
    localKind: 'provincia',
    name: 'Lima',
    parentId: 'PE:15',
    officialCode: '1501',
    codeScheme: 'UBIGEO_INEI',
    alternateCodes: [{ scheme: 'UBIGEO_RENIEC', code: '1401' }],
    point: LIMA_CITY,
    originDetail: 'INEI ubigeo (RENIEC ubigeo as alias)',
  }),
  record({
    id: 'PE:LMA',
    country: 'PE',
    level: 'AREA',
    kind: 'METROPOLITAN_MUNICIPALITY',
    localKind: 'municipalidad metropolitana',
    name: 'Lima Metropolitana',
    parentId: 'PE:15',
    officialCode: null,
    codeScheme: 'ISO_3166_2',
    isoCode: 'PE-LMA',
    alternateNames: ['Lima Metropolitana', 'Municipalidad Metropolitana de Lima'],
    point: LIMA_CITY,
    originDetail: PE_LIMA,
  }),
  record({
    id: 'PE:LIM',
    country: 'PE',
    level: 'AREA',
    kind: 'REGIONAL_GOVERNMENT_AREA',
    localKind: 'región',
    name: 'Lima Provincias',
    parentId: 'PE:15',
    officialCode: null,
    codeScheme: 'ISO_3166_2',
    isoCode: 'PE-LIM',
    alternateNames: ['Lima Región', 'Región Lima'],
    originDetail: PE_LIMA_PROVINCIAS,
  }),
];

/** Every default record, parents before children. */
export const DEFAULT_GAZETTEER: readonly TerritoryRecord[] = Object.freeze([
  ...countries,
  ...chileRegions,
  ...tarapacaProvinces,
  ...tarapacaComunas,
  ...tarapacaLocalities,
  ...peruDepartments,
  ...lima,
]);
