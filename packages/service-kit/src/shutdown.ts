import type { Logger } from './logger';

/**
 * Stops `targets` in order on SIGTERM/SIGINT, then exits. A second signal, or the grace period
 * running out, exits at once so an orchestrator never waits forever.
 */
export function stopOnSignals(targets: { stop(): Promise<void> }[], log: Logger, graceMs: number): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      log.error({ graceMs }, 'shutdown grace period exceeded: exiting');
      process.exit(1);
    }, graceMs);
    timer.unref();
    (async () => {
      for (const t of targets) await t.stop();
    })().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}

/** Runs a process's `main`, printing configuration errors readably instead of a stack trace. */
export function runMain(main: () => Promise<unknown>): void {
  main().catch((err: unknown) => {
    const e = err as Error;
    process.stderr.write(`${e.name === 'EnvError' ? e.message : (e.stack ?? String(e))}\n`);
    process.exit(1);
  });
}
