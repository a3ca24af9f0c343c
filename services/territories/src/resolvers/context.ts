import type { Connection, ServiceContext } from '@cultura/service-kit';
import type { Territory } from '../entities/Territory';
import type { TerritoryLoaders } from '../loaders';

export type Ctx = ServiceContext<TerritoryLoaders>;

/** What a `TerritoryConnection` resolver returns (codegen.json maps the GraphQL type to it). */
export type TerritoryConnectionModel = Connection<Territory>;
