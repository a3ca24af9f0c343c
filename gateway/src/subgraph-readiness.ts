import type { Logger, ServiceMetrics } from '@cultura/service-kit';

/**
 * Asks every subgraph's `/readyz` every `intervalMs`, so the gateway's own `/readyz` and metrics say which
 * subgraph is not ready (its database down, its migrations pending) before any client trips over it.
 * A subgraph without a `/readyz` (404) is taken as ready; one that does not answer is not.
 */
export class SubgraphReadiness {
  private readonly notReady = new Map<string, string>();
  private timer?: NodeJS.Timeout;
  private polling = false;

  constructor(
    private readonly o: {
      /** Subgraph name → its GraphQL endpoint, as routed (read at every poll: routes follow supergraph reloads). */
      routes: ReadonlyMap<string, string>;
      intervalMs: number;
      log: Logger;
      metrics?: ServiceMetrics;
    },
  ) {
    o.metrics?.gauge({
      name: 'cultura_gateway_subgraph_ready',
      help: "Whether each subgraph's /readyz answered 200 at the gateway's last check (1) or not (0).",
      labelNames: ['subgraph'],
      collect: (gauge) => {
        for (const subgraph of o.routes.keys()) gauge.set({ subgraph }, this.notReady.has(subgraph) ? 0 : 1);
      },
    });
  }

  start(): void {
    this.timer = setInterval(() => void this.poll(), this.o.intervalMs);
    this.timer.unref();
    void this.poll();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Subgraphs whose last check failed, with the reason they gave (or why they could not be asked). */
  degraded(): { subgraph: string; state: 'not-ready'; reason: string }[] {
    return [...this.notReady].map(([subgraph, reason]) => ({ subgraph, state: 'not-ready' as const, reason }));
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      await Promise.all([...this.o.routes].map(([subgraph, url]) => this.check(subgraph, url)));
    } finally {
      this.polling = false;
    }
  }

  private async check(subgraph: string, url: string): Promise<void> {
    let reason: string | null;
    try {
      const res = await fetch(new URL('/readyz', url), { signal: AbortSignal.timeout(Math.min(2_000, this.o.intervalMs)) });
      const body = res.status === 503 ? ((await res.json().catch(() => ({}))) as { reason?: unknown }) : (await res.arrayBuffer(), {});
      reason = res.ok || res.status === 404 ? null : typeof body.reason === 'string' ? body.reason : `HTTP ${res.status}`;
    } catch {
      reason = 'unreachable';
    }
    const was = this.notReady.get(subgraph);
    if (reason === null) {
      if (was !== undefined) this.o.log.info({ subgraph }, 'subgraph ready again');
      this.notReady.delete(subgraph);
    } else {
      if (was === undefined) this.o.log.warn({ subgraph, reason }, 'subgraph not ready');
      this.notReady.set(subgraph, reason);
    }
  }
}
