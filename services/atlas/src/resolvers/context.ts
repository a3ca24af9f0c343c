import type { Connection, ServiceContext } from '@cultura/service-kit';
import type { Language } from '@cultura/vocabulary';
import type { AtlasLoaders } from '../loaders';
import type { buildReport, ReportedSum, ScopedFigureView } from '../query/report';
import type { ListedRow } from '../store/ListingStore';

export type Ctx = ServiceContext<AtlasLoaders>;

// What the resolvers return for each GraphQL type (codegen.json maps the types to them).

/** A `Territory` of the index: its id, the territories service resolving the rest. */
export type TerritoryModel = { id: string };

/** A listed `Action` or `Actor`: a reference to the program's own type, named by the index row, and the row (for cursors). */
export type ListedModel = { __typename: string; id: string; row: ListedRow };

export type ListedConnectionModel = Connection<ListedModel>;

/** A `Report` whose rows, total and part outside are computed only when selected. */
export type ReportModel = ReturnType<typeof buildReport>;

/** One program's part in a territory (`Territory.crossProgram`): its figure sums read only when selected. */
export type ProgramCountModel = {
  program: string;
  actions: number;
  actionsPartlyElsewhere: number;
  actors: number;
  figures: () => Promise<ReportedSum[]>;
  reportedFigures: ScopedFigureView[];
  widerFigures: ScopedFigureView[];
};

/** The `Labels` entity as `labelResolvers` reads it: the language asked for. */
export type LabelsModel = { lang: Language };
