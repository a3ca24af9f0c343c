import type { TemplateContext } from './templates';

/** Its resolvers (one type per file), writes, entry point and migrate command. */
export function resolversAndWrites({ p, P, c, q }: TemplateContext): Record<string, string> {
  return {
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

    'src/writes/record-action.ts': `import { badInput, requiredText, slugify } from '@cultura/service-kit';
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
  const title = requiredText(input.title, 'input.title', 300);
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

    'src/cli/migrate.ts': `/** \`npm run migrate --workspace @cultura/${p.name}\`: applies pending migrations and exits (see runMigrateCommand). */
import { runMigrateCommand } from '@cultura/service-kit';
import { loadEnv } from '../env';
import { ${c}Service } from '../index';

runMigrateCommand(loadEnv, (env) => ${c}Service({ territoriesUrl: env.TERRITORIES_URL }));
`,
  };
}
