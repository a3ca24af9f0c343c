import { GraphQLError } from 'graphql';
import { Agent, request } from 'undici';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { AuthContext } from '@cultura/auth';
import type { Logger, ServiceMetrics } from '@cultura/service-kit';
import { CircuitOpenError, type SubgraphCircuits } from './circuit-breaker';

/** What the gateway knows about each request; subgraph calls are made from it. */
export interface GatewayContext {
  auth: AuthContext;
  /** Correlates the gateway's and the services' log lines for one request (sent on as `x-request-id`). */
  requestId: string;
  /** When the whole request must be answered by (epoch ms): every subgraph call ends by then. */
  deadline?: number;
}

/**
 * Idle keep-alive sockets to subgraphs are closed after this long. It must stay below the subgraphs'
 * own keep-alive timeout (5 s by default in Node, 65 s in service-kit): a socket the subgraph has
 * already closed would otherwise be picked for a request and fail with ECONNRESET.
 */
const IDLE_SOCKET_TIMEOUT_MS = 4_000;

/** Connections kept per subgraph: enough for a dashboard's burst, few enough to leave the services' pools room. */
const CONNECTIONS_PER_SUBGRAPH = 32;

/** The request header carrying the deadline from the request's context to the fetcher (never sent on). */
const DEADLINE_HEADER = 'x-cultura-deadline';

/** The fetch function type RemoteGraphQLDataSource takes (from @apollo/utils.fetcher). */
type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherResponse = Awaited<ReturnType<Fetcher>>;

/** Calls to each subgraph: how many, how they ended, how long they took, how many were shared. */
export interface SubgraphCallMetrics {
  calls: ReturnType<ServiceMetrics['counter']>;
  duration: ReturnType<ServiceMetrics['histogram']>;
  shared: ReturnType<ServiceMetrics['counter']>;
}

export function subgraphCallMetrics(metrics: ServiceMetrics): SubgraphCallMetrics {
  return {
    calls: metrics.counter({
      name: 'cultura_gateway_subgraph_requests_total',
      help: 'Calls from the gateway to a subgraph, by subgraph and outcome (ok, http_error, timeout, unreachable).',
      labelNames: ['subgraph', 'outcome'],
    }),
    duration: metrics.histogram({
      name: 'cultura_gateway_subgraph_request_duration_seconds',
      help: 'Time from a call to a subgraph until its response has been read, by subgraph.',
      labelNames: ['subgraph'],
    }),
    shared: metrics.counter({
      name: 'cultura_gateway_subgraph_calls_shared_total',
      help: 'Subgraph calls not made because an identical one (same query, variables and authorization) was already in flight.',
      labelNames: ['subgraph'],
    }),
  };
}

/** A subgraph's answer, read once and handed to every caller that shared it. */
interface Answer {
  status: number;
  headers: [string, string][];
  text: string;
}

/** A fresh Response-like object over a read answer (each caller may read its body). */
function responseOf(url: string, a: Answer): FetcherResponse {
  const headers = new Headers(a.headers);
  const make = (): FetcherResponse => ({
    bodyUsed: false,
    url,
    redirected: false,
    status: a.status,
    ok: a.status >= 200 && a.status < 300,
    statusText: '',
    headers,
    arrayBuffer: async () => new TextEncoder().encode(a.text).buffer,
    text: async () => a.text,
    json: async () => JSON.parse(a.text),
    clone: make,
  });
  return make();
}

/** Whether a subgraph request body is a mutation, which must never be shared with another caller. */
const isMutation = (body: string) => /^\s*\{\s*"query"\s*:\s*"\s*mutation\b/.test(body);

/**
 * The subgraph fetcher: undici connection pools (keep-alive, no per-request socket set-up), a timeout that
 * is the sooner of the per-call limit and the request's deadline, and identical in-flight queries shared:
 * when two requests need the same subgraph query with the same variables and the same authorization at
 * the same moment, one call answers both. Mutations are never shared.
 */
export function subgraphFetcher(opts: {
  timeoutMs: number;
  dispatcher: Agent;
  metrics: SubgraphCallMetrics;
  subgraph: string;
  shareInFlight: boolean;
  circuits?: SubgraphCircuits;
}): Fetcher {
  const inFlight = new Map<string, Promise<Answer>>();
  const send = async (url: string, headers: Record<string, string>, body: string, deadline: number | null): Promise<Answer> => {
    const stop = opts.metrics.duration.startTimer({ subgraph: opts.subgraph });
    const timeout = Math.max(1, Math.min(opts.timeoutMs, deadline === null ? Infinity : deadline - Date.now()));
    try {
      const res = await request(url, { method: 'POST', headers, body, dispatcher: opts.dispatcher, signal: AbortSignal.timeout(timeout) });
      const text = await res.body.text();
      opts.metrics.calls.inc({ subgraph: opts.subgraph, outcome: res.statusCode < 400 ? 'ok' : 'http_error' });
      const flat: [string, string][] = Object.entries(res.headers).flatMap(([k, v]) =>
        v === undefined ? [] : Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v]],
      );
      return { status: res.statusCode, headers: flat, text };
    } catch (err) {
      const timedOut = (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError';
      opts.metrics.calls.inc({ subgraph: opts.subgraph, outcome: timedOut ? 'timeout' : 'unreachable' });
      // Both aborts read alike to the data source, which reports them as SUBGRAPH_TIMEOUT.
      if (timedOut) throw Object.assign(new Error(`timed out after ${timeout} ms`), { name: 'AbortError', timeoutMs: timeout });
      throw err;
    } finally {
      stop();
    }
  };
  const call = (url: string, headers: Record<string, string>, body: string, deadline: number | null): Promise<Answer> =>
    opts.circuits
      ? opts.circuits.run(
          opts.subgraph,
          () => send(url, headers, body, deadline),
          (a) => a.status >= 500,
        )
      : send(url, headers, body, deadline);
  return async (url, init) => {
    const headers: Record<string, string> = { ...(init?.headers ?? {}) };
    const deadlineText = headers[DEADLINE_HEADER];
    delete headers[DEADLINE_HEADER];
    const deadline = deadlineText ? Number(deadlineText) : null;
    const body = typeof init?.body === 'string' ? init.body : String(init?.body ?? '');
    if (!opts.shareInFlight || isMutation(body)) return responseOf(url, await call(url, headers, body, deadline));
    const key = `${url}\n${headers.authorization ?? ''}\n${body}`;
    const shared = inFlight.get(key);
    if (shared) {
      opts.metrics.shared.inc({ subgraph: opts.subgraph });
      return responseOf(url, await shared);
    }
    const answer = call(url, headers, body, deadline).finally(() => inFlight.delete(key));
    inFlight.set(key, answer);
    return responseOf(url, await answer);
  };
}

/** The connection pools of every subgraph, closed together when the gateway stops. */
export function subgraphDispatcher(): Agent {
  return new Agent({
    keepAliveTimeout: IDLE_SOCKET_TIMEOUT_MS,
    keepAliveMaxTimeout: IDLE_SOCKET_TIMEOUT_MS,
    connections: CONNECTIONS_PER_SUBGRAPH,
  });
}

/** Calls one subgraph: forwards the caller's token and request id, and reports timeouts and outages by name. */
export interface SubgraphDataSourceOptions {
  subgraph: string;
  url: string;
  /** Each call is aborted after this (or sooner, at the request's deadline). */
  timeoutMs: number;
  dispatcher: Agent;
  log: Logger;
  metrics: SubgraphCallMetrics;
  /** Share identical in-flight queries (same query, variables and authorization) between requests. */
  shareInFlight: boolean;
  /** Fail fast while the subgraph keeps failing (absent: every call is tried). */
  circuits?: SubgraphCircuits;
}

export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  readonly subgraph: string;
  private readonly timeoutMs: number;
  private readonly log: Logger;

  constructor(o: SubgraphDataSourceOptions) {
    super({ url: o.url });
    this.subgraph = o.subgraph;
    this.timeoutMs = o.timeoutMs;
    this.log = o.log;
    this.fetcher = subgraphFetcher(o);
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // Only client operations carry a caller (the request-kind enum is not exported by @apollo/gateway).
    if (!('incomingRequestContext' in options)) return;
    const { auth, requestId, deadline } = options.context;
    // Unchanged, so each service verifies the token itself and enforces its own scopes.
    if (auth.authorization) options.request.http?.headers.set('authorization', auth.authorization);
    if (requestId) options.request.http?.headers.set('x-request-id', requestId);
    if (deadline) options.request.http?.headers.set(DEADLINE_HEADER, String(deadline));
  }

  override didEncounterError(error: Error, _request: unknown, response?: FetcherResponse): void {
    if (error instanceof GraphQLError) throw error;
    if (error instanceof CircuitOpenError) {
      // Logged once when the circuit opened, not once per refused call.
      throw new GraphQLError(`Subgraph "${this.subgraph}" is unavailable: it kept failing, and is tried again every few seconds`, {
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: this.subgraph },
      });
    }
    if (error.name === 'AbortError') {
      // The sooner of the per-call limit and what remained of the request's deadline.
      const timeoutMs = (error as Error & { timeoutMs?: number }).timeoutMs ?? this.timeoutMs;
      this.log.warn({ subgraph: this.subgraph, url: this.url, timeoutMs }, 'subgraph call timed out');
      throw new GraphQLError(`Subgraph "${this.subgraph}" did not answer within ${timeoutMs} ms`, {
        extensions: { code: 'SUBGRAPH_TIMEOUT', serviceName: this.subgraph },
      });
    }
    if (!response) {
      // Connection-level failure; the address stays in the logs, not in the client's error.
      this.log.error({ subgraph: this.subgraph, url: this.url, err: error }, 'subgraph unreachable');
      throw new GraphQLError(`Subgraph "${this.subgraph}" could not be reached`, {
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: this.subgraph },
      });
    }
    throw error;
  }
}
