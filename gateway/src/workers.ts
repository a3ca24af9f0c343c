import cluster, { type Worker } from 'node:cluster';
import { stopAndExit, type Logger } from '@cultura/service-kit';
import { installRateLimitPrimary } from './rate-limit';
import type { ResponseCacheStore } from './response-cache';

const BUMP_MESSAGE = 'cultura:gateway:cache-bump';
const STOP_MESSAGE = 'cultura:gateway:stop';

interface BumpMessage {
  type: typeof BUMP_MESSAGE;
  graphs: string[];
}

const isBump = (m: unknown): m is BumpMessage => typeof m === 'object' && m !== null && (m as BumpMessage).type === BUMP_MESSAGE;

/**
 * A worker's in-memory cache that tells its siblings (through the primary) when it makes answers stale:
 * a mutation through one worker must not leave another serving the old answer until its own poll of
 * the change feeds, and the territories service has no feed at all.
 */
export class ClusterBroadcastCacheStore implements ResponseCacheStore {
  private readonly onMessage = (m: unknown) => {
    if (isBump(m)) void this.inner.bump(m.graphs);
  };

  constructor(private readonly inner: ResponseCacheStore) {
    process.on('message', this.onMessage);
  }

  get: ResponseCacheStore['get'] = (key) => this.inner.get(key);
  set: ResponseCacheStore['set'] = (key, value, ttl) => this.inner.set(key, value, ttl);
  generations: ResponseCacheStore['generations'] = (graphs) => this.inner.generations(graphs);

  async bump(graphs: string[]): Promise<void> {
    await this.inner.bump(graphs);
    process.send?.({ type: BUMP_MESSAGE, graphs } satisfies BumpMessage);
  }

  async close(): Promise<void> {
    process.off('message', this.onMessage);
    await this.inner.close();
  }
}

/** A worker that dies this soon after its start counts as failing to start, not as a crash to recover from. */
const START_FAILURE_MS = 10_000;

/**
 * The cluster primary: forks `count` workers that share the gateway's port, holds the machine's rate-limit
 * counters, relays cache bumps between workers, replaces a worker that crashes, and on SIGTERM/SIGINT
 * passes the signal on and exits once every worker has stopped (each drains its own requests). A worker
 * that dies within its first seconds is not replaced: the same fault would kill the next one, so the
 * primary stops the others and exits non-zero, as a single process would.
 */
export function runPrimary(count: number, log: Logger, graceMs: number): void {
  installRateLimitPrimary();
  let stopping = false;
  const startedAt = new Map<Worker, number>();
  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker, Date.now());
    worker.on('message', (m: unknown) => {
      if (!isBump(m)) return;
      for (const other of Object.values(cluster.workers ?? {})) if (other && other !== worker) other.send(m);
    });
  };
  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    if (stopping) {
      if (!Object.keys(cluster.workers ?? {}).length) process.exit(process.exitCode ?? 0);
      return;
    }
    if (lived < START_FAILURE_MS) {
      log.fatal({ worker: worker.process.pid, code, signal }, 'a gateway worker failed at start: stopping');
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.send({ type: STOP_MESSAGE });
      process.exitCode = 1;
      if (!Object.keys(cluster.workers ?? {}).length) process.exit(1);
      return;
    }
    log.error({ worker: worker.process.pid, code, signal }, 'a gateway worker died: starting another');
    fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal, workers: count }, 'stopping the gateway workers');
    for (const w of Object.values(cluster.workers ?? {})) w?.send({ type: STOP_MESSAGE });
    setTimeout(() => {
      log.error({ graceMs }, 'gateway workers did not stop in time: exiting');
      process.exit(1);
    }, graceMs + 1000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  log.info({ workers: count }, 'starting gateway workers');
  for (let i = 0; i < count; i++) fork();
}

/**
 * In a worker: stop when the primary says so, or when the primary is gone. Signals are left to the
 * primary, which passes them on: a terminal's Ctrl-C reaches every process of its group, and a worker
 * counting it as well as the primary's word would take it for a second signal and drop its requests.
 */
export function stopWithPrimary(targets: { stop(): Promise<void> }[], log: Logger, graceMs: number): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    stopAndExit(targets, log, graceMs);
  };
  const ignore = () => {};
  process.on('SIGINT', ignore);
  process.on('SIGTERM', ignore);
  process.on('message', (m: unknown) => {
    if (typeof m === 'object' && m !== null && (m as { type?: unknown }).type === STOP_MESSAGE) stop();
  });
  process.on('disconnect', stop);
}
