import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { IndexedFigure } from './entities';
import { CrossProgramStore, type TerritoryFigureSum } from './store/CrossProgramStore';
import { ListingStore } from './store/ListingStore';
import { ReportStore } from './store/ReportStore';
import { checkIds, placesOf, type AreaFilterInput, type IdFilter, type TerritoryCheck } from './query/validate';

export interface ProgramCount {
  program: string;
  actions: number;
  partlyElsewhere: number;
  actors: number;
}

/** What the index needs beside its database: who confirms territory ids, and the feeds it follows. */
export interface AtlasDeps {
  territories: TerritoryCheck;
  /** Program ids of the followed feeds, known even before their first change is indexed. */
  feedNames: string[];
}

export interface AtlasLoaders {
  reports: ReportStore;
  listings: ListingStore;
  /** Per territory (descendants included): actions and actors per program, synthetic data left out. */
  crossProgram: DataLoader<string, ProgramCount[]>;
  /** Per territory: figure sums of the actions lying wholly in it, per program. */
  crossProgramFigures: DataLoader<string, TerritoryFigureSum[]>;
  /** Every non-synthetic figure reported for a program or for named territories; read once per request. */
  scopedFigures(): Promise<IndexedFigure[]>;
  /** A program's name by id, for report rows and territory counts; null while its record is not indexed. */
  programName: DataLoader<string, string | null>;
  /** Refuses unknown territory, country and program ids in a filter. */
  checkIds(filter: IdFilter | null | undefined): Promise<void>;
  /** The territories a filter's `near`/`bbox` select (asked of the territories service), or null without them. */
  placesOf(filter: AreaFilterInput | null | undefined): Promise<string[] | null>;
}

/** Fresh per request: a list of territories costs the same statements whatever its length. */
export function createLoaders(ds: DataSource, deps: AtlasDeps): AtlasLoaders {
  const crossProgram = new CrossProgramStore(ds);
  const listings = new ListingStore(ds);
  let scoped: Promise<IndexedFigure[]> | undefined;
  return {
    reports: new ReportStore(ds),
    listings,
    crossProgram: new DataLoader(async (ids) => {
      const [actions, actors] = await Promise.all([crossProgram.actions(ids), crossProgram.actors(ids)]);
      return ids.map((id) => {
        const programs = new Map<string, ProgramCount>();
        const entry = (program: string) =>
          programs.get(program) ?? programs.set(program, { program, actions: 0, partlyElsewhere: 0, actors: 0 }).get(program)!;
        for (const r of actions.filter((r) => r.territoryId === id))
          Object.assign(entry(r.program), { actions: r.actions, partlyElsewhere: r.partlyElsewhere });
        for (const r of actors.filter((r) => r.territoryId === id)) entry(r.program).actors = r.actors;
        return [...programs.values()];
      });
    }),
    crossProgramFigures: new DataLoader(async (ids) => {
      const sums = await crossProgram.figureSums(ids);
      return ids.map((id) => sums.filter((s) => s.territoryId === id));
    }),
    programName: new DataLoader(async (ids) => {
      const names = await listings.programNames(ids);
      return ids.map((id) => names.get(id) ?? null);
    }),
    scopedFigures: () =>
      (scoped ??= ds.getRepository(IndexedFigure).createQueryBuilder('f').where(`f.origin <> 'SYNTHETIC'`).orderBy('f.id').getMany()),
    checkIds: (filter) =>
      checkIds(filter, deps.territories, async () => [...new Set([...deps.feedNames, ...(await listings.programIds())])].sort()),
    placesOf: (filter) => placesOf(filter, deps.territories),
  };
}
