import type { Logger } from './logger';

const finalSteps: (() => Promise<void>)[] = [];

/**
 * Work to finish after the process's own targets have stopped and before it exits, such as sending the
 * spans still buffered by the tracing preload. Registered once per process.
 */
export function onShutdown(step: () => Promise<void>): void {
  finalSteps.push(step);
}

async function runFinalSteps(log: Logger): Promise<void> {
  for (const step of finalSteps) {
    try {
      await step();
    } catch (err) {
      log.warn({ err }, 'shutdown step failed');
    }
  }
}

/**
 * Stops `targets` in order, runs the final steps, then exits (0, or 1 on an error). The grace period
 * running out exits at once so an orchestrator never waits forever. Called once per process.
 */
export function stopAndExit(targets: { stop(): Promise<void> }[], log: Logger, graceMs: number): void {
  const timer = setTimeout(() => {
    log.error({ graceMs }, 'shutdown grace period exceeded: exiting');
    process.exit(1);
  }, graceMs);
  timer.unref();
  (async () => {
    for (const t of targets) await t.stop();
    await runFinalSteps(log);
  })().then(
    () => process.exit(0),
    (err: unknown) => {
      log.error({ err }, 'error while shutting down');
      process.exit(1);
    },
  );
}

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
    stopAndExit(targets, log, graceMs);
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
