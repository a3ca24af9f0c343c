// `npm run test:mutation [-- MODULE...] [--full] [--typecheck]`: Stryker over the modules of stryker.config.mjs,
// one run per module, on one embedded PostgreSQL started here (or TEST_DATABASE_URL), then the mutation
// score of each module. Exits 1 when a module scores under 80%. See README, "Mutation testing".
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGET = 80;

const args = process.argv.slice(2);
const full = args.includes('--full');
const typecheck = args.includes('--typecheck');
const asked = args.filter((a) => !a.startsWith('--'));

process.env.CULTURA_MUTATION_MODULE = 'auth-directives'; // the config needs one to load
const { MODULES } = await import(path.join(root, 'stryker.config.mjs'));
const unknown = asked.filter((m) => !MODULES[m]);
if (unknown.length) {
  console.error(`Unknown module ${unknown.join(', ')}; modules: ${Object.keys(MODULES).join(', ')}`);
  process.exit(2);
}
const modules = asked.length ? asked : Object.keys(MODULES);

const { default: globalSetup } = await import(path.join(root, 'packages/testkit/src/global-setup.mjs'));
const { default: globalTeardown } = await import(path.join(root, 'packages/testkit/src/global-teardown.mjs'));
await globalSetup();
const adminUrl = process.env.CULTURA_TEST_ADMIN_URL;

// Stryker's sandboxes sit in .stryker-tmp/, one level deeper than the repository, so the `../shared`
// the services read (gazetteers, seeds) is linked there.
const sharedLink = path.join(root, '.stryker-tmp', 'shared');
const linkShared = () => {
  mkdirSync(path.dirname(sharedLink), { recursive: true });
  if (!existsSync(sharedLink)) symlinkSync(path.resolve(root, '..', 'shared'), sharedLink);
};

let child = null;
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopping = true;
    console.error(`\n${signal}: stopping Stryker and PostgreSQL`);
    child?.kill(signal);
    globalTeardown().finally(() => process.exit(130));
  });
}
const runStryker = (env) =>
  new Promise((resolve) => {
    child = spawn(process.execPath, [path.join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', 'stryker.config.mjs'], {
      cwd: root,
      stdio: 'inherit',
      env,
    });
    child.on('exit', (status) => {
      child = null;
      resolve(status);
    });
  });

const rows = [];
try {
  for (const name of modules) {
    if (stopping) break;
    const report = path.join(root, 'reports/mutation', `${name}.json`);
    rmSync(report, { force: true });
    console.log(`\n=== ${name}: ${MODULES[name].what}`);
    const started = Date.now();
    linkShared();
    const status = await runStryker({
      ...process.env,
      CULTURA_MUTATION_MODULE: name,
      CULTURA_MUTATION_FULL: full ? '1' : '0',
      CULTURA_MUTATION_TYPECHECK: typecheck ? '1' : '0',
      TEST_DATABASE_URL: adminUrl,
    });
    const minutes = (Date.now() - started) / 60000;
    rows.push({ name, minutes, status, ...(existsSync(report) ? scoreOf(JSON.parse(readFileSync(report, 'utf8'))) : {}) });
  }
} finally {
  await globalTeardown();
}

console.log(
  '\nMutation score per module (killed + timed out, over all covered and uncovered mutants; compile errors and static mutants excluded)',
);
const line = (cols) => console.log(cols.map((c, i) => String(c).padEnd([26, 8, 8, 8, 8, 10, 8][i])).join(' '));
line(['module', 'score', 'killed', 'survived', 'no cov', 'timed out', 'minutes']);
let failed = false;
for (const r of rows) {
  if (r.score === undefined) {
    failed = true;
    line([r.name, 'ERROR', '', '', '', '', r.minutes.toFixed(1)]);
    continue;
  }
  if (r.score < TARGET || r.status !== 0) failed = true;
  line([r.name, `${r.score.toFixed(1)}%`, r.killed, r.survived, r.noCoverage, r.timeout, r.minutes.toFixed(1)]);
  for (const [file, f] of Object.entries(r.files)) console.log(`    ${file}: ${f.score.toFixed(1)}% (${f.survived + f.noCoverage} left)`);
}
const total = rows.reduce((n, r) => n + r.minutes, 0);
console.log(`Total ${total.toFixed(1)} min. Target: ${TARGET}% per module.`);
process.exit(failed ? 1 : 0);

function scoreOf(report) {
  const count = { killed: 0, timeout: 0, survived: 0, noCoverage: 0 };
  const files = {};
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const f = { killed: 0, timeout: 0, survived: 0, noCoverage: 0 };
    for (const m of mutants) {
      const key = { Killed: 'killed', Timeout: 'timeout', Survived: 'survived', NoCoverage: 'noCoverage' }[m.status];
      if (!key) continue;
      f[key]++;
      count[key]++;
    }
    files[path.relative(root, path.resolve(root, file))] = { ...f, score: pct(f) };
  }
  return { ...count, score: pct(count), files };
}

function pct(c) {
  const valid = c.killed + c.timeout + c.survived + c.noCoverage;
  return valid ? (100 * (c.killed + c.timeout)) / valid : 100;
}
