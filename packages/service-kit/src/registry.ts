import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths';

/**
 * The service registry, `gateway/subgraphs.json`: one entry per service, the one place its port and name
 * are written. Everything else (routing URLs, databases, the index's feed list, write scopes, Compose and
 * Kubernetes files) is derived here or generated from it (`npm run generate`).
 */
export const REGISTRY_FILE = path.join('gateway', 'subgraphs.json');

/** What a team writes for its service; everything else follows the convention `services/<name>/…`. */
export interface RegistryEntry {
  /** Subgraph and service name: lower-case letters, digits and dashes (`puntos-cultura`). */
  name: string;
  /** The port it listens on when run on one machine (`npm start`); containers use it too. */
  port: number;
  /** What it is, for people: "Puntos de Cultura (Peru)". */
  title: string;
  /** It serves a change feed of its records (`/changes`), which the index and the gateway's cache follow. */
  changeFeed?: boolean;
  /** It answers from an index of the other services' change feeds (atlas). */
  indexesChangeFeeds?: boolean;
  /** Plain GET paths it serves beside GraphQL (`/territories.geojson`), which the gateway serves too, from it. */
  downloads?: string[];
}

/** A registry entry with everything derived from it. */
export interface RegisteredService extends Required<RegistryEntry> {
  /** npm workspace: `@cultura/<name>`. */
  workspace: string;
  /** SDL path from the repository root: `services/<name>/schema.graphql`. */
  schema: string;
  /** Entry point from the repository root: `services/<name>/src/index.ts`. */
  entry: string;
  /** Routing URL in the committed supergraph: `http://127.0.0.1:<port>/graphql`. */
  url: string;
  /** The service's folder from the repository root (`services/puntos-cultura`). */
  dir: string;
  /** Its database and role name: the name with `_` for `-` (`puntos_cultura`). */
  database: string;
  /** Port of its embedded PostgreSQL on one machine: 50300 + its port, so two services never share one. */
  embeddedPostgresPort: number;
  /** Prefix of its variables where one process configures several services (`PUNTOS_CULTURA`). */
  envPrefix: string;
  /** The scope its mutations require (`puntos-cultura:write`). */
  writeScope: string;
}

const EMBEDDED_POSTGRES_PORT_OFFSET = 50300;

/** `puntos-cultura` → `PUNTOS_CULTURA`. */
export const envPrefixOf = (name: string): string => name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

/** Checks one entry and derives the rest; the message names the entry and the field that is wrong. */
export function registeredService(raw: unknown, where: string): RegisteredService {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${where} must be an object`);
  const item = raw as Record<string, unknown>;
  const text = (key: 'name' | 'title'): string => {
    const value = item[key];
    if (typeof value !== 'string' || value === '') throw new Error(`${where} needs a non-empty "${key}" string`);
    return value;
  };
  const flag = (key: 'changeFeed' | 'indexesChangeFeeds'): boolean => {
    const value = item[key];
    if (value !== undefined && typeof value !== 'boolean') throw new Error(`${where}: "${key}" must be true or false`);
    return value === true;
  };
  const paths = (key: 'downloads'): string[] => {
    const value = item[key] ?? [];
    if (!Array.isArray(value) || value.some((p) => typeof p !== 'string' || !/^\/[a-z0-9][a-z0-9./-]*$/.test(p))) {
      throw new Error(`${where}: "${key}" must be a list of paths such as "/territories.geojson"`);
    }
    return value;
  };
  const name = text('name');
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`${where}: name "${name}" must be lower-case letters, digits and dashes`);
  const port = item.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1024 || port > 15000) {
    throw new Error(`${where} (${name}) needs a "port" between 1024 and 15000 (its embedded PostgreSQL takes 50300 more)`);
  }
  const dir = path.posix.join('services', name);
  return {
    name,
    port,
    title: text('title'),
    workspace: `@cultura/${name}`,
    schema: `${dir}/schema.graphql`,
    entry: `${dir}/src/index.ts`,
    url: `http://127.0.0.1:${port}/graphql`,
    changeFeed: flag('changeFeed'),
    indexesChangeFeeds: flag('indexesChangeFeeds'),
    downloads: paths('downloads'),
    dir,
    database: name.replace(/-/g, '_'),
    embeddedPostgresPort: EMBEDDED_POSTGRES_PORT_OFFSET + port,
    envPrefix: envPrefixOf(name),
    writeScope: `${name}:write`,
  };
}

/** Every registered service, in the registry's order; refuses duplicates of a name or a port. */
export function readRegistry(root: string = repoRoot()): RegisteredService[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path.join(root, REGISTRY_FILE), 'utf8'));
  } catch (err) {
    throw new Error(`Cannot read ${REGISTRY_FILE}: ${(err as Error).message}`, { cause: err });
  }
  if (!Array.isArray(raw)) throw new Error(`${REGISTRY_FILE} must hold a JSON array of services`);
  const services = raw.map((item, i) => registeredService(item, `${REGISTRY_FILE} entry ${i}`));
  for (const key of ['name', 'port'] as const) {
    const seen = new Map<string | number, string>();
    for (const s of services) {
      const other = seen.get(s[key]);
      if (other !== undefined) throw new Error(`${REGISTRY_FILE}: ${key} ${s[key]} is given to both "${other}" and "${s.name}"`);
      seen.set(s[key], s.name);
    }
  }
  return services;
}

/**
 * One registered service by name, for its own defaults (port, embedded PostgreSQL port). `from` is any
 * folder inside the repository to read the registry of (default: the one holding this package).
 */
export function registryService(name: string, from?: string): RegisteredService {
  const services = readRegistry(from === undefined ? undefined : repoRoot(from));
  const found = services.find((s) => s.name === name);
  if (!found) throw new Error(`"${name}" is not in ${REGISTRY_FILE} (listed: ${services.map((s) => s.name).join(', ')})`);
  return found;
}

/** The index's default FEEDS: every service with a change feed, at its address on this machine. */
export function localFeeds(services: readonly RegisteredService[]): string[] {
  return services.filter((s) => s.changeFeed).map((s) => `${s.name}=http://127.0.0.1:${s.port}`);
}
