import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** ISO 3166-1 alpha-2 of a country whose code scheme is stored (`code_scheme`). */
export type CountryCode = string;
/**
 * Levels of the tree, plus `AREA`: a named grouping beside the tree (Peru's regional-government areas
 * Lima Metropolitana and Lima Provincias, inside department 15), which has a parent but no children.
 */
export type TerritoryLevel = 'COUNTRY' | 'FIRST_LEVEL' | 'SECOND_LEVEL' | 'THIRD_LEVEL' | 'LOCALITY' | 'NEIGHBOURHOOD' | 'AREA';
export type TerritoryKind =
  | 'COUNTRY'
  | 'REGION'
  | 'DEPARTMENT'
  | 'METROPOLITAN_MUNICIPALITY'
  | 'REGIONAL_GOVERNMENT_AREA'
  | 'PROVINCE'
  | 'COMMUNE'
  | 'DISTRICT'
  | 'MUNICIPALITY'
  | 'LOCALITY'
  | 'NEIGHBOURHOOD';
/**
 * A code system: the built-in `ISO_3166_1`, `ISO_3166_2`, `CUT`, `UBIGEO_INEI`, `UBIGEO_RENIEC`, `LOCAL`, or
 * the scheme a registered country's gazetteer declares (`DIVIPOLA`).
 */
export type CodeScheme = string;
export type TerritoryOrigin = 'DEFAULT_GAZETTEER' | 'OFFICIAL_IMPORT' | 'USER';

export interface AlternateCode {
  scheme: CodeScheme;
  code: string;
}

/** One node of the two-country gazetteer. Ids are built on official codes: `CL:01107`, `PE:150101`. */
@Entity({ name: 'territory' })
@Index('territory_parent_sort_idx', ['parentId', 'sortName', 'id'])
@Index('territory_country_level_sort_idx', ['country', 'level', 'sortName', 'id'])
export class Territory {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  country: CountryCode;

  @Column('text')
  level: TerritoryLevel;

  @Column('text')
  kind: TerritoryKind;

  /** The name the country itself gives the level: región, departamento, provincia, comuna, distrito… */
  @Column('text', { name: 'local_kind' })
  localKind: string;

  @Column('text')
  name: string;

  /** Lower case, accents removed: what name search and ordering use. */
  @Column('text', { name: 'sort_name' })
  sortName: string;

  @Column('text', { name: 'official_code', nullable: true })
  officialCode: string | null;

  @Column('text', { name: 'code_scheme' })
  codeScheme: CodeScheme;

  /** ISO 3166-2 for first levels and areas, ISO 3166-1 alpha-2 for countries; null where ISO gives none (department 15). */
  @Column('text', { name: 'iso_code', nullable: true })
  isoCode: string | null;

  @Column('jsonb', { name: 'alternate_codes', default: () => "'[]'::jsonb" })
  alternateCodes: AlternateCode[];

  @Column('text', { name: 'alternate_names', array: true, default: () => "'{}'" })
  alternateNames: string[];

  /** `alternateNames` as `sortName` is written (lower case, no accents), so `search` reads them too. */
  @Column('text', { name: 'alternate_sort_names', array: true, default: () => "'{}'" })
  alternateSortNames: string[];

  @Column('text', { name: 'parent_id', nullable: true })
  parentId: string | null;

  /** Tree ancestors, from the country down to the parent (an area's are those of the department it lies in). */
  @Column('text', { name: 'ancestor_ids', array: true, default: () => "'{}'" })
  ancestorIds: string[];

  /** The areas the territory lies in (`PE:150101` → `PE:LMA`); empty for an area itself. */
  @Column('text', { name: 'area_ids', array: true, default: () => "'{}'" })
  areaIds: string[];

  /**
   * Ancestors, areas and the territory itself, as vocabulary's `territoryLineage` gives them: what "within X"
   * filters read, through one GIN-indexed predicate. Computed by PostgreSQL, so it cannot drift from the
   * columns it is made of.
   */
  @Column({
    type: 'text',
    array: true,
    asExpression: `ancestor_ids || area_ids || ARRAY[id]`,
    generatedType: 'STORED',
    insert: false,
    update: false,
  })
  lineage: string[];

  @Column('double precision', { nullable: true })
  latitude: number | null;

  @Column('double precision', { nullable: true })
  longitude: number | null;

  @Column('text')
  origin: TerritoryOrigin;

  /** File, document or user the record came from. */
  @Column('text', { name: 'origin_detail', nullable: true })
  originDetail: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
