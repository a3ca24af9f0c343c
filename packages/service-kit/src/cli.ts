import type { LogLevel } from './logger';
import { invocationDir } from './env';

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

/** A command-line tool of a service (an import): its arguments, its work and how its failures read. */
export interface CommandLine<A> {
  /** Starts every message on stderr, e.g. `import-gazetteer`. */
  name: string;
  /** Printed for `--help` (stdout) and after a usage error (stderr). */
  usage: string;
  /** The arguments; throws {@link UsageError} for a wrong command line, returns 'help' for `--help`. */
  parse(argv: string[], baseDir: string): A | 'help';
  /** The work; resolves to the exit code. */
  run(args: A): Promise<number>;
  /**
   * Failures the user can fix, whose message says it all (bad files, configuration); the message is printed
   * alone. Configuration errors (`EnvError`) always are. Any other failure is a bug: its stack is printed.
   */
  expected?(err: Error & { code?: unknown }): boolean;
}

/**
 * Runs a command line: a usage error prints the message and the usage (exit {@link EXIT_USAGE}), `--help`
 * the usage (exit 0); otherwise `run`'s exit code, or 1 with the failure on stderr.
 * Relative paths in the arguments are read from where npm was run ({@link invocationDir}).
 */
export function runCommandLine<A>(cmd: CommandLine<A>, argv: string[] = process.argv.slice(2)): void {
  const main = async (): Promise<number> => {
    let args: A | 'help';
    try {
      args = cmd.parse(argv, invocationDir());
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      process.stderr.write(`${cmd.name}: ${err.message}\n\n${cmd.usage}`);
      return EXIT_USAGE;
    }
    if (args === 'help') {
      process.stdout.write(cmd.usage);
      return 0;
    }
    return cmd.run(args);
  };
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      const e = (err instanceof Error ? err : new Error(String(err))) as Error & { code?: unknown };
      const expected = e.name === 'EnvError' || (cmd.expected?.(e) ?? false);
      const text = expected ? e.message || `${e.code ?? ''}` : (e.stack ?? e.message);
      process.stderr.write(`${cmd.name}: ${text}\n`);
      process.exitCode = 1;
    },
  );
}

/**
 * On SIGINT or SIGTERM during a command's work: `beforeMessage` (to end a progress line), a line
 * `<command>: <signal>, nothing written`, then `stop` (closing the connection rolls the work back; an
 * embedded server started for the command is stopped, not orphaned) and exit 130.
 */
export function stopOnInterrupt(command: string, stop: () => Promise<void>, beforeMessage?: () => void): void {
  const onSignal = (signal: NodeJS.Signals) => {
    beforeMessage?.();
    process.stderr.write(`${command}: ${signal}, nothing written\n`);
    stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}
