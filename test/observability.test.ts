import { Writable } from 'node:stream';
import { trace } from '@opentelemetry/api';
import { createLogger } from '@cultura/service-kit';
import {
  startTestGateway,
  startTestTracing,
  startWithTerritories,
  type ReadableSpan,
  type TestGateway,
  type TestService,
  type TestTracing,
  type WithTerritories,
} from '@cultura/testkit';
import { redCulturaService } from '@cultura/red-cultura';

// Tracing first: the services and the gateway are started with the instrumentations in place.
let tracing: TestTracing;
let stack: WithTerritories;
let territories: TestService;
let redCultura: TestService;
let gateway: TestGateway;

beforeAll(async () => {
  tracing = startTestTracing();
  stack = await startWithTerritories((territoriesUrl) => redCulturaService({ territoriesUrl }));
  ({ territories, service: redCultura } = stack);
  gateway = await startTestGateway([
    { name: 'territories', url: territories.url },
    { name: 'red-cultura', url: redCultura.url },
  ]);
});
afterAll(async () => {
  await gateway?.stop();
  await stack?.stop();
  await tracing?.stop();
});

/** Tarapacá's comunas from territories, each with its Red Cultura plan from red-cultura. */
const QUERY = `query TarapacaPlans {
  territory(id: "CL:01") { name children { nodes { name redCultura { plan { stage } } } } }
}`;

describe('tracing', () => {
  it('follows one request from the gateway through each service it touched down to their SQL, in one trace', async () => {
    tracing.reset();
    const data = await gateway.client.data(QUERY);
    expect(data.territory.name).toBe('Tarapacá');
    // The exporter is synchronous; this lets the last spans (the gateway's own) end.
    await new Promise((resolve) => setTimeout(resolve, 50));

    const spans = tracing.spans();
    const traces = new Set(spans.map((s) => s.spanContext().traceId));
    expect(traces.size).toBe(1);
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    const ancestors = (s: ReadableSpan): ReadableSpan[] => {
      const parent = s.parentSpanContext ? byId.get(s.parentSpanContext.spanId) : undefined;
      return parent ? [parent, ...ancestors(parent)] : [];
    };

    // One root: the gateway's HTTP server span for the client's request.
    const roots = spans.filter((s) => !s.parentSpanContext);
    expect(roots).toHaveLength(1);
    expect(roots[0].name).toBe('POST /graphql');
    expect(spans.find((s) => s.name === 'gateway.request')).toBeDefined();

    for (const [subgraph, service] of [
      ['territories', territories],
      ['red-cultura', redCultura],
    ] as const) {
      // The gateway's fetch to the subgraph …
      const fetch = spans.find((s) => s.name === 'gateway.fetch' && s.attributes.service === subgraph);
      expect(fetch).toBeDefined();
      // … continued in the service (W3C traceparent over HTTP): its server span descends from the fetch …
      const server = spans.find(
        (s) => s.kind === 1 /* SERVER */ && s.name === 'POST /graphql' && ancestors(s).includes(fetch as ReadableSpan),
      );
      expect(server).toBeDefined();
      // … and its SQL statements, on its own database, descend from that server span.
      const sql = spans.filter((s) => s.name.startsWith('pg.query') && ancestors(s).includes(server as ReadableSpan));
      expect(sql.length).toBeGreaterThan(0);
      for (const statement of sql) {
        expect(statement.attributes['db.namespace']).toBe(service.database.name);
        expect(String(statement.attributes['db.query.text'])).toMatch(/^SELECT /);
      }
    }
  });

  it('keeps health checks and metric scrapes out of traces', async () => {
    tracing.reset();
    await fetch(`${gateway.baseUrl}/healthz`);
    await fetch(`${gateway.baseUrl}/metrics`);
    await fetch(territories.url.replace(/\/graphql$/, '/readyz'));
    expect(tracing.spans()).toEqual([]);
  });

  it('writes the active trace and span ids on every log line', () => {
    const lines: Record<string, unknown>[] = [];
    const out = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString('utf8')));
        done();
      },
    });
    const log = createLogger('logs-test', 'info', out);
    log.info('outside any request');
    trace.getTracer('test').startActiveSpan('request', (span) => {
      log.info('inside a request');
      span.end();
      expect(lines[1]).toMatchObject({ trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId });
    });
    expect(lines[0]).not.toHaveProperty('trace_id');
  });
});

/** Parses the Prometheus text format into `name{labels} value` → value. */
async function scrape(
  baseUrl: string,
): Promise<{ contentType: string | null; value(name: string, labels?: Record<string, string>): number | undefined }> {
  const res = await fetch(`${baseUrl}/metrics`);
  expect(res.status).toBe(200);
  const text = await res.text();
  const samples = text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(l);
      if (!m) throw new Error(`not a Prometheus sample: ${l}`);
      const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
      return { name: m[1], labels, value: Number(m[3]) };
    });
  return {
    contentType: res.headers.get('content-type'),
    value: (name, labels = {}) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value,
  };
}

describe('metrics', () => {
  it('counts requests, errors and latency by operation and service, subgraph calls, and the database pool', async () => {
    await gateway.client.data(QUERY);
    await gateway.client.error('GRAPHQL_VALIDATION_FAILED', 'query Broken { nothingHere }');

    const gw = await scrape(gateway.baseUrl);
    expect(gw.contentType).toMatch(/^text\/plain/);
    expect(
      gw.value('cultura_graphql_requests_total', { service: 'gateway', operation: 'TarapacaPlans', outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(1);
    expect(gw.value('cultura_graphql_errors_total', { service: 'gateway', operation: 'Broken', code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(
      1,
    );
    expect(
      gw.value('cultura_graphql_request_duration_seconds_count', { service: 'gateway', operation: 'TarapacaPlans' }),
    ).toBeGreaterThanOrEqual(1);
    for (const subgraph of ['territories', 'red-cultura']) {
      expect(gw.value('cultura_gateway_subgraph_requests_total', { subgraph, outcome: 'ok' })).toBeGreaterThanOrEqual(1);
      expect(gw.value('cultura_gateway_subgraph_request_duration_seconds_count', { subgraph })).toBeGreaterThanOrEqual(1);
    }
    expect(gw.value('process_resident_memory_bytes')).toBeGreaterThan(0);

    const svc = await scrape(territories.url.replace(/\/graphql$/, ''));
    // The gateway's call, which has no operation name of its own.
    expect(svc.value('cultura_graphql_requests_total', { service: 'territories', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(svc.value('cultura_db_pool_connections', { service: 'territories', state: 'total' })).toBeGreaterThanOrEqual(1);
    expect(svc.value('cultura_db_pool_connections', { service: 'territories', state: 'waiting' })).toBe(0);
    expect(svc.value('cultura_db_pool_max_connections', { service: 'territories' })).toBe(4);
    expect(svc.value('cultura_db_statements_total', { service: 'territories' })).toBe(territories.queries.total);
  });

  it('lets a service register gauges of its own, read at every scrape', async () => {
    let lag = 12;
    redCultura.metrics.gauge({
      name: 'cultura_test_feed_lag_seconds',
      help: 'How far behind a feed consumer is.',
      labelNames: ['feed'],
      collect: (gauge) => gauge.set({ feed: 'red-cultura' }, lag),
    });
    const base = redCultura.url.replace(/\/graphql$/, '');
    expect((await scrape(base)).value('cultura_test_feed_lag_seconds', { service: 'red-cultura', feed: 'red-cultura' })).toBe(12);
    lag = 3;
    expect((await scrape(base)).value('cultura_test_feed_lag_seconds', { service: 'red-cultura', feed: 'red-cultura' })).toBe(3);
  });
});
