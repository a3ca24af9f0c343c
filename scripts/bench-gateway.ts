/**
 * `npm run bench:gateway [-- --seconds 10 --connections 10 --rounds 2]`
 *
 * Starts the stack as `npm start` does (on ports of its own, data in `.data/bench`), then, on the same
 * services and the same supergraph: this gateway with its defaults, response cache on and off (and, to measure
 * each lever, cache off with two workers, and cache off without sharing identical in-flight calls), a vanilla
 * `@apollo/gateway` behind Apollo Server, and Hive Gateway with its defaults and with two workers. Every
 * gateway's answers are compared with the others' first. It runs the dashboard query (`DashboardActions`:
 * 20 actions from the index, each completed by its program's service and its territories with their
 * parent) and a territories-only query (`DashboardTerritories`, also sent straight to the territories
 * service) with autocannon, alternating the gateways' order between rounds, then sends issue 11's hostile
 * requests to this gateway while timing a `{ __typename }`. Prints RPS, p95, ratios to both peers and the
 * gateways' peak resident memory. A benchmark, not a test: it asserts nothing.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { delegateSecurityToSubgraphs, readSubgraphList, subgraphUrlVariable } from '@cultura/gateway';
import { repoRoot } from '@cultura/service-kit';
import { RssSampler, startProcess, stopProcess, waitFor, type Started } from './bench-gateway/processes';
import { answer, load, type RunResult } from './bench-gateway/load';
import { hostileBattery } from './bench-gateway/hostile';

const { values } = parseArgs({ options: { seconds: { type: 'string' }, connections: { type: 'string' }, rounds: { type: 'string' } } });
const SECONDS = Number(values.seconds ?? 10);
const CONNECTIONS = Number(values.connections ?? 10);
const ROUNDS = Number(values.rounds ?? 2);
const WARM_UP_SECONDS = 3;
const ROOT = repoRoot();
/** Ports of the benchmark's own stack: each service's usual port + PORT_OFFSET, so `npm start` may run beside it. */
const PORT_OFFSET = 900;
const EMBEDDED_POSTGRES_OFFSET = 1000;
const GATEWAY_PORT = 4900;
const TSX = ['--import', 'tsx'];

interface Gateway {
  name: string;
  /** Ours or a peer: ratios are ours over the peers. */
  role: 'ours-cache-on' | 'ours-cache-off' | 'lever' | 'vanilla' | 'hive' | 'peer' | 'direct';
  url: string;
  process?: Started;
  /** Only for the territories query (the territories service itself). */
  territoriesOnly?: boolean;
}

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
const fixed = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '—');

function manifestBody(name: string, variables: Record<string, unknown>): string {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'gateway', 'persisted-operations.json'), 'utf8')) as {
    operations: { name: string; body: string }[];
  };
  const op = manifest.operations.find((o) => o.name === name);
  if (!op) throw new Error(`${name} is not in gateway/persisted-operations.json`);
  return JSON.stringify({ query: op.body, operationName: name, variables });
}

const QUERIES = [
  { name: 'dashboard (DashboardActions)', body: manifestBody('DashboardActions', {}), territoriesOnly: false },
  {
    name: 'territories (DashboardTerritories, CL, 50)',
    body: manifestBody('DashboardTerritories', { country: 'CL', first: 50 }),
    territoriesOnly: true,
  },
];

async function main(): Promise<void> {
  const subgraphs = readSubgraphList(ROOT);
  const benchUrl = (url: string) => {
    const u = new URL(url);
    u.port = String(Number(u.port) + PORT_OFFSET);
    return u.toString();
  };
  const stackEnv: NodeJS.ProcessEnv = {
    PORT: String(GATEWAY_PORT),
    DATA_DIR: path.join(ROOT, '.data', 'bench'),
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_POINTS: '0',
  };
  for (const s of subgraphs) {
    const prefix = s.name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
    stackEnv[`${prefix}_PORT`] = new URL(benchUrl(s.url)).port;
    stackEnv[`${prefix}_EMBEDDED_POSTGRES_PORT`] = String(54300 + subgraphs.indexOf(s) + 1 + EMBEDDED_POSTGRES_OFFSET);
  }
  const routes = Object.fromEntries(subgraphs.map((s) => [subgraphUrlVariable(s.name), benchUrl(s.url)]));

  // The peers read the same supergraph, routed to the benchmark's services.
  let supergraph = delegateSecurityToSubgraphs(readFileSync(path.join(ROOT, 'gateway', 'supergraph.graphql'), 'utf8')).supergraphSdl;
  for (const s of subgraphs) supergraph = supergraph.split(`"${s.url}"`).join(`"${benchUrl(s.url)}"`);
  const supergraphFile = path.join(mkdtempSync(path.join(tmpdir(), 'bench-gateway-')), 'supergraph.graphql');
  writeFileSync(supergraphFile, supergraph);

  const started: Started[] = [];
  const stopAll = async () => {
    for (const p of started.reverse()) await stopProcess(p);
  };
  process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));
  try {
    process.stdout.write('starting the stack (npm start on bench ports, data in .data/bench)…\n');
    const stack = startProcess('stack', [...TSX, 'scripts/start.ts'], stackEnv, ROOT);
    started.push(stack);
    const stackUrl = `http://127.0.0.1:${GATEWAY_PORT}/graphql`;
    await waitFor(stack, `http://127.0.0.1:${GATEWAY_PORT}/readyz`, 300_000);
    await waitForIndex(stackUrl);

    const ours = (name: string, port: number, env: NodeJS.ProcessEnv, role: Gateway['role']): Gateway => {
      const p = startProcess(
        name,
        [...TSX, 'gateway/src/index.ts'],
        { ...routes, PORT: String(port), LOG_LEVEL: 'warn', RATE_LIMIT_POINTS: '0', ...env },
        ROOT,
      );
      started.push(p);
      return { name, role, url: `http://127.0.0.1:${port}/graphql`, process: p };
    };
    const peer = (name: string, port: number, args: string[], role: Gateway['role']): Gateway => {
      const p = startProcess(name, args, { APOLLO_TELEMETRY_DISABLED: 'true', NODE_ENV: 'development' }, ROOT);
      started.push(p);
      return { name, role, url: `http://127.0.0.1:${port}/graphql`, process: p };
    };
    const hiveBin = require.resolve('@graphql-hive/gateway/package.json').replace(/package\.json$/, 'dist/bin.js');
    const gateways: Gateway[] = [
      ours('ours, cache on', 4910, { RESPONSE_CACHE: 'true' }, 'ours-cache-on'),
      ours('ours, cache off', 4911, { RESPONSE_CACHE: 'false' }, 'ours-cache-off'),
      ours('ours, cache off, 2 workers', 4912, { RESPONSE_CACHE: 'false', GATEWAY_WORKERS: '2' }, 'lever'),
      ours('ours, cache off, no shared calls', 4913, { RESPONSE_CACHE: 'false', SHARE_IN_FLIGHT_CALLS: 'false' }, 'lever'),
      peer('vanilla @apollo/gateway', 4914, [...TSX, 'scripts/bench-gateway/vanilla-gateway.ts', supergraphFile, '4914'], 'vanilla'),
      peer('Hive Gateway 2.15.1', 4915, [hiveBin, 'supergraph', supergraphFile, '--port', '4915', '--host', '127.0.0.1'], 'hive'),
      peer(
        'Hive Gateway 2.15.1, --fork 2',
        4916,
        [hiveBin, 'supergraph', supergraphFile, '--port', '4916', '--host', '127.0.0.1', '--fork', '2'],
        'peer',
      ),
      { name: 'territories service, direct', role: 'direct', url: routes[subgraphUrlVariable('territories')], territoriesOnly: true },
    ];
    for (const g of gateways) if (g.process) await waitFor(g.process, g.url, 120_000, '{"query":"{ __typename }"}');
    await compareAnswers(gateways);

    const sampler = new RssSampler(gateways.flatMap((g) => (g.process?.proc.pid ? [g.process.proc.pid] : [])));
    const results = new Map<string, RunResult[]>();
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? gateways : [...gateways].reverse();
      for (const q of QUERIES) {
        for (const g of order) {
          if (g.territoriesOnly && !q.territoriesOnly) continue;
          await load(g.url, q.body, { connections: CONNECTIONS, seconds: WARM_UP_SECONDS });
          const r = await load(g.url, q.body, { connections: CONNECTIONS, seconds: SECONDS });
          const key = `${q.name}\u0000${g.name}`;
          results.set(key, [...(results.get(key) ?? []), r]);
          process.stdout.write(
            `  round ${round + 1}  ${q.name.padEnd(44)} ${g.name.padEnd(44)} ${fixed(r.rps).padStart(6)} RPS  p95 ${fixed(r.p95)} ms${r.failures ? `  ${r.failures} failed` : ''}\n`,
          );
        }
      }
    }

    const target = gateways[0];
    process.stdout.write(`\nhostile requests to "${target.name}" for ${SECONDS} s, 8 at a time, timing { __typename } meanwhile…\n`);
    const hostile = await hostileBattery(target.url, { seconds: SECONDS, concurrency: 8 });
    sampler.stop();
    printReport(gateways, results, sampler, hostile);
  } finally {
    await stopAll();
  }
}

/** The index answers once the feeds are applied: waits until its action count stops moving. */
async function waitForIndex(url: string): Promise<void> {
  const body = JSON.stringify({ query: '{ actions(first: 1) { totalCount } }' });
  let last = -1;
  for (let i = 0; i < 120; i++) {
    const count = ((await answer(url, body)).data as { actions?: { totalCount: number } } | undefined)?.actions?.totalCount ?? -1;
    if (count > 0 && count === last) return;
    last = count;
    await sleep(2000);
  }
  throw new Error('the index did not settle');
}

/** Every gateway must give the same data, or their speeds say nothing. */
async function compareAnswers(gateways: Gateway[]): Promise<void> {
  for (const q of QUERIES) {
    const reference = await answer(gateways[1].url, q.body);
    if (reference.errors?.length || !reference.data) throw new Error(`${q.name}: ${JSON.stringify(reference.errors)}`);
    for (const g of gateways) {
      if (g.territoriesOnly && !q.territoriesOnly) continue;
      const got = await answer(g.url, q.body);
      if (!isDeepStrictEqual(got.data, reference.data) || got.errors?.length) {
        throw new Error(`${g.name} answers ${q.name} differently: ${JSON.stringify(got).slice(0, 500)}`);
      }
    }
  }
}

function printReport(
  gateways: Gateway[],
  results: Map<string, RunResult[]>,
  sampler: RssSampler,
  hostile: Awaited<ReturnType<typeof hostileBattery>>,
): void {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const of = (q: string, g: Gateway | undefined) => (g ? results.get(`${q}\u0000${g.name}`) : undefined);
  const rps = (q: string, role: Gateway['role']) =>
    mean(
      of(
        q,
        gateways.find((g) => g.role === role),
      )?.map((r) => r.rps) ?? [NaN],
    );
  process.stdout.write(
    `\n${CONNECTIONS} connections, ${SECONDS} s per run after ${WARM_UP_SECONDS} s of warm-up, ${ROUNDS} rounds (order reversed each round)\n`,
  );
  for (const q of QUERIES) {
    process.stdout.write(`\n${q.name}\n`);
    process.stdout.write(`  ${'gateway'.padEnd(44)} ${'RPS per round'.padEnd(16)} ${'mean'.padStart(6)} ${'p95 ms'.padStart(7)} failed\n`);
    for (const g of gateways) {
      const runs = of(q.name, g);
      if (!runs) continue;
      const failed = runs.reduce((a, r) => a + r.failures, 0);
      process.stdout.write(
        `  ${g.name.padEnd(44)} ${runs
          .map((r) => fixed(r.rps))
          .join(' / ')
          .padEnd(
            16,
          )} ${fixed(mean(runs.map((r) => r.rps))).padStart(6)} ${fixed(mean(runs.map((r) => r.p95)), 1).padStart(7)} ${failed}\n`,
      );
    }
    for (const [label, role] of [
      ['cache on', 'ours-cache-on'],
      ['cache off', 'ours-cache-off'],
    ] as const) {
      process.stdout.write(
        `  ours ${label}: ×${fixed(rps(q.name, role) / rps(q.name, 'vanilla'), 2)} vanilla @apollo/gateway, ×${fixed(rps(q.name, role) / rps(q.name, 'hive'), 2)} Hive Gateway\n`,
      );
    }
  }
  process.stdout.write('\npeak resident memory (whole process tree; largest single process)\n');
  for (const g of gateways) {
    const pid = g.process?.proc.pid;
    if (!pid) continue;
    const peak = sampler.peak(pid);
    process.stdout.write(`  ${g.name.padEnd(44)} ${mb(peak.tree).padStart(7)}  ${mb(peak.process).padStart(7)}\n`);
  }
  process.stdout.write(
    `\nhostile requests: ${hostile.sent} sent; { __typename } meanwhile p95 ${fixed(hostile.typenameP95, 1)} ms, max ${fixed(hostile.typenameMax, 1)} ms\n`,
  );
  for (const [name, statuses] of hostile.statuses) process.stdout.write(`  ${name.padEnd(28)} HTTP ${[...statuses].join(', ')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
