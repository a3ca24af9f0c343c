import type { TemplateContext } from './templates';

/** The service's plumbing: env, domain, data, entities, migrations, store, loaders, context and root query. */
export function serviceCode({ p, c, q }: TemplateContext): Record<string, string> {
  return {
    'src/env.ts': `import { parseEnv, programServiceEnvSpec, registryService, type EnvSource } from '@cultura/service-kit';

/** Every variable the service reads, with its defaults from its entry in gateway/subgraphs.json. */
export const envSpec = programServiceEnvSpec(registryService(${q(p.name)}, __dirname));

export type Env = ReturnType<typeof loadEnv>;

/** The one reader of the environment. */
export function loadEnv(source: EnvSource = process.env) {
  return parseEnv(envSpec, source);
}
`,

    'src/domain.ts': `/** The program's id: the prefix of every record it owns. */
export const PROGRAM_ID = ${q(p.name)};

/** The country the program works in: every territory it records lies in it. */
export const COUNTRY_ID = ${q(p.country)};
`,

    'src/data/program.ts': `import type { DataSource } from 'typeorm';
import { ProgramRecord } from '@cultura/vocabulary';
import { COUNTRY_ID, PROGRAM_ID } from '../domain';

/** The program as its team registered it; add its documents' facts (lines, legal basis, figures) here. */
export const PROGRAM: Omit<ProgramRecord, 'createdAt'> = {
  id: PROGRAM_ID,
  name: ${q(p.title)},
  acronym: null,
  countryId: COUNTRY_ID,
  agency: ${q(p.agency)},
  description: ${q(p.title)},
  legalBasis: null,
  lines: [],
  origin: 'USER',
  source: 'npm run new:program',
  locator: null,
};

/** Loads the program record once (idempotent: replicas starting together insert it once). */
export async function loadProgram(ds: DataSource): Promise<{ inserted: number }> {
  return ds.transaction(async (tx) => {
    await tx.query(\`SELECT pg_advisory_xact_lock(hashtext('\${PROGRAM_ID}:seed'))\`);
    if (await tx.getRepository(ProgramRecord).existsBy({ id: PROGRAM_ID })) return { inserted: 0 };
    await tx.getRepository(ProgramRecord).insert(PROGRAM);
    return { inserted: 1 };
  });
}
`,

    'src/entities/index.ts': `import { VOCABULARY_ENTITIES } from '@cultura/vocabulary';

/** The tables of the service's database: the shared vocabulary's, then the program's own as it adds them. */
export const PROGRAM_ENTITIES = [...VOCABULARY_ENTITIES];
`,

    'src/migrations/index.ts': `import { VOCABULARY_MIGRATIONS } from '@cultura/vocabulary';

/**
 * Every migration of the service's database, in timestamp order: the shared vocabulary's, then the
 * program's own as it adds tables (\`<timestamp>-<Name>.ts\` files in this folder; never \`synchronize\`).
 */
export const PROGRAM_MIGRATIONS = [...VOCABULARY_MIGRATIONS];
`,

    'src/store/lists.ts': `import type { DataSource } from 'typeorm';
import type { PageArgs } from '@cultura/service-kit';
import { listActions, listActors, type ActionFilter, type ActorFilter } from '@cultura/vocabulary';
import { PROGRAM_ID } from '../domain';

/** The program's actions and actors, paged: the only place this service reads lists from its database. */
export function listProgramActions(ds: DataSource, filter: ActionFilter | null | undefined, page: PageArgs) {
  return listActions(ds, PROGRAM_ID, filter, page);
}

export function listProgramActors(ds: DataSource, filter: ActorFilter | null | undefined, page: PageArgs) {
  return listActors(ds, PROGRAM_ID, filter, page);
}
`,

    'src/loaders.ts': `import type { DataSource } from 'typeorm';
import { createVocabularyLoaders, type TerritoryDirectory, type VocabularyLoaders } from '@cultura/vocabulary';

export interface Loaders {
  vocabulary: VocabularyLoaders;
  /** Confirms territory ids with the territories service before a write. */
  territories: TerritoryDirectory;
}

/** Fresh DataLoaders for each request, so nested fields cost one query per level, not one per row. */
export function createLoaders(ds: DataSource, territories: TerritoryDirectory): Loaders {
  return { vocabulary: createVocabularyLoaders(ds), territories };
}
`,

    'src/resolvers/context.ts': `import type { ServiceContext } from '@cultura/service-kit';
import type { Loaders } from '../loaders';

export type Ctx = ServiceContext<Loaders>;
`,

    'src/resolvers/Query.ts': `export const QueryResolvers = {
  Query: {
    ${c}: () => ({}),
  },
};
`,
  };
}
