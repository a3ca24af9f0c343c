/**
 * `@cultura/service-kit/light`: the environment reader and the process-lifecycle helpers alone, for
 * supervisors and command-line tools (`npm start`, `npm run token`). The package's main entry loads
 * Apollo Server and TypeORM, about a second of start-up these need none of.
 */
export { EnvError, authEnvSpec, env, envProblems, parseEnv, type EnvSource } from './src/env';
export { runMain } from './src/shutdown';
export { freePorts } from './src/ports';
export {
  REGISTRY_FILE,
  envPrefixOf,
  localFeeds,
  readRegistry,
  registryService,
  type RegisteredService,
  type RegistryEntry,
} from './src/registry';
