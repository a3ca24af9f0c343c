/**
 * A gateway-like node:cluster process for rate-limit-cluster.test.ts:
 * `rate-limit-cluster.fixture.ts --workers 2 --points 6 [--primary-counters]`. The primary forks the
 * workers (which get the same arguments) that serve `/graphql` behind the rate-limit middleware on one
 * shared port; with `--primary-counters` the primary holds the counters. It prints `{"port":…}` once
 * every worker listens. Run with `node --import tsx`.
 */
import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createLogger } from '@cultura/service-kit';
import { installRateLimitPrimary, rateLimitMiddleware } from '../src/rate-limit';
import { verifier } from './rate-limit-helpers';

const { values: args } = parseArgs({
  options: {
    workers: { type: 'string', default: '2' },
    points: { type: 'string' },
    'primary-counters': { type: 'boolean', default: false },
  },
});
const workers = Number(args.workers);

async function worker(): Promise<void> {
  // Workers' log lines go to stderr, leaving stdout to the primary's single line.
  const log = createLogger('gateway', 'info', { write: (line: string) => void process.stderr.write(line) });
  const limit = await rateLimitMiddleware({ points: Number(args.points), windowSeconds: 60, verifier, log, keyPrefix: 'cluster-test' });
  const app = express();
  app.use('/graphql', limit, (_req, res) => {
    res.setHeader('x-worker', String(cluster.worker?.id));
    res.json({ data: { ok: true } });
  });
  const server = http.createServer(app);
  server.listen(0, '127.0.0.1', () => process.send?.({ listening: (server.address() as AddressInfo).port }));
  // Ends with the primary, whatever way the primary ends.
  process.on('disconnect', () => process.exit(0));
}

function primary(): void {
  if (args['primary-counters']) installRateLimitPrimary();
  const ports = new Map<number, number>();
  for (let i = 0; i < workers; i++) {
    const w = cluster.fork();
    w.on('message', (msg: { listening?: number }) => {
      if (typeof msg?.listening !== 'number') return;
      ports.set(w.id, msg.listening);
      if (ports.size === workers) process.stdout.write(`${JSON.stringify({ port: msg.listening, ports: [...new Set(ports.values())] })}\n`);
    });
  }
  const stop = () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (cluster.isPrimary) primary();
else
  worker().catch((err: unknown) => {
    process.stderr.write(`worker failed: ${String(err)}\n`);
    process.exit(1);
  });
