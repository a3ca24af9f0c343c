import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';

export interface ProgramCount {
  program: string;
  actions: number;
  actors: number;
}

export interface AtlasLoaders {
  /** Per territory (descendants included): actions and actors per program, synthetic data left out. */
  crossProgram: DataLoader<string, ProgramCount[]>;
}

/** Fresh per request: a list of territories costs two statements whatever its length. */
export function createLoaders(ds: DataSource): AtlasLoaders {
  return {
    crossProgram: new DataLoader(async (ids) => {
      const [actions, actors]: { id: string; program: string; n: number }[][] = await Promise.all([
        ds.query(
          `SELECT t.id, a.program_id AS program, count(*)::int AS n FROM unnest($1::text[]) t(id)
           JOIN indexed_action a ON a.territory_lineage @> ARRAY[t.id] WHERE a.origin <> 'SYNTHETIC' GROUP BY 1, 2`,
          [ids],
        ),
        ds.query(
          `SELECT t.id, a.program_id AS program, count(*)::int AS n FROM unnest($1::text[]) t(id)
           JOIN indexed_actor a ON a.territory_lineage @> ARRAY[t.id] WHERE a.origin <> 'SYNTHETIC' GROUP BY 1, 2`,
          [ids],
        ),
      ]);
      return ids.map((id) => {
        const programs = new Map<string, ProgramCount>();
        const entry = (program: string) => programs.get(program) ?? programs.set(program, { program, actions: 0, actors: 0 }).get(program)!;
        for (const r of actions.filter((r) => r.id === id)) entry(r.program).actions = r.n;
        for (const r of actors.filter((r) => r.id === id)) entry(r.program).actors = r.n;
        return [...programs.values()].sort((a, b) => a.program.localeCompare(b.program));
      });
    }),
  };
}
