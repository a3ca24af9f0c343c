import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type CountryCode = 'CL' | 'PE';
export type TerritoryLevel = 'COUNTRY' | 'FIRST_LEVEL' | 'SECOND_LEVEL' | 'THIRD_LEVEL' | 'LOCALITY' | 'NEIGHBOURHOOD';
export type TerritoryKind =
  | 'COUNTRY'
  | 'REGION'
  | 'DEPARTMENT'
  | 'METROPOLITAN_MUNICIPALITY'
  | 'PROVINCE'
  | 'COMMUNE'
  | 'DISTRICT'
  | 'LOCALITY'
  | 'NEIGHBOURHOOD';
export type CodeScheme = 'ISO_3166_1' | 'ISO_3166_2' | 'CUT' | 'UBIGEO_INEI' | 'UBIGEO_RENIEC' | 'LOCAL';
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

  /** ISO 3166-2 for first levels, ISO 3166-1 alpha-2 for countries. */
  @Column('text', { name: 'iso_code', nullable: true })
  isoCode: string | null;

  @Column('jsonb', { name: 'alternate_codes', default: () => "'[]'::jsonb" })
  alternateCodes: AlternateCode[];

  @Column('text', { name: 'alternate_names', array: true, default: () => "'{}'" })
  alternateNames: string[];

  @Column('text', { name: 'parent_id', nullable: true })
  parentId: string | null;

  /** From the country down to the parent; lets "within X" filters use one indexed predicate. */
  @Column('text', { name: 'ancestor_ids', array: true, default: () => "'{}'" })
  ancestorIds: string[];

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
