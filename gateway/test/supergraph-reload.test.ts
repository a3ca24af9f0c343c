import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { createVerifier, DEFAULT_AUDIENCE, DEV_ISSUER, resolvePublicKey } from '@cultura/auth';
import { createLogger } from '@cultura/service-kit';
import { GraphQLTestClient } from '@cultura/testkit';
import { composeSubgraphs, startGateway, type RunningGateway } from '../src';
import { FAKE_SUBGRAPH_SDL, startFakeSubgraph, type FakeSubgraph } from './fake-subgraph';

/** The fake subgraph as first published: without `hello`, which the second version adds. */
const FIRST_SDL = FAKE_SUBGRAPH_SDL.replace(/^\s*hello: String\s*$/m, '');

let subgraph: FakeSubgraph;
let dir: string;
let first: string;
let second: string;

beforeAll(async () => {
  subgraph = await startFakeSubgraph();
  first = composeSubgraphs([{ name: 'echo', url: subgraph.url, typeDefs: FIRST_SDL }]);
  second = composeSubgraphs([{ name: 'echo', url: subgraph.url, typeDefs: FAKE_SUBGRAPH_SDL }]);
  expect(first).not.toContain('hello');
  dir = mkdtempSync(path.join(tmpdir(), 'cultura-supergraph-'));
});
afterAll(async () => {
  await subgraph?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Log lines the gateway wrote, parsed. */
function captureLog(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, stream };
}

async function gatewayOn(file: string, log: Writable): Promise<RunningGateway> {
  return startGateway({
    supergraphFile: file,
    // Change events only, so each test shows the watcher itself picking the change up.
    supergraphPollIntervalMs: 0,
    host: '127.0.0.1',
    port: 0,
    timeoutMs: 2000,
    corsOrigins: '*',
    verifier: createVerifier({ publicKey: resolvePublicKey({ production: false }), issuer: DEV_ISSUER, audience: DEFAULT_AUDIENCE }),
    log: createLogger('gateway', 'info', log),
    production: false,
  });
}

/** Writes next to `file` and renames over it: readers see the old or the new file, never half of one. */
function replaceAtomically(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

/** Waits until `{ hello }` is answered, i.e. the gateway serves the second supergraph. */
async function untilServed(client: GraphQLTestClient, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await client.request('{ hello }');
    if (res.data && (res.data as { hello?: string }).hello === 'hola') return;
    if (Date.now() > deadline) throw new Error(`the new supergraph was not served within ${timeoutMs} ms: ${JSON.stringify(res)}`);
    await sleep(50);
  }
}

async function reloads(gateway: RunningGateway): Promise<Record<string, number>> {
  const metric = await gateway.metrics.registry.getSingleMetric('cultura_gateway_supergraph_reloads_total')?.get();
  return Object.fromEntries((metric?.values ?? []).map((v) => [String(v.labels.outcome), v.value]));
}

describe('supergraph reload', () => {
  it('swaps the supergraph file under a steady load without failing a single request, then serves the new schema', async () => {
    const file = path.join(dir, 'load', 'supergraph.graphql');
    mkdirSync(path.dirname(file));
    writeFileSync(file, first);
    const log = captureLog();
    const gateway = await gatewayOn(file, log.stream);
    const client = new GraphQLTestClient(gateway.url);
    try {
      await client.error('GRAPHQL_VALIDATION_FAILED', '{ hello }');

      // 500 requests, one every 6 ms (about 3 s), each on its own; the file is swapped half way through.
      const total = 500;
      const failures: string[] = [];
      const requests: Promise<void>[] = [];
      for (let i = 0; i < total; i++) {
        if (i === total / 2) replaceAtomically(file, second);
        requests.push(
          client.request<{ authorization: string | null }>('{ authorization }').then(
            (res) => {
              if (res.status !== 200 || res.errors?.length || !res.data || !('authorization' in res.data))
                failures.push(JSON.stringify(res));
            },
            (err: Error) => {
              failures.push(err.message);
            },
          ),
        );
        await sleep(6);
      }
      // The reload happened while requests were still being sent, not after the load.
      expect(log.lines.filter((l) => l.msg === 'supergraph reloaded')).toHaveLength(1);
      await Promise.all(requests);
      expect(failures).toEqual([]);

      await untilServed(client);
      expect(await reloads(gateway)).toEqual({ applied: 1 });
    } finally {
      await gateway.stop();
    }
  });

  it('follows a Kubernetes ConfigMap update, where the ..data symlink is swapped and the file itself never written', async () => {
    // The layout kubelet gives a mounted ConfigMap: supergraph.graphql -> ..data/supergraph.graphql,
    // ..data -> ..<timestamp>/; an update writes a new timestamp folder and renames a new ..data over the old.
    const mount = path.join(dir, 'configmap');
    const version = (name: string, content: string) => {
      mkdirSync(path.join(mount, name), { recursive: true });
      writeFileSync(path.join(mount, name, 'supergraph.graphql'), content);
    };
    version('..2026_01_01_00_00_00.1', first);
    symlinkSync('..2026_01_01_00_00_00.1', path.join(mount, '..data'));
    symlinkSync(path.join('..data', 'supergraph.graphql'), path.join(mount, 'supergraph.graphql'));
    const gateway = await gatewayOn(path.join(mount, 'supergraph.graphql'), captureLog().stream);
    const client = new GraphQLTestClient(gateway.url);
    try {
      await client.error('GRAPHQL_VALIDATION_FAILED', '{ hello }');
      version('..2026_01_01_00_01_00.2', second);
      symlinkSync('..2026_01_01_00_01_00.2', path.join(mount, '..data_tmp'));
      renameSync(path.join(mount, '..data_tmp'), path.join(mount, '..data'));
      await untilServed(client);
    } finally {
      await gateway.stop();
    }
  });

  it('keeps serving the current supergraph when the new file is invalid, logs why, and takes the next valid one', async () => {
    const file = path.join(dir, 'invalid', 'supergraph.graphql');
    mkdirSync(path.dirname(file));
    writeFileSync(file, first);
    const log = captureLog();
    const gateway = await gatewayOn(file, log.stream);
    const client = new GraphQLTestClient(gateway.url);
    try {
      // Valid GraphQL, but not a supergraph: the gateway would fail every request with it.
      replaceAtomically(file, 'type Query { hello: String }');
      const deadline = Date.now() + 5000;
      while (!(await reloads(gateway)).rejected && Date.now() < deadline) await sleep(50);
      expect(await reloads(gateway)).toEqual({ rejected: 1 });
      const rejected = log.lines.find((l) => l.msg === 'new supergraph rejected; still serving the previous one');
      expect(rejected).toMatchObject({ level: 50, file });
      expect(await client.data('{ authorization }')).toEqual({ authorization: null });
      await client.error('GRAPHQL_VALIDATION_FAILED', '{ hello }');

      replaceAtomically(file, second);
      await untilServed(client);
      expect(await reloads(gateway)).toEqual({ rejected: 1, applied: 1 });
    } finally {
      await gateway.stop();
    }
  });
});
