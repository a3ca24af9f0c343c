/** A minimal app around the rate-limit middleware, a log that tests can read, and an HTTP client. */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { DEFAULT_AUDIENCE, DEV_ISSUER, DEV_PUBLIC_KEY_FILE, createVerifier, signToken } from '@cultura/auth';
import { ServiceMetrics, createLogger, metricsHandler, type Logger } from '@cultura/service-kit';
import { rateLimitMiddleware, type RateLimitMiddleware, type RateLimitOptions } from '../src/rate-limit';

export const verifier = createVerifier({
  publicKey: readFileSync(DEV_PUBLIC_KEY_FILE, 'utf8'),
  issuer: DEV_ISSUER,
  audience: DEFAULT_AUDIENCE,
});

export const bearer = (subject: string): string => `Bearer ${signToken({ scopes: [], subject })}`;

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** A real pino logger whose lines are kept for assertions. */
export function capturingLogger(): { log: Logger; lines: LogLine[]; messages: (level?: 'info' | 'warn' | 'error') => string[] } {
  const lines: LogLine[] = [];
  const log = createLogger('gateway', 'info', { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  const levels = { info: 30, warn: 40, error: 50 };
  return { log, lines, messages: (level) => lines.filter((l) => !level || l.level === levels[level]).map((l) => l.msg) };
}

export interface TestApp {
  url: string;
  port: number;
  middleware: RateLimitMiddleware;
  metrics: ServiceMetrics;
  stop(): Promise<void>;
}

/**
 * `/graphql` behind the middleware, mounted as the gateway mounts it; `/healthz` and `/metrics` beside
 * it, unlimited.
 */
export async function startApp(options: Omit<RateLimitOptions, 'verifier' | 'log' | 'metrics'> & { log?: Logger }): Promise<TestApp> {
  const metrics = new ServiceMetrics('gateway');
  const middleware = await rateLimitMiddleware({ verifier, log: options.log ?? capturingLogger().log, metrics, ...options });
  const app = express();
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/metrics', metricsHandler(metrics));
  app.use('/graphql', middleware, (_req, res) => void res.json({ data: { ok: true } }));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    port,
    middleware,
    metrics,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await middleware.close();
    },
  };
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * One request on its own connection (no keep-alive), optionally from a chosen loopback source
 * address: how distinct clients look to the server, and how requests spread over cluster workers.
 */
export function request(
  url: string,
  opts: { headers?: Record<string, string>; localAddress?: string; method?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: opts.method ?? 'GET', headers: opts.headers, localAddress: opts.localAddress, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Sends `n` requests one after another and returns their statuses. */
export async function statuses(n: number, send: () => Promise<{ status: number }>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await send()).status);
  return out;
}
