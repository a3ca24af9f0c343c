import { packageAndSchema } from './package-and-schema';
import { resolversAndWrites } from './resolvers-and-writes';
import { serviceCode } from './service-code';
import { serviceTest } from './service-test';

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
  /**
   * For a country other than CL and PE: the folder holding its gazetteer (`co/scheme.json`,
   * `co/territories.csv`), which the generated tests import; relative to the service's `test/` folder.
   */
  testGazetteerDir?: string;
}

/** `cultura-viva` → `CulturaViva`. */
export const pascal = (name: string) => name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
/** `cultura-viva` → `culturaViva`. */
export const camel = (name: string) => pascal(name).replace(/^./, (c) => c.toLowerCase());

/** What every template reads: the program, and its name as a GraphQL type (`P`) and field (`c`). */
export interface TemplateContext {
  p: NewProgram;
  P: string;
  c: string;
  q: (value: unknown) => string;
}

export function programFiles(p: NewProgram): Record<string, string> {
  const context: TemplateContext = { p, P: pascal(p.name), c: camel(p.name), q: JSON.stringify };
  return { ...packageAndSchema(context), ...serviceCode(context), ...resolversAndWrites(context), ...serviceTest(context) };
}
