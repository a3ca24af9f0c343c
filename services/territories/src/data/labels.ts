import type { EnumLabelTable } from '@cultura/vocabulary';

/** Spanish and English names of the territories service's enums, served by `labels` (one field per enum). */
export const TERRITORY_LABELS: Readonly<Record<string, EnumLabelTable>> = {
  territoryLevel: {
    COUNTRY: { es: 'País', en: 'Country' },
    FIRST_LEVEL: { es: 'Región o departamento', en: 'Region or department' },
    SECOND_LEVEL: { es: 'Provincia', en: 'Province' },
    THIRD_LEVEL: { es: 'Comuna o distrito', en: 'Commune or district' },
    LOCALITY: { es: 'Localidad', en: 'Locality' },
    NEIGHBOURHOOD: { es: 'Barrio', en: 'Neighbourhood' },
    AREA: { es: 'Área de gobierno regional', en: 'Regional-government area' },
  },
  territoryKind: {
    COUNTRY: { es: 'País', en: 'Country' },
    REGION: { es: 'Región', en: 'Region' },
    DEPARTMENT: { es: 'Departamento', en: 'Department' },
    METROPOLITAN_MUNICIPALITY: { es: 'Municipalidad metropolitana', en: 'Metropolitan municipality' },
    REGIONAL_GOVERNMENT_AREA: { es: 'Área de gobierno regional', en: 'Regional-government area' },
    PROVINCE: { es: 'Provincia', en: 'Province' },
    COMMUNE: { es: 'Comuna', en: 'Commune' },
    DISTRICT: { es: 'Distrito', en: 'District' },
    MUNICIPALITY: { es: 'Municipio', en: 'Municipality' },
    LOCALITY: { es: 'Localidad', en: 'Locality' },
    NEIGHBOURHOOD: { es: 'Barrio', en: 'Neighbourhood' },
  },
  localTerritoryKind: {
    LOCALITY: { es: 'Localidad', en: 'Locality' },
    NEIGHBOURHOOD: { es: 'Barrio', en: 'Neighbourhood' },
  },
  territoryOrigin: {
    DEFAULT_GAZETTEER: { es: 'Nomenclátor del proyecto', en: 'Project gazetteer' },
    OFFICIAL_IMPORT: { es: 'Nomenclátor oficial importado', en: 'Imported official gazetteer' },
    USER: { es: 'Agregado por un usuario', en: 'Added by a user' },
  },
  pointSource: {
    BOUNDARY: { es: 'Archivos de límites', en: 'Boundary files' },
    GAZETTEER: { es: 'Coordenadas del nomenclátor', en: 'Gazetteer coordinates' },
    USER: { es: 'Indicado por un usuario', en: 'Given by a user' },
  },
};
