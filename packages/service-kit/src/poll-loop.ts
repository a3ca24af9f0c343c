export interface PollLoopOptions {
  /** The wait after a step that left nothing waiting; also where the back-off after failures starts. */
  pollMs: number;
  /** The longest wait between two tries while the step keeps failing. */
  maxBackoffMs: number;
  /** Told of the first failure in a row and of every tenth, with the count so far. */
  onFailing(err: Error, failures: number): void;
}

/**
 * Runs `step` again and again until stopped: at once when it answers true (more is waiting), after
 * `pollMs` when it answers false, and after `pollMs · 2^failures` (at most `maxBackoffMs`) while it fails,
 * so a source that is down is tried less often but never for long. `stop()` ends a wait at once and
 * resolves when the step in progress has finished.
 */
export function startPollLoop(step: () => Promise<boolean>, opts: PollLoopOptions): { stop(): Promise<void> } {
  let running = true;
  let wake: (() => void) | undefined;
  const done = (async () => {
    let failures = 0;
    while (running) {
      let delay = opts.pollMs;
      try {
        if (await step()) delay = 0;
        failures = 0;
      } catch (err) {
        failures++;
        delay = Math.min(opts.pollMs * 2 ** failures, opts.maxBackoffMs);
        if (failures === 1 || failures % 10 === 0) opts.onFailing(err as Error, failures);
      }
      if (delay && running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  })();
  return {
    stop: async () => {
      running = false;
      wake?.();
      await done;
    },
  };
}

/** What one step over a source did: how many items it moved, whether a next page is ready, how many wait. */
export interface DrainStep {
  count: number;
  hasMore: boolean;
  /** Items not yet readable (changes of transactions still running); 0 when the source is drained. */
  pending: number;
}

/**
 * Steps through each feed in turn until it has nothing left (tests, rebuilds): pages while more are
 * ready, short waits while items are still pending. Fails when a source still has pending items after
 * `timeoutMs`, saying `<name> still has <n> <what> after <ms> ms`. Returns the items moved.
 */
export async function drainFeeds<S extends { name: string }>(
  sources: readonly S[],
  step: (source: S) => Promise<DrainStep>,
  opts: { timeoutMs: number; what: string },
): Promise<number> {
  const deadline = Date.now() + opts.timeoutMs;
  let total = 0;
  for (const source of sources) {
    for (;;) {
      const { count, hasMore, pending } = await step(source);
      total += count;
      if (hasMore) continue;
      if (pending === 0) break;
      if (Date.now() > deadline) throw new Error(`feed ${source.name} still has ${pending} ${opts.what} after ${opts.timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  return total;
}
