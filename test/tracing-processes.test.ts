/**
 * Tracing as it runs in the containers: each process started with the tracing preload
 * (`node --import tsx --import ./packages/service-kit/src/instrument.ts <entry>`) and
 * OTEL_EXPORTER_OTLP_ENDPOINT set, exporting to a collector, here a fake one on loopback that records
 * what it receives. Checks what the in-process test cannot: the preload's require hook, the OTLP
 * export, each process's `service.name`, the trace context crossing a real process boundary, and the
 * last spans being sent when a process stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@cultura/testkit';
import { composeSubgraphs, loadSubgraphSources, readSubgraphList } from '@cultura/gateway';

const ROOT = path.resolve(__dirname, '..');
const PRELOAD = './packages/service-kit/src/instrument.ts';

interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Record<string, unknown>;
}

/** An OTLP/HTTP (JSON) receiver: what the OpenTelemetry Collector would receive. */
async function startCollector(): Promise<{ url: string; spans: ExportedSpan[]; stop(): Promise<void> }> {
  const spans: ExportedSpan[] = [];
  type Attribute = { key: string; value: Record<string, unknown> };
  const attributes = (list: Attribute[] = []) => Object.fromEntries(list.map((a) => [a.key, Object.values(a.value)[0]]));
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const payload = JSON.parse(body) as {
        resourceSpans: {
          resource: { attributes: Attribute[] };
          scopeSpans: { spans: (Omit<ExportedSpan, 'service' | 'attributes'> & { attributes: Attribute[] })[] }[];
        }[];
      };
      for (const rs of payload.resourceSpans) {
        const service = String(attributes(rs.resource.attributes)['service.name']);
        for (const ss of rs.scopeSpans) {
          for (const s of ss.spans)
            spans.push({ ...s, parentSpanId: s.parentSpanId || undefined, service, attributes: attributes(s.attributes) });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A process started the way the container images start it, with its JSON log lines collected. */
class Proc {
  readonly lines: Record<string, unknown>[] = [];
  output = '';
  readonly exited: Promise<number | null>;
  private readonly proc: ChildProcess;

  constructor(entry: string, env: Record<string, string>) {
    this.proc = spawn(process.execPath, ['--import', 'tsx', '--import', PRELOAD, entry], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let partial = '';
    this.proc.stdout?.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString('utf8');
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        this.output += `${line}\n`;
        if (line.startsWith('{')) this.lines.push(JSON.parse(line));
      }
    });
    this.proc.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => this.proc.once('exit', (code) => resolve(code)));
  }

  /** The `url` of the first log line with this message (the process's own address once it listens). */
  async url(message: string, timeoutMs = 60_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.lines.find((l) => l.msg === message);
      if (line) return String(line.url);
      if (this.proc.exitCode !== null || Date.now() > deadline) throw new Error(`no "${message}" line:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async stop(): Promise<number | null> {
    if (this.proc.exitCode === null) this.proc.kill('SIGTERM');
    return this.exited;
  }
}

let collector: Awaited<ReturnType<typeof startCollector>>;
let database: TestDatabase;
let dir: string;
let territories: Proc | undefined;
let gateway: Proc | undefined;

beforeAll(async () => {
  collector = await startCollector();
  database = await createTestDatabase('territories_otlp');
  dir = mkdtempSync(path.join(tmpdir(), 'cultura-otlp-'));
});
afterAll(async () => {
  await gateway?.stop();
  await territories?.stop();
  await collector?.stop();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

it('exports one trace per request from the gateway and service processes over OTLP, and sends the last spans on SIGTERM', async () => {
  const common = { NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', OTEL_EXPORTER_OTLP_ENDPOINT: collector.url };
  territories = new Proc('services/territories/src/index.ts', { ...common, DATABASE_URL: database.url, DB_POOL_SIZE: '2' });
  const territoriesUrl = await territories.url('territories ready');

  const supergraphFile = path.join(dir, 'supergraph.graphql');
  const listed = readSubgraphList(ROOT).filter((s) => s.name === 'territories');
  writeFileSync(supergraphFile, composeSubgraphs(loadSubgraphSources(ROOT, listed, { territories: territoriesUrl })));
  gateway = new Proc('gateway/src/index.ts', { ...common, SUPERGRAPH_FILE: supergraphFile });
  const gatewayUrl = await gateway.url('gateway ready');

  const res = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ territory(id: "CL:01107") { name parent { name } } }' }),
  });
  expect(await res.json()).toEqual({ data: { territory: { name: 'Alto Hospicio', parent: { name: 'Iquique' } } } });

  // Stopping flushes each process's batch of spans: no waiting for the batch delay.
  expect(await gateway.stop()).toBe(0);
  expect(await territories.stop()).toBe(0);

  const root = collector.spans.find((s) => s.service === 'gateway' && s.name === 'POST /graphql' && !s.parentSpanId);
  expect(root).toBeDefined();
  const trace = collector.spans.filter((s) => s.traceId === root?.traceId);
  const byId = new Map(trace.map((s) => [s.spanId, s]));
  const descends = (s: ExportedSpan, from: ExportedSpan): boolean => {
    const parent = s.parentSpanId ? byId.get(s.parentSpanId) : undefined;
    return parent === from || (parent !== undefined && descends(parent, from));
  };

  const fetchSpan = trace.find((s) => s.service === 'gateway' && s.name === 'gateway.fetch');
  const server = trace.find((s) => s.service === 'territories' && s.name === 'POST /graphql');
  expect(fetchSpan && server && descends(server, fetchSpan)).toBe(true);
  const sql = trace.filter((s) => s.service === 'territories' && s.name.startsWith('pg.query'));
  expect(sql.length).toBeGreaterThan(0);
  expect(sql.every((s) => server !== undefined && descends(s, server) && s.attributes['db.namespace'] === database.name)).toBe(true);

  // The service's request log line carries the trace it belongs to.
  const logged = territories.lines.find((l) => l.msg === 'graphql request');
  expect(logged).toMatchObject({ trace_id: root?.traceId });
});
