import type { TemplateContext } from './templates';

/** The workspace's package.json and its schema.graphql. */
export function packageAndSchema({ p, P, c }: TemplateContext): Record<string, string> {
  return {
    'package.json': `${JSON.stringify(
      {
        name: `@cultura/${p.name}`,
        version: '0.1.0',
        private: true,
        main: 'src/index.ts',
        // Other packages reach the service through its entry only, never its src/ internals.
        exports: { '.': './src/index.ts', './package.json': './package.json' },
        scripts: { start: 'tsx src/index.ts', migrate: 'tsx src/cli/migrate.ts' },
        dependencies: {
          '@cultura/service-kit': '0.1.0',
          '@cultura/vocabulary': '0.1.0',
          dataloader: '2.2.3',
          graphql: '16.15.0',
          typeorm: '1.1.1',
        },
        devDependencies: { '@cultura/testkit': '0.1.0' },
      },
      null,
      2,
    )}\n`,

    // What `npm run codegen` gives the generated resolver types: the context every resolver receives.
    'codegen.json': `${JSON.stringify({ contextType: '../resolvers/context#Ctx' }, null, 2)}\n`,
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
  };
}
