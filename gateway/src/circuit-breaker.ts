import CircuitBreaker from 'opossum';
import type { Logger, ServiceMetrics } from '@cultura/service-kit';

/** How each subgraph's circuit behaves; {@link DEFAULT_CIRCUIT} fits a subgraph restarted by `npm start` or Kubernetes. */
export interface CircuitOptions {
  /** Calls in the rolling window before the circuit may open: one failed call alone never opens it. */
  minimumCalls: number;
  /** Share of failed calls (connection refused, timeout, HTTP 5xx) in the window that opens it, in percent. */
  failurePercent: number;
  /** Length of the rolling window, in ms. */
  windowMs: number;
  /**
   * How long an open circuit fails fast before letting one probe call through (half-open). Short, so a
   * service that is back is used again within seconds; a failed probe opens it for this long again.
   */
  probeAfterMs: number;
}

export const DEFAULT_CIRCUIT: CircuitOptions = { minimumCalls: 5, failurePercent: 50, windowMs: 10_000, probeAfterMs: 2_000 };

/** The error of a call refused while the circuit is open: the data source reports it as SUBGRAPH_UNAVAILABLE. */
export class CircuitOpenError extends Error {
  override readonly name = 'CircuitOpenError';
  constructor(readonly subgraph: string) {
    super(`circuit open for subgraph "${subgraph}"`);
  }
}

/** A 5xx answer: a failure for the circuit, yet passed on to the data source as the subgraph gave it. */
class FailedAnswer<T> extends Error {
  constructor(readonly answer: T) {
    super('subgraph answered with a server error');
  }
}

export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * One circuit per subgraph (opossum): calls to a subgraph that keeps failing — refused, timing out or
 * answering 5xx — fail at once instead of each holding a socket and a request until its timeout; every
 * `probeAfterMs` one call is let through, and its success closes the circuit again.
 */
export class SubgraphCircuits {
  private readonly circuits = new Map<string, CircuitBreaker<[() => Promise<unknown>], unknown>>();
  private readonly fastFailures?: ReturnType<ServiceMetrics['counter']>;

  constructor(private readonly o: { options?: CircuitOptions; log: Logger; metrics?: ServiceMetrics }) {
    const states = ['closed', 'half-open', 'open'] as const;
    o.metrics?.gauge({
      name: 'cultura_gateway_subgraph_circuit_state',
      help: "Each subgraph's circuit: 0 closed (healthy), 1 half-open (probing), 2 open (failing fast).",
      labelNames: ['subgraph'],
      collect: (gauge) => {
        for (const [subgraph] of this.circuits) gauge.set({ subgraph }, states.indexOf(this.state(subgraph)));
      },
    });
    this.fastFailures = o.metrics?.counter({
      name: 'cultura_gateway_subgraph_fast_failures_total',
      help: 'Subgraph calls refused at once because the subgraph’s circuit was open.',
      labelNames: ['subgraph'],
    });
  }

  /**
   * Runs `call` through the subgraph's circuit. `isServerError` tells which answers count as failures
   * (they are still returned as they are). Throws {@link CircuitOpenError} while the circuit is open.
   */
  async run<T>(subgraph: string, call: () => Promise<T>, isServerError: (answer: T) => boolean): Promise<T> {
    const circuit = this.circuit(subgraph);
    try {
      return (await circuit.fire(async () => {
        const answer = await call();
        if (isServerError(answer)) throw new FailedAnswer(answer);
        return answer;
      })) as T;
    } catch (err) {
      if (err instanceof FailedAnswer) return err.answer as T;
      if ((err as { code?: string }).code === 'EOPENBREAKER') {
        this.fastFailures?.inc({ subgraph });
        throw new CircuitOpenError(subgraph);
      }
      throw err;
    }
  }

  state(subgraph: string): CircuitState {
    const circuit = this.circuits.get(subgraph);
    if (!circuit || circuit.closed) return 'closed';
    return circuit.halfOpen ? 'half-open' : 'open';
  }

  /** Subgraphs whose circuit is not closed, for `/readyz`. */
  degraded(): { subgraph: string; state: CircuitState }[] {
    return [...this.circuits.keys()].map((subgraph) => ({ subgraph, state: this.state(subgraph) })).filter((d) => d.state !== 'closed');
  }

  shutdown(): void {
    for (const circuit of this.circuits.values()) circuit.shutdown();
  }

  private circuit(subgraph: string) {
    let circuit = this.circuits.get(subgraph);
    if (circuit) return circuit;
    const o = this.o.options ?? DEFAULT_CIRCUIT;
    circuit = new CircuitBreaker((fn: () => Promise<unknown>) => fn(), {
      // The call carries its own deadline (SUBGRAPH_TIMEOUT_MS, REQUEST_TIMEOUT_MS).
      timeout: false,
      errorThresholdPercentage: o.failurePercent,
      volumeThreshold: o.minimumCalls,
      rollingCountTimeout: o.windowMs,
      resetTimeout: o.probeAfterMs,
      name: subgraph,
    });
    circuit.on('open', () =>
      this.o.log.warn({ subgraph, probeAfterMs: o.probeAfterMs }, 'subgraph failing: circuit open, calls fail fast'),
    );
    circuit.on('halfOpen', () => this.o.log.info({ subgraph }, 'subgraph circuit half-open: probing'));
    circuit.on('close', () => this.o.log.info({ subgraph }, 'subgraph answering again: circuit closed'));
    this.circuits.set(subgraph, circuit);
    return circuit;
  }
}
