import type { Connection, ServiceContext } from '@cultura/service-kit';
import type { ActionRecord, ActorRecord, Language, provenanceOf } from '@cultura/vocabulary';
import type { AttendanceRecord, PublicServantRecord } from '../entities';
import type { RedGestionLoaders } from '../loaders';

export type Ctx = ServiceContext<RedGestionLoaders>;

// What the resolvers return for these GraphQL types (codegen.json maps each type to its model; the RED's
// own views, such as `TerritoryView` or `AttendanceView`, are declared beside their resolvers).

/** The `redGestion` namespace: it holds nothing, each field of `RedGestionQuery` resolves on its own. */
export type RedGestionQueryModel = Record<PropertyKey, never>;

/** A `Territory` owned by the territories service: only its key (`territoryRef`, a federation reference). */
export interface TerritoryRef {
  id: string;
}

/** A `Provenance` as the shared `provenanceOf` builds it (its origin a record's, typed as a plain string). */
export type ProvenanceModel = ReturnType<typeof provenanceOf>;

/** The `Labels` entity: only its key, each field is resolved from the label tables. */
export interface LabelsModel {
  lang: Language;
}

/** An `ActionConnection` or `WorkshopConnection`: a page of action records, its total counted only when selected. */
export type ActionConnectionModel = Connection<ActionRecord>;

/** An `ActorConnection` or `GovernmentEntityConnection`: a page of actor records, its total counted only when selected. */
export type ActorConnectionModel = Connection<ActorRecord>;

/** An `EntityAttendanceConnection`: a page of a session's attendance rows. */
export type AttendanceConnectionModel = Connection<AttendanceRecord>;

/** A `PublicServantConnection`: a page of an entity's servant records (personal data still behind `pii:read`). */
export type ServantConnectionModel = Connection<PublicServantRecord>;
