import { setTimeout as sleep } from 'node:timers/promises';

/** Fragments that each spread the previous one twice under two aliases: ~1 KB to send, exponential to expand. */
function fragmentBomb(levels: number): string {
  const fragments = ['fragment F0 on Territory { id name }'];
  for (let i = 1; i <= levels; i++) fragments.push(`fragment F${i} on Territory { a: parent { ...F${i - 1} } b: parent { ...F${i - 1} } }`);
  return `query Bomb { territory(id: "CL:01107") { ...F${levels} } }\n${fragments.join('\n')}`;
}

const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `t${i}: territory(id: "CL:01107") { id }`).join(' ')} }`;
const deep = (n: number) => `{ territory(id: "CL:01107") { ${'parent { '.repeat(n)}id${' }'.repeat(n)} } }`;

/** The hostile requests of issue 11, each as a POST body. */
export const HOSTILE_BODIES: { name: string; body: string }[] = [
  { name: 'fragment bomb, 14 levels', body: JSON.stringify({ query: fragmentBomb(14) }) },
  { name: 'fragment bomb, 15 levels', body: JSON.stringify({ query: fragmentBomb(15) }) },
  { name: '10,000 aliases', body: JSON.stringify({ query: aliases(10_000) }) },
  { name: '1,000 aliases', body: JSON.stringify({ query: aliases(1_000) }) },
  { name: 'depth 40', body: JSON.stringify({ query: deep(40) }) },
  { name: '5 MB body', body: JSON.stringify({ query: `{ territory(id: "${'x'.repeat(5 * 2 ** 20)}") { id } }` }) },
  { name: 'two anonymous operations', body: JSON.stringify({ query: '{ __typename } { __typename }' }) },
  { name: 'unknown operationName', body: JSON.stringify({ query: 'query A { __typename }', operationName: 'Z' }) },
];

export interface HostileOutcome {
  /** HTTP statuses seen per hostile request. */
  statuses: Map<string, Set<number>>;
  sent: number;
  /** `{ __typename }` latencies (ms) measured while the battery ran. */
  typenameP95: number;
  typenameMax: number;
}

/**
 * Sends the hostile requests from `concurrency` loops for `seconds`, while one more loop times a
 * `{ __typename }` every 50 ms: the gateway must refuse every one with a 4xx and keep answering.
 */
export async function hostileBattery(url: string, o: { seconds: number; concurrency: number }): Promise<HostileOutcome> {
  const statuses = new Map<string, Set<number>>();
  const until = Date.now() + o.seconds * 1000;
  let sent = 0;
  const loop = async (offset: number) => {
    for (let i = offset; Date.now() < until; i++) {
      const { name, body } = HOSTILE_BODIES[i % HOSTILE_BODIES.length];
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).catch(() => null);
      await res?.arrayBuffer();
      sent++;
      if (!statuses.has(name)) statuses.set(name, new Set());
      statuses.get(name)!.add(res?.status ?? 0);
    }
  };
  const latencies: number[] = [];
  const probe = async () => {
    while (Date.now() < until) {
      const started = performance.now();
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' }).then((r) =>
        r.arrayBuffer(),
      );
      latencies.push(performance.now() - started);
      await sleep(50);
    }
  };
  await Promise.all([...Array.from({ length: o.concurrency }, (_, i) => loop(i)), probe()]);
  latencies.sort((a, b) => a - b);
  return {
    statuses,
    sent,
    typenameP95: latencies[Math.floor(latencies.length * 0.95)] ?? NaN,
    typenameMax: latencies[latencies.length - 1] ?? NaN,
  };
}
