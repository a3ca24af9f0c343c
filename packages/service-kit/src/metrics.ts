/**
 * Prometheus metrics of one process, served at `/metrics` by every service and the gateway: GraphQL
 * requests (count, latency, errors by operation), the database pool, process health, and the gauges a
 * service adds itself (e.g. the index's change-feed lag).
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Request, Response } from 'express';
import { Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { QueryCounter } from '@cultura/db';

/** Seconds; from a cached DataLoader hit to a slow cross-service report. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Operation names come from clients; past this many distinct names the rest are counted as `other`, so
 * a client generating names cannot grow the metrics without bound.
 */
export const MAX_OPERATION_LABELS = 200;

let processRegistry: Registry | undefined;

/**
 * CPU, memory, event loop and GC metrics, collected once per process however many services it runs
 * (tests start several in one process; collecting them per service would install observers each time).
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export interface MetricOptions<T extends string> {
  /** Prometheus metric name, e.g. `cultura_feed_lag_seconds`. */
  name: string;
  help: string;
  labelNames?: readonly T[];
}

export interface GaugeOptions<T extends string> extends MetricOptions<T> {
  /** Called at every scrape to set the gauge's current value(s), e.g. from a consumer's state. */
  collect?: (gauge: Gauge<T>) => void | Promise<void>;
}

/**
 * The metrics of one service (or of the gateway). Every metric carries a `service` label. Services add
 * their own through {@link gauge}, {@link counter} and {@link histogram}.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();
  private readonly requests: Counter<'operation' | 'outcome'>;
  private readonly duration: Histogram<'operation'>;
  private readonly errors: Counter<'operation' | 'code'>;

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    this.requests = this.counter({
      name: 'cultura_graphql_requests_total',
      help: 'GraphQL requests answered, by operation name and outcome (ok, or error when the response carries errors).',
      labelNames: ['operation', 'outcome'],
    });
    this.duration = this.histogram({
      name: 'cultura_graphql_request_duration_seconds',
      help: 'Time from receiving a GraphQL request to sending its response, by operation name.',
      labelNames: ['operation'],
    });
    this.errors = this.counter({
      name: 'cultura_graphql_errors_total',
      help: 'GraphQL errors sent to clients, by operation name and error code.',
      labelNames: ['operation', 'code'],
    });
  }

  /** A gauge on this service's registry: a value that goes up and down (a lag, a queue length). */
  gauge<T extends string>(o: GaugeOptions<T>): Gauge<T> {
    const collect = o.collect;
    return new Gauge<T>({
      name: o.name,
      help: o.help,
      labelNames: o.labelNames ?? [],
      registers: [this.registry],
      ...(collect
        ? {
            collect(this: Gauge<T>) {
              return collect(this);
            },
          }
        : {}),
    });
  }

  counter<T extends string>(o: MetricOptions<T>): Counter<T> {
    return new Counter<T>({ name: o.name, help: o.help, labelNames: o.labelNames ?? [], registers: [this.registry] });
  }

  histogram<T extends string>(o: MetricOptions<T> & { buckets?: number[] }): Histogram<T> {
    return new Histogram<T>({
      name: o.name,
      help: o.help,
      labelNames: o.labelNames ?? [],
      buckets: o.buckets ?? LATENCY_BUCKETS,
      registers: [this.registry],
    });
  }

  /** The operation label for a request: its name, `anonymous`, or `other` past the cardinality cap. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATION_LABELS) return 'other';
    this.operations.add(name);
    return name;
  }

  /** Records one answered GraphQL request. */
  observeRequest(operationName: string | null | undefined, seconds: number, errorCodes: string[]): void {
    const operation = this.operationLabel(operationName);
    this.requests.inc({ operation, outcome: errorCodes.length ? 'error' : 'ok' });
    this.duration.observe({ operation }, seconds);
    for (const code of errorCodes) this.errors.inc({ operation, code });
  }

  /** The Prometheus text exposition of this service's and the process's metrics. */
  async text(): Promise<string> {
    return `${await this.registry.metrics()}\n${await processMetrics().metrics()}`;
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** Express handler for `GET /metrics`. */
export function metricsHandler(metrics: ServiceMetrics) {
  return async (_req: Request, res: Response): Promise<void> => {
    try {
      res.type(metrics.contentType).send(await metrics.text());
    } catch (err) {
      res
        .status(500)
        .type('text/plain')
        .send(`metrics collection failed: ${(err as Error).message}`);
    }
  };
}

/** Apollo plugin that records every GraphQL request in `metrics`. */
export function metricsPlugin<C extends BaseContext>(metrics: ServiceMetrics): ApolloServerPlugin<C> {
  return {
    async requestDidStart({ request }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ errors, operationName, document }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const codes = (errors ?? []).map((e) => {
            const code = e.extensions?.code;
            return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
          });
          metrics.observeRequest(operationName ?? request.operationName ?? soleOperationName(document), seconds, codes);
        },
      };
    },
  };
}

/**
 * The name of a document's only operation. Apollo resolves the operation name only once the document
 * validates, and a request that fails validation is counted under the name its author gave it.
 */
function soleOperationName(document: DocumentNode | undefined): string | undefined {
  const operations = document?.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION) ?? [];
  return operations.length === 1 ? operations[0].name?.value : undefined;
}

/** The pg pool behind a TypeORM PostgreSQL DataSource, as far as its counters go. */
interface PoolCounters {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

function poolCounters(dataSource: DataSource): PoolCounters | undefined {
  if (!(dataSource.driver instanceof PostgresDriver)) return undefined;
  const pool: unknown = dataSource.driver.master;
  if (typeof pool !== 'object' || pool === null) return undefined;
  const { totalCount, idleCount, waitingCount } = pool as Partial<Record<keyof PoolCounters, unknown>>;
  if (typeof totalCount !== 'number' || typeof idleCount !== 'number' || typeof waitingCount !== 'number') return undefined;
  return { totalCount, idleCount, waitingCount };
}

/** Pool connections (total, idle, waiting clients), the pool's size and the statements sent, read at each scrape. */
export function registerDatabaseMetrics(metrics: ServiceMetrics, dataSource: DataSource, queries: QueryCounter, poolSize: number): void {
  metrics.gauge({
    name: 'cultura_db_pool_connections',
    help: 'Database pool: open connections (total), idle ones, and requests waiting for a connection.',
    labelNames: ['state'],
    collect(gauge) {
      const pool = poolCounters(dataSource);
      if (!pool) return;
      gauge.set({ state: 'total' }, pool.totalCount);
      gauge.set({ state: 'idle' }, pool.idleCount);
      gauge.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
  metrics.gauge({
    name: 'cultura_db_pool_max_connections',
    help: 'Largest number of connections the pool opens (DB_POOL_SIZE).',
    collect: (gauge) => gauge.set(poolSize),
  });
  let reported = 0;
  new Counter({
    name: 'cultura_db_statements_total',
    help: 'SQL statements sent to the database.',
    registers: [metrics.registry],
    // The DataSource's statement counter is the source; the metric catches up with it at each scrape.
    collect(this: Counter) {
      const total = queries.total;
      this.inc(total - reported);
      reported = total;
    },
  });
}
