import type { LogLevel } from './logger';

/** Exit code of a command line that cannot run (the conventional one for usage errors). */
export const EXIT_USAGE = 2;

/** A problem with the command line itself: reported with the usage text, exit code {@link EXIT_USAGE}. */
export class UsageError extends Error {}

const LEVEL_ORDER: LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/** The structured logger a command-line tool hands to the database layer. */
export interface CliLog {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * Short human lines on stderr, at the service's LOG_LEVEL, for command-line tools (imports, migrations):
 * people read these, so not JSON. `beforeWrite` lets a progress line end before a log line appears.
 */
export function cliLog(level: LogLevel, beforeWrite?: () => void): CliLog {
  const min = level === 'silent' ? Infinity : LEVEL_ORDER.indexOf(level);
  const at = (lvl: LogLevel) => (obj: object, msg?: string) => {
    if (LEVEL_ORDER.indexOf(lvl) < min) return;
    beforeWrite?.();
    const details = Object.keys(obj).length ? ` ${JSON.stringify(obj)}` : '';
    process.stderr.write(`${lvl}: ${msg ?? ''}${details}\n`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
