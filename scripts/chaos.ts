/**
 * `npm run chaos [-- --gateway http://127.0.0.1:4000/graphql --down-seconds 5]`
 *
 * Against a stack already running on this machine (`npm start`): sends a steady load of four query
 * classes through the gateway — territories only, one program (red-gestion), cross-program (the
 * dashboard's actions listing: atlas, every program, territories) and mutations (territories writes) —
 * while it kills each service in turn with SIGKILL and lets `npm start` restart it. Prints, per class,
 * the success rate, 5xx count and the time each class took to answer fully again after each service was
 * back; then checks every write the gateway acknowledged is stored (acknowledged writes lost).
 *
 * Every request differs in one alias, so the response cache serves none of them: the load measures the
 * services, not the cache. Each load loop stays under the gateway's default rate limit. It refuses any
 * gateway not on this machine, and stops by itself.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { signToken } from '@cultura/auth';
import { findServicePid, readSubgraphs, type Subgraph } from './chaos/processes';

const { values } = parseArgs({
  options: { gateway: { type: 'string' }, 'down-seconds': { type: 'string' }, 'settle-seconds': { type: 'string' } },
});
const GATEWAY = values.gateway ?? 'http://127.0.0.1:4000/graphql';
const SETTLE_SECONDS = Number(values['settle-seconds'] ?? 5);
const ROOT = path.resolve(__dirname, '..');
/** One request per loop this often: 8 loops of one caller each stay under 600 requests a minute apiece. */
const PACE_MS = 150;
const LOOPS_PER_CLASS = 2;

type ClassName = 'territories only' | 'one program' | 'cross-program' | 'mutations';

interface Outcome {
  at: number;
  status: number;
  ok: boolean;
}

interface QueryClass {
  name: ClassName;
  /** The body of the n-th request (a fresh alias each time defeats the response cache). */
  body(n: number): { query: string; variables?: Record<string, unknown> };
  /** Scopes the loop's token carries. */
  scopes: string[];
  /** What a successful answer holds that must be kept (a written id). */
  keep?: (data: Record<string, unknown>) => string | undefined;
}

const CLASSES: QueryClass[] = [
  {
    name: 'territories only',
    scopes: [],
    body: (n) => ({ query: `{ n${n}: __typename territory(id: "CL:01107") { id name parent { id name } } }` }),
  },
  {
    name: 'one program',
    scopes: [],
    body: (n) => ({ query: `{ n${n}: __typename redGestion { workshops(first: 5) { nodes { title status } } } }` }),
  },
  {
    name: 'cross-program',
    scopes: [],
    body: (n) => ({
      query: `{ n${n}: __typename actions(first: 10) { totalCount nodes { __typename id title program { id name } territories { id name } } } }`,
    }),
  },
  {
    name: 'mutations',
    scopes: ['territories:write'],
    body: (n) => ({
      query: `mutation Chaos($input: AddLocalTerritoryInput!) { n${n}: addLocalTerritory(input: $input) { id } }`,
      variables: { input: { parentId: 'CL:01107', name: `Chaos ${Date.now()}-${n}`, kind: 'NEIGHBOURHOOD', source: 'npm run chaos' } },
    }),
    keep: (data) => Object.values(data).find((v): v is { id: string } => typeof v === 'object' && v !== null && 'id' in v)?.id,
  },
];

async function send(body: object, token: string): Promise<{ status: number; data?: Record<string, unknown> | null; errors?: unknown[] }> {
  try {
    const res = await fetch(GATEWAY, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    const json = (await res.json().catch(() => ({}))) as { data?: Record<string, unknown> | null; errors?: unknown[] };
    return { status: res.status, ...json };
  } catch {
    return { status: 0 };
  }
}

async function readyAgain(s: Subgraph, timeoutMs: number): Promise<number | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(new URL('/readyz', s.url), { signal: AbortSignal.timeout(1_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return Date.now();
    await sleep(100);
  }
  return null;
}

async function main(): Promise<number> {
  const host = new URL(GATEWAY).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host)) {
    process.stderr.write(`npm run chaos only sends traffic to this machine; ${GATEWAY} is not local\n`);
    return 2;
  }
  if (
    !(await fetch(new URL('/readyz', GATEWAY)).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    process.stderr.write(`no gateway answers at ${GATEWAY}: start the stack with \`npm start\` first\n`);
    return 2;
  }
  const subgraphs = readSubgraphs(ROOT);
  const pids = new Map(subgraphs.map((s) => [s.name, findServicePid(s)]));
  const missing = [...pids].filter(([, pid]) => pid === null).map(([name]) => name);
  if (missing.length) {
    process.stderr.write(`cannot find the process of ${missing.join(', ')} on this machine: is the stack running with \`npm start\`?\n`);
    return 2;
  }

  const outcomes = new Map<ClassName, Outcome[]>(CLASSES.map((c) => [c.name, []]));
  const acknowledged: string[] = [];
  let running = true;
  let counter = 0;
  const loops = CLASSES.flatMap((c) =>
    Array.from({ length: LOOPS_PER_CLASS }, async (_, i) => {
      const token = signToken({ scopes: c.scopes, subject: `chaos-${c.name.replace(/\W+/g, '-')}-${i}`, expiresIn: '1h' });
      while (running) {
        const started = Date.now();
        const answer = await send(c.body(++counter), token);
        const ok = answer.status === 200 && !answer.errors?.length && !!answer.data;
        outcomes.get(c.name)!.push({ at: Date.now(), status: answer.status, ok });
        const kept = ok && c.keep ? c.keep(answer.data!) : undefined;
        if (kept) acknowledged.push(kept);
        await sleep(Math.max(0, PACE_MS - (Date.now() - started)));
      }
    }),
  );

  process.stdout.write(
    `load: ${CLASSES.length} classes × ${LOOPS_PER_CLASS} loops, one request per loop every ${PACE_MS} ms, through ${GATEWAY}\n`,
  );
  await sleep(SETTLE_SECONDS * 1000);
  const kills: { service: string; killedAt: number; backAt: number | null }[] = [];
  for (const s of subgraphs) {
    const pid = findServicePid(s);
    if (pid === null) {
      process.stdout.write(`  ${s.name}: not running, skipped\n`);
      continue;
    }
    process.kill(pid, 'SIGKILL');
    const killedAt = Date.now();
    process.stdout.write(`  killed ${s.name} (pid ${pid}) with SIGKILL; waiting for npm start to bring it back…\n`);
    // Not ready at once: the killed process's port may answer for a moment while it dies.
    await sleep(500);
    const backAt = await readyAgain(s, 90_000);
    process.stdout.write(
      `  ${s.name} ${backAt ? `ready again after ${((backAt - killedAt) / 1000).toFixed(1)} s` : 'NOT back after 90 s'}\n`,
    );
    kills.push({ service: s.name, killedAt, backAt });
    await sleep(SETTLE_SECONDS * 1000);
  }
  running = false;
  await Promise.all(loops);

  printReport(outcomes, kills);
  const lost = await lostWrites(acknowledged);
  process.stdout.write(
    `\nacknowledged writes: ${acknowledged.length}; lost: ${lost.length}${lost.length ? ` (${lost.slice(0, 5).join(', ')}…)` : ''}\n`,
  );
  return lost.length || kills.some((k) => !k.backAt) ? 1 : 0;
}

function printReport(outcomes: Map<ClassName, Outcome[]>, kills: { service: string; killedAt: number; backAt: number | null }[]): void {
  const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '—');
  process.stdout.write(
    `\n${'class'.padEnd(18)} ${'requests'.padStart(8)} ${'success'.padStart(8)} ${'partial'.padStart(8)} ${'5xx'.padStart(5)} ${'other'.padStart(6)}\n`,
  );
  for (const [name, list] of outcomes) {
    const ok = list.filter((o) => o.ok).length;
    const partial = list.filter((o) => !o.ok && o.status === 200).length;
    const fiveXx = list.filter((o) => o.status >= 500).length;
    const other = list.length - ok - partial - fiveXx;
    process.stdout.write(
      `${name.padEnd(18)} ${String(list.length).padStart(8)} ${pct(ok, list.length).padStart(8)} ${String(partial).padStart(8)} ${String(fiveXx).padStart(5)} ${String(other).padStart(6)}\n`,
    );
  }
  process.stdout.write(
    `\nafter each kill: answers that were not whole, per class, and seconds from the service being ready again to the class's first whole answer after its last failure\n`,
  );
  process.stdout.write(
    `${'service killed'.padEnd(16)} ${'back after'.padStart(10)}${[...outcomes.keys()].map((c) => c.padStart(24)).join('')}\n`,
  );
  for (const k of kills) {
    const cells = [...outcomes.entries()].map(([, list]) => {
      const until = kills[kills.indexOf(k) + 1]?.killedAt ?? Infinity;
      const window = list.filter((o) => o.at >= k.killedAt && o.at < until);
      const failed = window.filter((o) => !o.ok).length;
      // Recovered: the first full answer after the class's last failure in this window.
      const lastFailed = [...window].reverse().find((o) => !o.ok);
      const recovered = lastFailed ? window.find((o) => o.ok && o.at > lastFailed.at) : undefined;
      const recovery = recovered && k.backAt ? `${(Math.max(0, recovered.at - k.backAt) / 1000).toFixed(1)} s` : 'not yet';
      return (failed ? `${failed} failed, ${recovery}` : 'never failed').padStart(24);
    });
    process.stdout.write(
      `${k.service.padEnd(16)} ${(k.backAt ? `${((k.backAt - k.killedAt) / 1000).toFixed(1)} s` : '—').padStart(10)}${cells.join('')}\n`,
    );
  }
}

/** Acknowledged territory ids the territories service no longer has. */
async function lostWrites(ids: string[]): Promise<string[]> {
  const lost: string[] = [];
  for (let i = 0; i < ids.length; i += 25) {
    const chunk = ids.slice(i, i + 25);
    const query = `{ ${chunk.map((id, j) => `t${j}: territory(id: ${JSON.stringify(id)}) { id }`).join(' ')} }`;
    const answer = await send({ query }, signToken({ scopes: [], subject: 'chaos-check', expiresIn: '1h' }));
    chunk.forEach((id, j) => {
      if (!(answer.data?.[`t${j}`] as { id?: string } | null | undefined)?.id) lost.push(id);
    });
  }
  return lost;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
