// Mutation testing (StrykerJS) of the modules where a bug costs most. Run it with `npm run test:mutation`
// (scripts/mutation.mjs), which starts one embedded PostgreSQL for all the runs and runs Stryker once per
// module below, each with only the test files that exercise that module; `npm run test:mutation -- atlas-feed-cursors`
// runs one module. See README, "Mutation testing".
//
// Stryker mutates a copy of the repository (.stryker-tmp/sandbox-*), never the working tree. Workspace
// packages import each other by name (`@cultura/vocabulary`), and the node_modules/@cultura links point
// at the original folders, so the Jest config below maps every `@cultura/*` import onto the sandbox's
// own copy; without it a mutant in packages/* would never be loaded by a service's tests.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const baseJest = require('./jest.config.js');

/**
 * Each module: the files mutated, and the test files that exercise them (nothing started as a separate process).
 * A `file:from-to` names lines: check them when the code around moves.
 */
export const MODULES = {
  'auth-directives': {
    what: '@authenticated / @requiresScopes enforcement and token checks',
    mutate: ['packages/auth/src/directives.ts', 'packages/auth/src/index.ts'],
    tests: ['packages/auth/test/auth.test.ts', 'packages/auth/test/scope-directives.test.ts'],
  },
  'red-gestion-domain': {
    what: 'RED domain rules (entity kinds, places, regions)',
    mutate: ['services/red-gestion/src/domain.ts'],
    tests: ['services/red-gestion/test/domain.test.ts', 'services/red-gestion/test/kind-rules.test.ts'],
  },
  'puntos-cultura-eligibility': {
    what: 'Puntos de Cultura eligibility rules (Law No. 30487)',
    mutate: ['services/puntos-cultura/src/domain.ts'],
    tests: ['services/puntos-cultura/test/eligibility.test.ts', 'services/puntos-cultura/test/eligibility-explanations.test.ts'],
  },
  'red-cultura-plans': {
    ignoreStatic: true,
    what: 'Red Cultura plan lifecycle rules and writes',
    mutate: [
      'services/red-cultura/src/domain.ts',
      'services/red-cultura/src/writes/advance-plan.ts',
      'services/red-cultura/src/writes/create-plan.ts',
      'services/red-cultura/src/writes/update-plan.ts',
      'services/red-cultura/src/writes/record-plan-stage.ts',
      'services/red-cultura/src/writes/plan-stage.ts',
      'services/red-cultura/src/writes/shared.ts',
    ],
    tests: [
      'services/red-cultura/test/plan-lifecycle.test.ts',
      'services/red-cultura/test/red-cultura-api.test.ts',
      'services/red-cultura/test/write-rules.test.ts',
    ],
  },
  'report-arithmetic': {
    ignoreStatic: true,
    what: 'Figure qualifiers, report arithmetic and rollup choice',
    mutate: ['packages/vocabulary/src/figures.ts', 'services/atlas/src/query/report.ts', 'services/atlas/src/rollups.ts'],
    tests: [
      'packages/vocabulary/test/vocabulary.test.ts',
      'packages/vocabulary/test/qualifier-sums.test.ts',
      'services/atlas/test/report.test.ts',
    ],
  },
  'atlas-feed-cursors': {
    what: 'Index feed: cursor order, reading pages, where a page may be applied, failures',
    ignoreStatic: true,
    mutate: ['services/atlas/src/feed/consumer.ts', 'services/atlas/src/feed/apply.ts:29-34'],
    tests: ['services/atlas/test/feed-cursors.test.ts', 'services/atlas/test/feed-faults.test.ts'],
  },
  'atlas-feed-apply': {
    what: 'Index feed: turning changes into index rows (newest cursor wins, deletions, figures)',
    ignoreStatic: true,
    mutate: ['services/atlas/src/feed/apply.ts'],
    // atlas-feed.test.ts covers the same paths end to end, but restarts services in its tests: too slow per mutant.
    tests: [
      'services/atlas/test/report.test.ts',
      'services/atlas/test/report-figure-counts.test.ts',
      'services/atlas/test/feed-cursors.test.ts',
      'services/atlas/test/feed-faults.test.ts',
    ],
  },
  'puntos-cultura-recognition': {
    what: 'Puntos de Cultura recognition workflow: decisions, renewals, lapses and revocations',
    ignoreStatic: true,
    // Deciding an application, recognising (or renewing) a point, ending a recognition. Submitting an
    // application and the writes of activities, awards and meetings are left out: every test of this
    // service imports Peru's gazetteer first, so each mutant costs seconds.
    mutate: ['services/puntos-cultura/src/writes/decide-application.ts', 'services/puntos-cultura/src/writes/end-recognition.ts'],
    tests: [
      'services/puntos-cultura/test/recognition.test.ts',
      'services/puntos-cultura/test/recognition-lifecycle.test.ts',
      'services/puntos-cultura/test/recognition-periods.test.ts',
      'services/puntos-cultura/test/decision-messages.test.ts',
    ],
  },
  'atlas-area-filters': {
    what: 'near/bbox: the circle and box checks, the territories they select, what the lists keep',
    ignoreStatic: true,
    mutate: [
      'packages/vocabulary/src/areas.ts',
      'services/atlas/src/query/validate.ts:71-89',
      'services/atlas/src/query/validate.ts:185-189',
      'services/atlas/src/query/filters.ts:64-67',
      'services/atlas/src/query/filters.ts:134-141',
      'services/atlas/src/query/filters.ts:178-178',
    ],
    tests: ['services/atlas/test/area-filters.test.ts', 'services/territories/test/geography.test.ts'],
  },
};

/** Every workspace package by name, so `@cultura/x` and `@cultura/x/sub` resolve inside the sandbox. */
function workspaceMapper() {
  const mapper = {};
  for (const group of ['packages', 'services']) {
    for (const dir of readdirSync(path.join(root, group))) {
      const pkgFile = path.join(root, group, dir, 'package.json');
      if (!existsSync(pkgFile)) continue;
      addPackage(mapper, JSON.parse(readFileSync(pkgFile, 'utf8')), `${group}/${dir}`);
    }
  }
  addPackage(mapper, JSON.parse(readFileSync(path.join(root, 'gateway/package.json'), 'utf8')), 'gateway');
  return mapper;
}

function addPackage(mapper, pkg, dir) {
  const name = pkg.name.replace('/', '\\/');
  mapper[`^${name}$`] = `<rootDir>/${dir}/${pkg.main ?? 'index.js'}`;
  mapper[`^${name}/(.*)$`] = `<rootDir>/${dir}/$1`;
}

const name = process.env.CULTURA_MUTATION_MODULE;
const module = MODULES[name];
if (!module) throw new Error(`Set CULTURA_MUTATION_MODULE to one of: ${Object.keys(MODULES).join(', ')} (npm run test:mutation does)`);

const tests = module.tests.filter((t) => existsSync(path.join(root, t)));

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  // `--typecheck`: drop mutants that do not type-check before any test runs. Off by default: the checker
  // re-checks the whole monorepo per batch of mutants and makes a run ~15x slower, while @swc/jest strips
  // types anyway, so an ill-typed mutant is simply run (and nearly always killed).
  checkers: process.env.CULTURA_MUTATION_TYPECHECK === '1' ? ['typescript'] : [],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  plugins: ['@stryker-mutator/jest-runner', '@stryker-mutator/typescript-checker'],
  mutate: module.mutate,
  coverageAnalysis: 'perTest',
  // Static mutants (in code run at load time or in beforeAll, e.g. while a service starts) need every test
  // file of the module per mutant; skipped where those files start services and would take too long.
  ignoreStatic: module.ignoreStatic ?? false,
  concurrency: Number(process.env.CULTURA_MUTATION_CONCURRENCY ?? 2),
  timeoutMS: 30000,
  timeoutFactor: 2,
  jest: {
    projectType: 'custom',
    enableFindRelatedTests: false,
    config: {
      ...baseJest,
      testMatch: tests.map((t) => `<rootDir>/${t}`),
      moduleNameMapper: workspaceMapper(),
      // One file at a time inside each Stryker worker; Stryker runs its workers side by side.
      maxWorkers: 1,
    },
  },
  reporters: ['clear-text', process.stdout.isTTY ? 'progress' : 'progress-append-only', 'json', 'html'],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: true },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  // Reuses the last run's results (reports/mutation/<module>.incremental.json) for mutants whose code and
  // covering tests did not change; `npm run test:mutation -- --full` tests every mutant again.
  incremental: true,
  force: process.env.CULTURA_MUTATION_FULL === '1',
  incrementalFile: `reports/mutation/${name}.incremental.json`,
};
