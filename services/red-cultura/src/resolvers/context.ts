import type { Connection, ServiceContext } from '@cultura/service-kit';
import type { ActionRecord, ActorRecord, Language, provenanceOf, RecordOrigin } from '@cultura/vocabulary';
import type { RedCulturaLoaders } from '../loaders';

export type Ctx = ServiceContext<RedCulturaLoaders>;

// What the resolvers return for these GraphQL types (codegen.json maps each type to its model).

/** An `ActionConnection`: a page of action records, its total counted only when selected. */
export type ActionConnectionModel = Connection<ActionRecord>;

/** An `ActorConnection`: a page of actor records, its total counted only when selected. */
export type ActorConnectionModel = Connection<ActorRecord>;

/** A `Territory` owned by the territories service: only its key (`territoryRef`, a federation reference). */
export interface TerritoryRef {
  id: string;
}

/** Red Cultura's view of a territory owned by the territories service (`Territory.redCultura`). */
export interface TerritoryView {
  territoryId: string;
  /** The origins `Territory.redCultura(origins:)` asked for; null: every origin. */
  origins: RecordOrigin[] | null;
}

/** The `redCultura` namespace: it holds nothing, each field of `RedCulturaQuery` resolves on its own. */
export type RedCulturaQueryModel = Record<PropertyKey, never>;

/** A `Provenance` as the shared `provenanceOf` builds it (its origin a record's, typed as a plain string). */
export type ProvenanceModel = ReturnType<typeof provenanceOf>;

/** The `Labels` entity: only its key, each field is resolved from the label tables. */
export interface LabelsModel {
  lang: Language;
}
