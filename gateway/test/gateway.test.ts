import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { DEV_PUBLIC_KEY_FILE } from '@cultura/auth';
import { signToken, startTestGateway, type TestGateway } from '@cultura/testkit';
import { startFakeSubgraph, type FakeSubgraph } from './fake-subgraph';
import { DEFAULT_QUERY, explorerHtml } from '../src';
import { explorerAssets } from '../src/explorer';

let subgraph: FakeSubgraph;
let gateway: TestGateway;

beforeAll(async () => {
  subgraph = await startFakeSubgraph();
  gateway = await startTestGateway([subgraph], { env: { SUBGRAPH_TIMEOUT_MS: '300' } });
});
afterAll(async () => {
  await gateway?.stop();
  await subgraph?.stop();
});

beforeEach(() => {
  subgraph.authorizations.length = 0;
});

describe('authorization', () => {
  it('forwards the caller’s Authorization header to the subgraph unchanged', async () => {
    // Lower-case scheme on purpose: the gateway accepts it and must not rewrite it.
    const header = `bearer ${signToken({ scopes: ['territories:write'], subject: 'ana' })}`;
    const data = await gateway.client.data('{ authorization }', {}, { headers: { authorization: header } });
    expect(data.authorization).toBe(header);
    expect(subgraph.authorizations).toEqual([header]);
  });

  it('lets anonymous requests through without an Authorization header', async () => {
    const data = await gateway.client.data('{ authorization }');
    expect(data.authorization).toBeNull();
  });

  it.each([
    ['a token that is not a JWT', 'Bearer not-a-jwt'],
    ['an expired token', `Bearer ${signToken({ scopes: [], expiresIn: -10 })}`],
    ['a token for another audience', `Bearer ${signToken({ scopes: [], audience: 'someone-else' })}`],
    ['a header without the Bearer scheme', 'Basic YWxhZGRpbjpvcGVuc2VzYW1l'],
  ])('answers %s with UNAUTHENTICATED and HTTP 401, without calling the subgraph', async (_label, header) => {
    const res = await gateway.client.error('UNAUTHENTICATED', '{ authorization }', {}, { headers: { authorization: header } });
    expect(res.status).toBe(401);
    expect(res.data ?? null).toBeNull();
    expect(subgraph.authorizations).toEqual([]);
  });
});

describe('subgraph calls', () => {
  it('aborts a subgraph call after SUBGRAPH_TIMEOUT_MS with an error naming the subgraph', async () => {
    const started = Date.now();
    const res = await gateway.client.error('SUBGRAPH_TIMEOUT', '{ slow(ms: 3000) }');
    const elapsed = Date.now() - started;
    expect(res.errors?.[0]).toMatchObject({
      message: 'Subgraph "echo" did not answer within 300 ms',
      extensions: { code: 'SUBGRAPH_TIMEOUT', serviceName: 'echo' },
    });
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2000);
  });

  it('reuses keep-alive connections for consecutive subgraph calls', async () => {
    // undici hands a socket back to its pool a moment after a body is read, so a call right after
    // another sometimes opens one more; without keep-alive, each of the 20 calls would open its own.
    const before = subgraph.connections();
    for (let i = 0; i < 20; i++) await gateway.client.data('{ hello }');
    expect(subgraph.connections() - before).toBeLessThanOrEqual(5);
  });

  it('answers identical queries in flight at the same moment with one subgraph call, per authorization', async () => {
    const tokenA = `Bearer ${signToken({ scopes: [], subject: 'ana' })}`;
    const tokenB = `Bearer ${signToken({ scopes: [], subject: 'beto' })}`;
    const ask = (authorization?: string) =>
      gateway.client.data('{ slow(ms: 150) }', {}, authorization ? { headers: { authorization } } : {});
    await Promise.all([ask(), ask(), ask(), ask(), ask()]);
    expect(subgraph.authorizations).toEqual([null]);
    subgraph.authorizations.length = 0;
    await Promise.all([ask(tokenA), ask(tokenA), ask(tokenA), ask(tokenB), ask(tokenB)]);
    expect([...subgraph.authorizations].sort()).toEqual([tokenA, tokenB].sort());
  });

  it('reports an unreachable subgraph as SUBGRAPH_UNAVAILABLE without exposing its address', async () => {
    const down = await startFakeSubgraph('down');
    await down.stop();
    const gw = await startTestGateway([down]);
    try {
      const res = await gw.client.error('SUBGRAPH_UNAVAILABLE', '{ hello }');
      expect(res.errors?.[0].message).toBe('Subgraph "down" could not be reached');
      expect(JSON.stringify(res.errors)).not.toContain(new URL(down.url).port);
    } finally {
      await gw.stop();
    }
  });
});

describe('in production', () => {
  it('hides stack traces and allows no browser origin unless configured', async () => {
    const gw = await startTestGateway([subgraph], { env: { NODE_ENV: 'production', AUTH_PUBLIC_KEY_FILE: DEV_PUBLIC_KEY_FILE } });
    try {
      const res = await gw.client.error('UNAUTHENTICATED', '{ hello }', {}, { headers: { authorization: 'Bearer nope' } });
      expect(res.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
      const preflight = await fetch(gw.url, {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await gw.stop();
    }
  });
});

describe('stopping', () => {
  it('lets requests under way finish, then refuses new connections', async () => {
    const gw = await startTestGateway([subgraph], { env: { SUBGRAPH_TIMEOUT_MS: '5000' } });
    const inFlight = gw.client.request('{ slow(ms: 400) }');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await gw.stop();
    expect(await inFlight).toMatchObject({ status: 200, data: { slow: 'late' } });
    await expect(fetch(`${gw.baseUrl}/healthz`)).rejects.toThrow();
  });
});

describe('health', () => {
  it('answers /healthz and /readyz once the supergraph is loaded', async () => {
    const health = await fetch(`${gateway.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${gateway.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
  });
});

describe('CORS', () => {
  it('allows any origin outside production when CORS_ORIGINS is not set', async () => {
    const res = await fetch(gateway.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });

  it('allows only the listed origins when CORS_ORIGINS is set', async () => {
    const gw = await startTestGateway([subgraph], { env: { CORS_ORIGINS: 'https://dashboards.example.org' } });
    try {
      const preflight = (origin: string) =>
        fetch(gw.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
      expect((await preflight('https://dashboards.example.org')).headers.get('access-control-allow-origin')).toBe(
        'https://dashboards.example.org',
      );
      expect((await preflight('https://evil.example.com')).headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await gw.stop();
    }
  });
});

describe('explorer', () => {
  const attributeUrls = (html: string) => [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]);

  it('serves the explorer page at / and at /graphql for browsers', async () => {
    for (const url of [`${gateway.baseUrl}/`, gateway.url]) {
      const res = await fetch(url, { headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await res.text();
      expect(html).toContain('id="graphiql"');
      expect(html).toContain('CL:01107');
    }
  });

  it('still answers GraphQL over GET at /graphql for non-browser clients', async () => {
    const res = await fetch(`${gateway.url}?query=${encodeURIComponent('{ hello }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(await res.json()).toEqual({ data: { hello: 'hola' } });
  });

  it('loads every script and stylesheet from the gateway itself, with no external URL', async () => {
    const res = await fetch(`${gateway.baseUrl}/`);
    const html = await res.text();
    const urls = attributeUrls(html);
    expect(urls.length).toBeGreaterThanOrEqual(5);
    expect(html).not.toMatch(/https?:\/\//);
    for (const u of urls) expect(u).not.toMatch(/^(?:[a-z]+:)?\/\//i);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https?:/);

    for (const u of urls) {
      const asset = await fetch(new URL(u, `${gateway.baseUrl}/`));
      expect({ url: u, status: asset.status }).toEqual({ url: u, status: 200 });
      expect(asset.headers.get('content-type')).toMatch(u.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
      const body = await asset.text();
      expect(body.length).toBeGreaterThan(100);
      // The stylesheet embeds its fonts; it must not pull anything from elsewhere.
      if (u.endsWith('.css')) expect(body).not.toMatch(/@import|url\(\s*["']?(?:https?:)?\/\//i);
    }
  });

  it('serves only the explorer’s own files under /explorer/', async () => {
    expect((await fetch(`${gateway.baseUrl}/explorer/package.json`)).status).toBe(404);
    expect((await fetch(`${gateway.baseUrl}/explorer/..%2F..%2Fpackage.json`)).status).toBe(404);
  });

  it('starts GraphiQL on /graphql with a headers editor and the Alto Hospicio example', () => {
    const html = explorerHtml({ endpoint: 'graphql' });
    const config = /<script type="application\/json" id="explorer-config">([^<]*)<\/script>/.exec(html)?.[1];
    expect(config).toBeDefined();
    let rendered: { component: unknown; props: Record<string, unknown> } | undefined;
    let fetcherUrl: string | undefined;
    const GraphiQL = Object.assign(() => null, {
      createFetcher: (o: { url: string }) => {
        fetcherUrl = o.url;
        return () => null;
      },
    });
    vm.runInNewContext(readFileSync(explorerAssets()['explorer.js'].file, 'utf8'), {
      URL,
      window: { location: { href: 'http://127.0.0.1:4000/' } },
      document: { getElementById: (id: string) => (id === 'explorer-config' ? { textContent: config } : { id }) },
      React: { createElement: (component: unknown, props: Record<string, unknown>) => ({ component, props }) },
      ReactDOM: { createRoot: () => ({ render: (el: typeof rendered) => (rendered = el) }) },
      GraphiQL,
    });
    expect(fetcherUrl).toBe('http://127.0.0.1:4000/graphql');
    expect(rendered?.component).toBe(GraphiQL);
    expect(rendered?.props).toMatchObject({ defaultQuery: DEFAULT_QUERY, isHeadersEditorEnabled: true, shouldPersistHeaders: false });
  });
});
