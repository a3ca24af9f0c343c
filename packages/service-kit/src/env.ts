/**
 * Typed environment parsing shared by every process. Each service's own `src/env.ts` declares its
 * variables with these readers and calls `parseEnv` once at boot; nothing else reads the environment.
 */
import { registryService, type RegisteredService } from './registry';

export type EnvSource = Record<string, string | undefined>;

export interface EnvReader<T> {
  read(raw: string | undefined, name: string): T;
  describe: string;
}

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

class Problem extends Error {}

/**
 * Collects the problems of several parses, so one EnvError can list them all: `attempt` runs a parse and
 * returns undefined (keeping its problems) when it fails; `problems` can take checks of one's own.
 */
export function envProblems(): { problems: string[]; attempt<T>(read: () => T): T | undefined } {
  const problems: string[] = [];
  return {
    problems,
    attempt: (read) => {
      try {
        return read();
      } catch (err) {
        if (!(err instanceof EnvError)) throw err;
        problems.push(...err.problems);
        return undefined;
      }
    },
  };
}

export const env = {
  string(opts: { default?: string } = {}): EnvReader<string> {
    return {
      describe: 'text',
      read(raw, name) {
        if (raw !== undefined && raw !== '') return raw;
        if (opts.default !== undefined) return opts.default;
        throw new Problem(`${name} is required (text)`);
      },
    };
  },
  optionalString(): EnvReader<string | undefined> {
    return { describe: 'text', read: (raw) => (raw === undefined || raw === '' ? undefined : raw) };
  },
  port(defaultPort: number): EnvReader<number> {
    return {
      describe: 'TCP port (0 picks a free one)',
      read(raw, name) {
        if (raw === undefined || raw === '') return defaultPort;
        const n = Number(raw);
        if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Problem(`${name} must be a port number 0–65535, got "${raw}"`);
        return n;
      },
    };
  },
  int(opts: { default: number; min?: number; max?: number }): EnvReader<number> {
    return {
      describe: 'integer',
      read(raw, name) {
        if (raw === undefined || raw === '') return opts.default;
        const n = Number(raw);
        if (!Number.isInteger(n)) throw new Problem(`${name} must be an integer, got "${raw}"`);
        if (opts.min !== undefined && n < opts.min) throw new Problem(`${name} must be ≥ ${opts.min}, got ${n}`);
        if (opts.max !== undefined && n > opts.max) throw new Problem(`${name} must be ≤ ${opts.max}, got ${n}`);
        return n;
      },
    };
  },
  bool(defaultValue: boolean): EnvReader<boolean> {
    return {
      describe: 'true/false',
      read(raw, name) {
        if (raw === undefined || raw === '') return defaultValue;
        if (/^(1|true|yes|on)$/i.test(raw)) return true;
        if (/^(0|false|no|off)$/i.test(raw)) return false;
        throw new Problem(`${name} must be true or false, got "${raw}"`);
      },
    };
  },
  oneOf<const T extends string>(values: readonly T[], defaultValue: T): EnvReader<T> {
    return {
      describe: values.join('|'),
      read(raw, name) {
        if (raw === undefined || raw === '') return defaultValue;
        if ((values as readonly string[]).includes(raw)) return raw as T;
        throw new Problem(`${name} must be one of ${values.join(', ')}, got "${raw}"`);
      },
    };
  },
  /** A URL with a default for one machine, checked like any other URL variable. */
  urlWithDefault(opts: { protocols: string[]; default: string }): EnvReader<string> {
    const reader = env.url({ protocols: opts.protocols, optional: true });
    return { describe: reader.describe, read: (raw, name) => reader.read(raw, name) ?? opts.default };
  },
  url(opts: { protocols: string[]; optional: true }): EnvReader<string | undefined> {
    return {
      describe: `URL (${opts.protocols.join(', ')})`,
      read(raw, name) {
        if (raw === undefined || raw === '') return undefined;
        let parsed: URL;
        try {
          parsed = new URL(raw);
        } catch {
          throw new Problem(`${name} must be a URL, got "${raw}"`);
        }
        if (!opts.protocols.includes(parsed.protocol.replace(/:$/, ''))) {
          throw new Problem(`${name} must use ${opts.protocols.join(' or ')}, got "${parsed.protocol}"`);
        }
        return raw;
      },
    };
  },
  list(opts: { default: string[] }): EnvReader<string[]> {
    return {
      describe: 'comma-separated list',
      read: (raw) =>
        raw === undefined || raw === ''
          ? opts.default
          : raw
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
    };
  },
};

export type EnvSpec = Record<string, EnvReader<unknown>>;
export type ParsedEnv<S extends EnvSpec> = { readonly [K in keyof S]: S[K] extends EnvReader<infer T> ? T : never };

/** Reads every variable of `spec` from `source`; reports all problems at once, then throws. */
export function parseEnv<S extends EnvSpec>(spec: S, source: EnvSource): ParsedEnv<S> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, reader] of Object.entries(spec)) {
    try {
      out[name] = reader.read(source[name], name);
    } catch (err) {
      if (err instanceof Problem) problems.push(err.message);
      else throw err;
    }
  }
  if (problems.length) throw new EnvError(problems);
  return Object.freeze(out) as ParsedEnv<S>;
}

/**
 * How bearer tokens are verified; the same variables, defaults and meaning in every service and the
 * gateway, so one token works everywhere. The defaults repeat @cultura/auth's constants (a test keeps
 * them equal) because the tracing preload loads this module, and importing the auth package here would
 * load GraphQL before its instrumentation is in place.
 */
export const authEnvSpec = {
  /** PEM public key text (`\n` escapes allowed); required in production unless the file is given. */
  AUTH_PUBLIC_KEY: env.optionalString(),
  AUTH_PUBLIC_KEY_FILE: env.optionalString(),
  AUTH_ISSUER: env.string({ default: 'cultura-graph-dev' }),
  AUTH_AUDIENCE: env.string({ default: 'cultura-graph' }),
  /**
   * Tokens living longer than this (`exp − iat`) are refused, as are tokens without `exp`. Capped at 30
   * days so the setting cannot quietly turn into "tokens never expire".
   */
  AUTH_MAX_TOKEN_LIFETIME_SECONDS: env.int({ default: 24 * 60 * 60, min: 1, max: 30 * 24 * 60 * 60 }),
};

/** Variables every subgraph service reads, with that service's defaults. */
/** A service's variables, with its defaults from its registry entry (`registryService(name)`). */
export function subgraphEnvSpec(defaults: Pick<RegisteredService, 'port' | 'embeddedPostgresPort'>) {
  return {
    NODE_ENV: env.oneOf(['development', 'test', 'production'], 'development'),
    HOST: env.string({ default: '127.0.0.1' }),
    PORT: env.port(defaults.port),
    LOG_LEVEL: env.oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    DATABASE_URL: env.url({ protocols: ['postgres', 'postgresql'], optional: true }),
    DATA_DIR: env.optionalString(),
    EMBEDDED_POSTGRES_PORT: env.port(defaults.embeddedPostgresPort),
    DB_POOL_SIZE: env.int({ default: 10, min: 1, max: 200 }),
    ...authEnvSpec,
    SHUTDOWN_GRACE_MS: env.int({ default: 10000, min: 0 }),
  };
}

/**
 * OpenTelemetry settings, read by the tracing preload (`src/instrument.ts`) before a process loads
 * anything else. The names are the OpenTelemetry standard ones, so collectors and operators recognise them.
 */
export const telemetryEnvSpec = {
  /** OTLP/HTTP collector base URL, e.g. `http://otel-collector:4318`; unset leaves tracing off. */
  OTEL_EXPORTER_OTLP_ENDPOINT: env.url({ protocols: ['http', 'https'], optional: true }),
  /** Full traces URL, when the collector does not serve `<endpoint>/v1/traces`. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: env.url({ protocols: ['http', 'https'], optional: true }),
  /** `service.name` of this process's spans; derived from the entry point when unset. */
  OTEL_SERVICE_NAME: env.optionalString(),
};

export interface TelemetryEnv {
  /** Where spans are exported (OTLP/HTTP), or undefined when tracing is off. */
  tracesEndpoint?: string;
  serviceName?: string;
}

/** Parses the OpenTelemetry variables; throws an {@link EnvError} listing every bad value. */
export function loadTelemetryEnv(source: EnvSource = process.env): TelemetryEnv {
  const parsed = parseEnv(telemetryEnvSpec, source);
  const base = parsed.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, '');
  return {
    tracesEndpoint: parsed.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (base ? `${base}/v1/traces` : undefined),
    serviceName: parsed.OTEL_SERVICE_NAME,
  };
}

/** Where the territories service answers when the whole stack runs on one machine (`npm start`). */
export const DEFAULT_TERRITORIES_URL = registryService('territories').url;

/** Variables every program service reads: the subgraph's, its data switches and the territories service. */
export function programServiceEnvSpec(defaults: Pick<RegisteredService, 'port' | 'embeddedPostgresPort'>) {
  return {
    ...subgraphEnvSpec(defaults),
    /** Load the facts of the program's source document at start (idempotent). */
    LOAD_DEFAULT_DATA: env.bool(true),
    /** Also load the program's synthetic demo set (marked SYNTHETIC); never in a real deployment. */
    LOAD_SYNTHETIC_DATA: env.bool(false),
    /** The territories service's GraphQL endpoint, which confirms territory ids on writes. */
    TERRITORIES_URL: env.urlWithDefault({ protocols: ['http', 'https'], default: DEFAULT_TERRITORIES_URL }),
    TERRITORIES_TIMEOUT_MS: env.int({ default: 5000, min: 100 }),
  };
}

/**
 * The folder a command was typed in. npm runs workspace scripts inside the workspace folder, so relative
 * paths given to a command-line tool are resolved against npm's INIT_CWD, where the user was.
 */
export function invocationDir(source: EnvSource = process.env): string {
  return source.INIT_CWD || process.cwd();
}
