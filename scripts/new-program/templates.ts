/**
 * The files of a new, empty program service in the shape every program service follows (see
 * docs/program-service.md): it composes, serves its program, lists and records its actions and actors,
 * publishes its change feed for the index, and is tested.
 */

export interface NewProgram {
  /** Service and subgraph name: `cultura-viva`. */
  name: string;
  /** What people call it: "Cultura Viva Comunitaria (Colombia)". */
  title: string;
  /** ISO 3166-1 alpha-2 code of the country it works in. */
  country: string;
  /** The public body that runs it, as its documents name it. */
  agency: string;
  /** A territory of that country the generated test records an action in. */
  sampleTerritory: string;
}

/** `cultura-viva` → `CulturaViva`. */
export const pascal = (name: string) => name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
/** `cultura-viva` → `culturaViva`. */
export const camel = (name: string) => pascal(name).replace(/^./, (c) => c.toLowerCase());

export function programFiles(p: NewProgram): Record<string, string> {
  const P = pascal(p.name);
  const c = camel(p.name);
  const q = JSON.stringify;
  return {
    'package.json': `${JSON.stringify(
      {
        name: `@cultura/${p.name}`,
        version: '0.1.0',
        private: true,
        main: 'src/index.ts',
        scripts: { start: 'tsx src/index.ts', migrate: 'tsx src/cli/migrate.ts' },
        dependencies: {
          '@cultura/service-kit': '0.1.0',
          '@cultura/vocabulary': '0.1.0',
          dataloader: '2.2.3',
          graphql: '16.15.0',
          typeorm: '1.1.1',
        },
        devDependencies: { '@cultura/territories': '0.1.0', '@cultura/testkit': '0.1.0' },
      },
      null,
      2,
    )}\n`,

    'schema.graphql': `extend schema
  @link(url: "https://specs.apollo.dev/link/v1.0")
  @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@requiresScopes"])

# import "../../packages/vocabulary/schema/vocabulary.graphql"

type Query {
  "${p.title}."
  ${c}: ${P}Query!
}

"${p.title}: the program, its actions and its actors."
type ${P}Query {
  "The program, as its documents describe it."
  program: Program!
  "Its actions, newest first; undated ones last."
  actions(filter: ActionFilter, first: Int = 20, after: String): ActionConnection!
  "Its actors, by name."
  actors(filter: ActorFilter, first: Int = 20, after: String): ActorConnection!
}

"An action of ${p.title}."
type ${P}Action implements Action @key(fields: "id") {
  id: ID!
  title: String!
  kind: ActionKind!
  program: Program!
  line: ProgramLine
  status: ActionStatus!
  period: Period!
  territories: [Territory!]!
  participants: [Participation!]!
  domains: [CulturalDomain!]!
  figures: [ReportedFigure!]!
  provenance: Provenance!
}

"An actor of ${p.title}."
type ${P}Actor implements Actor @key(fields: "id") {
  id: ID!
  name: String!
  kind: ActorKind!
  governmentLevel: GovernmentLevel!
  program: Program!
  territory: Territory
  domains: [CulturalDomain!]!
  provenance: Provenance!
}

"A territory, owned by the territories service; this service only refers to it."
type Territory @key(fields: "id", resolvable: false) {
  id: ID!
}

type Mutation {
  "Records an action of ${p.title}, with the figures its source reports."
  record${P}Action(input: Record${P}ActionInput!): ${P}Action! @requiresScopes(scopes: [["${p.name}:write"]])
}

"An action as its source describes it."
input Record${P}ActionInput {
  title: String!
  kind: ActionKind!
  "Default: IN_PROGRESS."
  status: ActionStatus
  "When, as precisely as the source says; omitted when it does not say."
  period: PeriodInput
  "Where: territory ids of the program's country (at least one)."
  territoryIds: [ID!]!
  domains: [CulturalDomain!]
  "Figures as the source reports them, each with its qualifier."
  figures: [ReportedFigureInput!]
  "Where the facts come from (a document, a page); default: who recorded it."
  source: String
}
`,

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

    [`src/resolvers/${P}Query.ts`]: `import type { PageArgs } from '@cultura/service-kit';
import { programView, type ActionFilter, type ActorFilter } from '@cultura/vocabulary';
import { PROGRAM_ID } from '../domain';
import { listProgramActions, listProgramActors } from '../store/lists';
import type { Ctx } from './context';

export const ${P}QueryResolvers = {
  ${P}Query: {
    program: async (_: unknown, __: unknown, ctx: Ctx) => {
      const program = await ctx.loaders.vocabulary.program.load(PROGRAM_ID);
      if (!program) throw new Error(\`the program record \${PROGRAM_ID} is missing: its default data was not loaded\`);
      return programView(program);
    },
    actions: (_: unknown, args: PageArgs & { filter?: ActionFilter | null }, ctx: Ctx) => listProgramActions(ctx.dataSource, args.filter, args),
    actors: (_: unknown, args: PageArgs & { filter?: ActorFilter | null }, ctx: Ctx) => listProgramActors(ctx.dataSource, args.filter, args),
  },
};
`,

    [`src/resolvers/${P}Action.ts`]: `import { actionFields, type ActionRecord } from '@cultura/vocabulary';
import { PROGRAM_ID } from '../domain';
import type { Ctx } from './context';

export const actionTypeName = () => '${P}Action' as const;

export const ${P}ActionResolvers = {
  Action: { __resolveType: actionTypeName },
  ${P}Action: {
    __resolveReference: async (ref: { id: string }, ctx: Ctx): Promise<ActionRecord | null> => {
      const a = await ctx.loaders.vocabulary.action.load(ref.id);
      return a && a.programId === PROGRAM_ID ? a : null;
    },
    ...actionFields,
  },
};
`,

    [`src/resolvers/${P}Actor.ts`]: `import { actorFields, type ActorRecord } from '@cultura/vocabulary';
import { PROGRAM_ID } from '../domain';
import type { Ctx } from './context';

export const actorTypeName = () => '${P}Actor' as const;

export const ${P}ActorResolvers = {
  Actor: { __resolveType: actorTypeName },
  ${P}Actor: {
    __resolveReference: async (ref: { id: string }, ctx: Ctx): Promise<ActorRecord | null> => {
      const a = await ctx.loaders.vocabulary.actor.load(ref.id);
      return a && a.programId === PROGRAM_ID ? a : null;
    },
    ...actorFields,
  },
};
`,

    'src/resolvers/Mutation.ts': `import { recordAction, type RecordActionInput } from '../writes/record-action';
import type { Ctx } from './context';

export const MutationResolvers = {
  Mutation: {
    record${P}Action: (_: unknown, { input }: { input: RecordActionInput }, ctx: Ctx) => recordAction(ctx, input),
  },
};
`,

    'src/writes/record-action.ts': `import { badInput, slugify } from '@cultura/service-kit';
import { saveAction, type ActionKind, type ActionStatus, type CulturalDomain, type FigureInput, type PeriodInput } from '@cultura/vocabulary';
import { COUNTRY_ID, PROGRAM_ID } from '../domain';
import type { Ctx } from '../resolvers/context';

export interface RecordActionInput {
  title: string;
  kind: ActionKind;
  status?: ActionStatus | null;
  period?: PeriodInput | null;
  territoryIds: string[];
  domains?: CulturalDomain[] | null;
  figures?: FigureInput[] | null;
  source?: string | null;
}

/** Checks an action against the program's rules, confirms its territories, and records it with its figures. */
export async function recordAction(ctx: Ctx, input: RecordActionInput) {
  const title = input.title.trim();
  if (!title) throw badInput('input.title must not be empty', 'input.title');
  if (!input.territoryIds.length) throw badInput('input.territoryIds needs at least one territory', 'input.territoryIds');
  const abroad = input.territoryIds.find((id) => id.split(':')[0] !== COUNTRY_ID);
  if (abroad) throw badInput(\`"\${abroad}" is not in \${COUNTRY_ID}, where \${PROGRAM_ID} works\`, 'input.territoryIds');
  await ctx.loaders.territories.assertKnown(input.territoryIds, 'input.territoryIds');
  const id = \`\${PROGRAM_ID}:action:\${slugify(title).slice(0, 60)}-\${ctx.requestId.slice(0, 8)}\`;
  return ctx.dataSource.transaction((tx) =>
    saveAction(
      tx,
      {
        id,
        programId: PROGRAM_ID,
        kind: input.kind,
        title,
        status: input.status ?? 'IN_PROGRESS',
        period: input.period,
        territoryIds: input.territoryIds,
        domains: input.domains ?? [],
        origin: 'USER',
        source: input.source ?? \`api:\${ctx.auth.subject ?? 'unknown'}\`,
      },
      [],
      input.figures ?? [],
    ),
  );
}
`,

    'src/index.ts': `import path from 'node:path';
import type { DataSource } from 'typeorm';
import { runMain, startService, stopOnSignals, type ServiceDefinition, type StartOptions } from '@cultura/service-kit';
import { changeFeedHead, httpTerritoryDirectory, readChanges } from '@cultura/vocabulary';
import { loadProgram } from './data/program';
import { PROGRAM_ENTITIES } from './entities';
import { PROGRAM_MIGRATIONS } from './migrations';
import { createLoaders, type Loaders } from './loaders';
import { QueryResolvers } from './resolvers/Query';
import { ${P}QueryResolvers } from './resolvers/${P}Query';
import { ${P}ActionResolvers, actionTypeName } from './resolvers/${P}Action';
import { ${P}ActorResolvers, actorTypeName } from './resolvers/${P}Actor';
import { MutationResolvers } from './resolvers/Mutation';
import { loadEnv, type Env } from './env';

export interface ${P}Options {
  /** GraphQL endpoint of the territories service, which confirms territory ids on writes. */
  territoriesUrl: string;
  /** How long a write waits for the territories service (ms). */
  territoriesTimeoutMs?: number;
}

/** ${p.title}: its schema, tables, loaders and default data. */
export function ${c}Service(opts: ${P}Options): ServiceDefinition<Loaders> {
  const territories = httpTerritoryDirectory(opts.territoriesUrl, opts.territoriesTimeoutMs);
  return {
    name: ${q(p.name)},
    schemaFile: path.resolve(__dirname, '..', 'schema.graphql'),
    resolvers: { ...QueryResolvers, ...${P}QueryResolvers, ...${P}ActionResolvers, ...${P}ActorResolvers, ...MutationResolvers },
    entities: PROGRAM_ENTITIES,
    migrations: PROGRAM_MIGRATIONS,
    createLoaders: (ds: DataSource) => createLoaders(ds, territories),
    // What the cross-program index reads at /changes.
    changeFeed: (ds, after, limit) => readChanges(ds, after, limit, { actionTypeName, actorTypeName }),
    changeFeedHead,
    loadDefaultData: async (ds, log) => log.info(await loadProgram(ds), 'program record loaded'),
  };
}

export function start${P}(env: Env, options: StartOptions = {}) {
  const service = ${c}Service({ territoriesUrl: env.TERRITORIES_URL, territoriesTimeoutMs: env.TERRITORIES_TIMEOUT_MS });
  return startService(service, env, { loadDefaultData: env.LOAD_DEFAULT_DATA, ...options });
}

if (require.main === module) {
  runMain(async () => {
    const env = loadEnv();
    const service = await start${P}(env);
    stopOnSignals([service], service.log, env.SHUTDOWN_GRACE_MS);
  });
}
`,

    'src/cli/migrate.ts': `/** \`npm run migrate --workspace @cultura/${p.name}\`: applies pending migrations and exits. */
import { createLogger, openServiceDatabase, runMain } from '@cultura/service-kit';
import { loadEnv } from '../env';
import { ${c}Service } from '../index';

runMain(async () => {
  const env = loadEnv();
  const log = createLogger('${p.name}-migrate', env.LOG_LEVEL);
  const service = ${c}Service({ territoriesUrl: env.TERRITORIES_URL });
  const db = await openServiceDatabase(service, env, log, { applicationName: '${p.name}-migrate' });
  await db.stop();
  log.info({}, 'migrations are up to date');
});
`,

    [`test/${p.name}.test.ts`]: `import { signToken, startTestService, type TestService } from '@cultura/testkit';
import { territoriesService } from '@cultura/territories';
import { ${c}Service } from '../src/index';

let territories: TestService;
let svc: TestService;
const editor = signToken({ scopes: ['${p.name}:write'] });
const RECORD = \`mutation($input: Record${P}ActionInput!) { record${P}Action(input: $input) {
  id title status territories { id } figures { value qualifier unit } } }\`;

beforeAll(async () => {
  territories = await startTestService(territoriesService);
  svc = await startTestService(${c}Service({ territoriesUrl: territories.url }));
});
afterAll(async () => {
  await svc?.stop();
  await territories?.stop();
});

describe(${q(p.title)}, () => {
  it('serves its program, and no action until one is recorded', async () => {
    const data = await svc.client.data(\`{ ${c} { program { id name country { id } } actions { totalCount } } }\`);
    expect(data.${c}).toEqual({ program: { id: ${q(p.name)}, name: ${q(p.title)}, country: { id: ${q(p.country)} } }, actions: { totalCount: 0 } });
  });

  it('records an action with its figures, keeping their qualifier, and lists it', async () => {
    const input = { title: 'Encuentro comunitario', kind: 'WORKSHOP', territoryIds: [${q(p.sampleTerritory)}], figures: [{ metric: 'PARTICIPANTS', value: 40, qualifier: 'MORE_THAN', unit: 'people' }] };
    const recorded = (await svc.client.data(RECORD, { input }, { token: editor })).record${P}Action;
    expect(recorded).toMatchObject({ title: 'Encuentro comunitario', status: 'IN_PROGRESS', territories: [{ id: ${q(p.sampleTerritory)} }], figures: [{ value: 40, qualifier: 'MORE_THAN', unit: 'people' }] });
    const listed = await svc.client.data(\`{ ${c} { actions { nodes { id } } } }\`);
    expect(listed.${c}.actions.nodes).toEqual([{ id: recorded.id }]);
  });

  it('refuses a write without its scope, an unknown territory and one abroad, writing nothing', async () => {
    const before = await svc.client.data(\`{ ${c} { actions { totalCount } } }\`);
    const input = { title: 'Taller', kind: 'WORKSHOP', territoryIds: [${q(p.sampleTerritory)}] };
    await svc.client.error('UNAUTHENTICATED', RECORD, { input });
    await svc.client.error('FORBIDDEN', RECORD, { input }, { token: signToken({ scopes: ['pii:read'] }) });
    await svc.client.error('BAD_USER_INPUT', RECORD, { input: { ...input, territoryIds: [${q(`${p.country}:99`)}] } }, { token: editor, field: 'input.territoryIds' });
    await svc.client.error('BAD_USER_INPUT', RECORD, { input: { ...input, territoryIds: [${q(p.country === 'CL' ? 'PE:15' : 'CL:01')}] } }, { token: editor, field: 'input.territoryIds' });
    expect(await svc.client.data(\`{ ${c} { actions { totalCount } } }\`)).toEqual(before);
  });
});
`,
  };
}
