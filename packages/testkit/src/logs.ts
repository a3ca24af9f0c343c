import { Writable } from 'node:stream';

/** One parsed JSON log line (pino's fields: `level`, `msg`, `time`, and whatever the code logged). */
export type LogLine = Record<string, any>;

export interface CapturedLogs {
  /** Give it as `logDestination` to `startTestService` (with `env: { LOG_LEVEL: 'info' }` or lower). */
  destination: Writable;
  /** The lines written so far, parsed. */
  lines(): LogLine[];
  /** Forgets the lines written so far. */
  clear(): void;
}

/** Collects a logger's lines in memory, for tests that check what a service logs. */
export function captureLogs(): CapturedLogs {
  let text = '';
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return {
    destination,
    lines: () =>
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as LogLine),
    clear: () => {
      text = '';
    },
  };
}
