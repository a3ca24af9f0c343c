/**
 * `npm start`: the whole stack on one machine. Every subgraph of gateway/subgraphs.json runs as its own
 * process (each with its own embedded PostgreSQL under DATA_DIR unless given a database URL), then the
 * gateway; Ctrl-C stops the gateway first, then the services.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
// The env and shutdown modules alone: the package index would load Apollo and TypeORM into a
// supervisor that needs neither (about a second of start-up).
import { EnvError, env, parseEnv, type EnvSource } from '@cultura/service-kit/src/env';
import { runMain } from '@cultura/service-kit/src/shutdown';

const ROOT = path.resolve(__dirname, '..');
const SUBGRAPHS_FILE = path.join(ROOT, 'gateway', 'subgraphs.json');
const GATEWAY_ENTRY = 'gateway/src/index.ts';
/** Turns tracing on in each process when OTEL_EXPORTER_OTLP_ENDPOINT is set; does nothing otherwise. */
const TRACING_PRELOAD = './packages/service-kit/src/instrument.ts';
/** A repeated signal this soon after the first is the same Ctrl-C delivered twice (terminal and npm/tsx both forward it). */
const DUPLICATE_SIGNAL_MS = 1000;
const TAIL_LINES = 25;

// ---------------------------------------------------------------------------------------------------
// Configuration: the only place this script reads the environment.

/** What this script needs of an entry of gateway/subgraphs.json (it holds more, for composition). */
interface Subgraph {
  name: string;
  /** The service's main module, relative to the repository root. */
  entry: string;
  /** Routing URL: where the gateway reaches the service when it runs on this machine. */
  url: string;
  /** Serves a change feed the index reads. */
  changeFeed: boolean;
  /** Reads the others' change feeds (told where they are by FEEDS). */
  indexesChangeFeeds: boolean;
}

function readSubgraphs(file: string): Subgraph[] {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`${file} must hold a JSON array of subgraphs`);
  return parsed.map((item: unknown, i) => {
    const record = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
    const { name, entry, url } = record;
    if (typeof name !== 'string' || typeof entry !== 'string' || typeof url !== 'string' || !name || !entry) {
      throw new Error(`${file}[${i}] needs "name", "entry" and "url" strings`);
    }
    if (!URL.canParse(url)) throw new Error(`${file}[${i}] (${name}): "${url}" is not a URL`);
    return { name, entry, url, changeFeed: record.changeFeed === true, indexesChangeFeeds: record.indexesChangeFeeds === true };
  });
}

/** `red-cultura` → `RED_CULTURA`: the prefix of a service's variables under `npm start`. */
const envPrefix = (service: string) => service.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

const stackEnvSpec = {
  /** The gateway's port: the one endpoint users query. */
  PORT: env.port(4000),
  DATA_DIR: env.optionalString(),
  LOG_FORMAT: env.oneOf(['pretty', 'json'], 'pretty'),
  NO_COLOR: env.optionalString(),
  READY_TIMEOUT_MS: env.int({ default: 120_000, min: 1_000 }),
  STOP_TIMEOUT_MS: env.int({ default: 20_000, min: 1_000 }),
};

/** Read only to refuse them: under `npm start` one value would be shared by every service. */
const perServiceEnvSpec = {
  DATABASE_URL: env.optionalString(),
  EMBEDDED_POSTGRES_PORT: env.optionalString(),
};

interface ServicePlan extends Subgraph {
  port: number;
  /** Routing URL with the configured port: what the gateway is told. */
  routingUrl: string;
  /** Set only when configured; otherwise the service's own default applies. */
  embeddedPostgresPort?: number;
  databaseUrl?: string;
}

interface StartConfig {
  gatewayPort: number;
  dataDir: string;
  dataDirConfigured: boolean;
  json: boolean;
  colour: boolean;
  readyTimeoutMs: number;
  stopTimeoutMs: number;
  services: ServicePlan[];
  /** What every child inherits: this environment less the variables set per process. */
  inherited: EnvSource;
}

function loadStartConfig(subgraphs: Subgraph[], source: EnvSource): StartConfig {
  const problems: string[] = [];
  const attempt = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (err) {
      if (!(err instanceof EnvError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  };
  const stack = attempt(() => parseEnv(stackEnvSpec, source));
  const shared = parseEnv(perServiceEnvSpec, source);
  const services = subgraphs.map((s) => {
    const prefix = envPrefix(s.name);
    const routing = new URL(s.url);
    const ports = attempt(() =>
      parseEnv(
        {
          [`${prefix}_PORT`]: env.port(Number(routing.port)),
          // 0 (the default) leaves the service's own default port.
          [`${prefix}_EMBEDDED_POSTGRES_PORT`]: env.int({ default: 0, min: 0, max: 65535 }),
        },
        source,
      ),
    );
    const urls = attempt(() =>
      parseEnv({ [`${prefix}_DATABASE_URL`]: env.url({ protocols: ['postgres', 'postgresql'], optional: true }) }, source),
    );
    const port = ports?.[`${prefix}_PORT`] ?? 0;
    if (ports && port === 0) problems.push(`${prefix}_PORT must be a fixed port: the gateway routes to it`);
    routing.port = String(port);
    const embedded = ports?.[`${prefix}_EMBEDDED_POSTGRES_PORT`];
    return {
      ...s,
      port,
      routingUrl: routing.toString(),
      embeddedPostgresPort: embedded ? embedded : undefined,
      databaseUrl: urls?.[`${prefix}_DATABASE_URL`],
    };
  });
  const example = envPrefix(subgraphs[0]?.name ?? 'territories');
  if (shared.DATABASE_URL) {
    problems.push(`DATABASE_URL would give every service the same database; set ${example}_DATABASE_URL (one per service) instead`);
  }
  if (shared.EMBEDDED_POSTGRES_PORT) {
    problems.push(`EMBEDDED_POSTGRES_PORT would give every service the same port; set ${example}_EMBEDDED_POSTGRES_PORT instead`);
  }
  if (stack && stack.PORT === 0) problems.push('PORT must be a fixed port: it is the endpoint users query');
  if (problems.length || !stack) throw new EnvError(problems);

  const inherited: EnvSource = { ...source };
  for (const name of ['PORT', ...Object.keys(perServiceEnvSpec)]) delete inherited[name];
  const dataDir = path.resolve(stack.DATA_DIR ?? path.join(ROOT, '.data'));
  return {
    gatewayPort: stack.PORT,
    dataDir,
    dataDirConfigured: stack.DATA_DIR !== undefined,
    json: stack.LOG_FORMAT === 'json',
    colour: process.stdout.isTTY === true && stack.NO_COLOR === undefined,
    readyTimeoutMs: stack.READY_TIMEOUT_MS,
    stopTimeoutMs: stack.STOP_TIMEOUT_MS,
    services,
    // Children resolve DATA_DIR against the repo root, so hand them the absolute path.
    inherited: stack.DATA_DIR === undefined ? inherited : { ...inherited, DATA_DIR: dataDir },
  };
}

// ---------------------------------------------------------------------------------------------------
// Logs: children write pino JSON lines; shown compact and prefixed, or passed through as JSON.

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const LEVEL_COLOURS: Record<string, number> = { TRACE: 90, DEBUG: 90, INFO: 32, WARN: 33, ERROR: 31, FATAL: 35 };
const NAME_COLOURS = [36, 35, 34, 33, 32, 96, 95, 94];
const HIDDEN_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'service', 'name', 'msg', 'v']);

class Output {
  private readonly width: number;
  private readonly colours = new Map<string, number>();

  constructor(
    readonly json: boolean,
    private readonly colour: boolean,
    names: string[],
  ) {
    this.width = Math.max(...names.map((n) => n.length));
    names.forEach((n, i) => this.colours.set(n, NAME_COLOURS[i % NAME_COLOURS.length]));
  }

  private paint(code: number, text: string): string {
    return this.colour ? `\x1b[${code}m${text}\x1b[0m` : text;
  }

  /** One line of a child's stdout or stderr; returns its plain form for the failure tail. */
  childLine(name: string, line: string, stream: 'stdout' | 'stderr'): string {
    const record = parseRecord(line);
    if (this.json) {
      const wrapped = { level: stream === 'stderr' ? 50 : 30, service: name, msg: line };
      process.stdout.write(`${record ? line : JSON.stringify(wrapped)}\n`);
    } else {
      this.write(name, record ? this.format(record) : line);
    }
    return `${name} | ${record ? formatPlain(record) : line}`;
  }

  /** This script's own messages, in the same shapes as the children's. */
  say(level: 30 | 40 | 50, msg: string, fields: Record<string, unknown> = {}): void {
    const record = { level, time: new Date().toISOString(), service: 'start', msg, ...fields };
    if (this.json) process.stdout.write(`${JSON.stringify(record)}\n`);
    else this.write('start', this.format(record));
  }

  /** Text meant for a person (the banner, a failure's log tail); one JSON record in JSON mode. */
  block(text: string, fields: Record<string, unknown>, level: 30 | 50 = 30): void {
    if (this.json) this.say(level, text.split('\n')[0], fields);
    else process.stdout.write(`\n${text}\n\n`);
  }

  /** Every line of `text` behind the process's name, so multi-line messages stay attributed. */
  private write(name: string, text: string): void {
    const prefix = `${this.paint(this.colours.get(name) ?? 90, name.padEnd(this.width))} | `;
    process.stdout.write(`${text.split('\n').map((l) => prefix + l).join('\n')}\n`);
  }

  private format(record: Record<string, unknown>): string {
    const level = levelName(record.level);
    const line = `${this.paint(90, clock(record.time))} ${this.paint(LEVEL_COLOURS[level] ?? 0, level.padEnd(5))} ${formatBody(record)}`;
    const stack = errorStack(record);
    return stack && Number(record.level) >= 50 ? `${line}\n${stack}` : line;
  }
}

function parseRecord(line: string): Record<string, unknown> | null {
  if (!line.startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const levelName = (level: unknown) => LEVELS[Number(level)] ?? String(level ?? 'LOG').toUpperCase();

function clock(time: unknown): string {
  const date = typeof time === 'string' || typeof time === 'number' ? new Date(time) : new Date();
  return Number.isNaN(date.getTime()) ? '--:--:--' : date.toTimeString().slice(0, 8);
}

function formatBody(record: Record<string, unknown>): string {
  const fields = Object.entries(record)
    .filter(([key, value]) => !HIDDEN_FIELDS.has(key) && value !== undefined && value !== null)
    .map(([key, value]) => `${key}=${fieldValue(key, value)}`);
  return [typeof record.msg === 'string' ? record.msg : '', ...fields].filter(Boolean).join(' ');
}

function fieldValue(key: string, value: unknown): string {
  if (key === 'err' && typeof value === 'object' && value !== null && 'message' in value) {
    return JSON.stringify(String(value.message));
  }
  const text = typeof value === 'string' && !/\s/.test(value) ? value : JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

function errorStack(record: Record<string, unknown>): string | null {
  const err = record.err;
  if (typeof err !== 'object' || err === null || !('stack' in err) || typeof err.stack !== 'string') return null;
  return err.stack
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

const formatPlain = (record: Record<string, unknown>) => `${levelName(record.level).padEnd(5)} ${formatBody(record)}`;

// ---------------------------------------------------------------------------------------------------
// Child processes.

type Exit = { code: number | null; signal: NodeJS.Signals | null };

interface Child {
  name: string;
  proc: ChildProcess;
  /** Resolves once the process has exited (never rejects). */
  exited: Promise<Exit>;
  hasExited: boolean;
  /** Set before we ask it to stop, so its exit is not taken for a crash. */
  stopRequested: boolean;
  /** Its last lines, plain, for a failure report. */
  tail: string[];
}

function spawnChild(name: string, entry: string, childEnv: EnvSource, out: Output, onCrash: (child: Child, exit: Exit) => void): Child {
  // `node --import tsx` keeps one process per service (the tsx CLI would add a relaying parent), and
  // its own process group keeps a terminal's Ctrl-C away from it and its PostgreSQL, so the order of
  // shutdown stays ours. The tracing preload comes before the entry point, as in the container images.
  const proc = spawn(process.execPath, ['--import', 'tsx', '--import', TRACING_PRELOAD, entry], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let settle: (exit: Exit) => void = () => {};
  const child: Child = {
    name,
    proc,
    hasExited: false,
    stopRequested: false,
    tail: [],
    exited: new Promise((resolve) => (settle = resolve)),
  };
  const ended = (exit: Exit) => {
    if (child.hasExited) return;
    child.hasExited = true;
    settle(exit);
    if (!child.stopRequested) onCrash(child, exit);
  };
  proc.once('exit', (code, signal) => ended({ code, signal }));
  proc.once('error', (err) => {
    child.tail.push(`${name} | could not start: ${err.message}`);
    ended({ code: null, signal: null });
  });
  for (const stream of ['stdout', 'stderr'] as const) {
    readline.createInterface({ input: proc[stream], crlfDelay: Infinity }).on('line', (line) => {
      child.tail.push(out.childLine(name, line, stream));
      if (child.tail.length > TAIL_LINES) child.tail.shift();
    });
  }
  return child;
}

/** Signals the child's whole process group: the service and whatever it started (its PostgreSQL). */
function signalGroup(child: Child, signal: NodeJS.Signals): void {
  if (child.proc.pid === undefined) return;
  try {
    process.kill(-child.proc.pid, signal);
  } catch {
    // The group is empty.
  }
}

/** Whether any live process (zombies aside) is left in the child's process group. */
function groupAlive(child: Child): boolean {
  const pgid = child.proc.pid;
  if (pgid === undefined) return false;
  if (!existsSync('/proc/self/stat')) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
  // /proc rather than kill(-pgid, 0): an exited helper (tsx's esbuild) can stay a zombie in the group
  // when PID 1 does not reap orphans, as in some containers.
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // "pid (comm) state ppid pgrp …"; comm may itself hold spaces and parentheses.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') return true;
  }
  return false;
}

async function groupGone(child: Child, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(child)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

/** Exits that mean "stopped as asked": handled (0) or by the default action of our SIGTERM. */
const stoppedCleanly = ({ code, signal }: Exit) => code === 0 || code === 143 || signal === 'SIGTERM';

/**
 * Asks a child to stop and waits, then makes sure nothing it started outlives it. Kills what does not
 * stop within `timeoutMs`. Returns false, after saying why, if anything had to be forced.
 */
async function stopChild(child: Child, timeoutMs: number, out: Output): Promise<boolean> {
  child.stopRequested = true;
  let clean = true;
  if (!child.hasExited) {
    child.proc.kill('SIGTERM');
    const timer = sleep(timeoutMs, 'timeout' as const, { ref: false });
    if ((await Promise.race([child.exited, timer])) === 'timeout') {
      out.say(40, `${child.name} did not stop within ${timeoutMs} ms: killing it`);
      signalGroup(child, 'SIGKILL');
      clean = false;
    }
    const exit = await child.exited;
    if (clean && !stoppedCleanly(exit)) {
      out.say(40, `${child.name} ${describeExit(exit)} while stopping`);
      clean = false;
    }
  }
  // A service that exits without stopping its embedded PostgreSQL leaves it in its process group.
  if (!(await groupGone(child, 1_000))) {
    out.say(40, `${child.name} exited but left processes running (its PostgreSQL?): stopping them`);
    clean = false;
    // SIGINT is PostgreSQL's fast shutdown: it still leaves the data consistent.
    signalGroup(child, 'SIGINT');
    if (!(await groupGone(child, timeoutMs))) signalGroup(child, 'SIGKILL');
  }
  return clean;
}

const describeExit = ({ code, signal }: Exit) => (signal ? `was killed by ${signal}` : `exited with code ${code}`);

/**
 * Polls `url` until it answers 200. Returns early if the child exits (its crash is reported by the
 * exit handler) or the start is cancelled; throws once `timeoutMs` has passed.
 */
async function waitReady(child: Child, url: string, timeoutMs: number, cancelled: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (!cancelled.aborted && !child.hasExited) {
    if (Date.now() > deadline) {
      throw new StartTimeout(`${child.name} was not ready after ${Math.round(timeoutMs / 1000)} s (${url}: ${last})`, child);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
      last = `HTTP ${res.status} ${await res.text()}`;
    } catch (err) {
      // fetch's own message is only "fetch failed"; the cause says why (connection refused, timeout…).
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
      last = cause instanceof Error ? cause.message : String(cause);
    }
    await sleep(250);
  }
}

class StartTimeout extends Error {
  constructor(
    message: string,
    readonly child: Child,
  ) {
    super(message);
  }
}

function failureText(headline: string, child: Child): string {
  if (!child.tail.length) return headline;
  return [headline, `Last lines from ${child.name}:`, ...child.tail.map((l) => `  ${l}`)].join('\n');
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

// ---------------------------------------------------------------------------------------------------

function banner(config: StartConfig): { text: string; fields: Record<string, unknown> } {
  const endpoint = `http://localhost:${config.gatewayPort}/graphql`;
  const width = Math.max(...config.services.map((s) => s.name.length));
  const dataDirHint = config.dataDirConfigured ? `DATA_DIR=${config.dataDir} ` : '';
  const text = [
    'Cultura Graph is running.',
    '',
    `  GraphQL endpoint   ${endpoint}`,
    `  Explorer           http://localhost:${config.gatewayPort}/`,
    '  Services',
    ...config.services.map((s) => `    ${s.name.padEnd(width)}  ${s.routingUrl}${s.databaseUrl ? '  (database from DATABASE_URL)' : ''}`),
    `  Data               ${config.dataDir}  (one embedded PostgreSQL per service; kept between runs)`,
    `  Token for writes   npm run token -- --scope ${config.services[0]?.name ?? 'territories'}:write  (--help lists the scopes)`,
    `  Gazetteers         ${dataDirHint}npm run import:gazetteer -- --dir ../shared/data/gazetteers`,
    '',
    'Ctrl-C stops everything.',
  ].join('\n');
  return {
    text,
    fields: {
      endpoint,
      services: Object.fromEntries(config.services.map((s) => [s.name, s.routingUrl])),
      dataDir: config.dataDir,
    },
  };
}

async function main(): Promise<number> {
  const subgraphs = readSubgraphs(SUBGRAPHS_FILE);
  const config = loadStartConfig(subgraphs, process.env);
  const out = new Output(config.json, config.colour, ['start', 'gateway', ...subgraphs.map((s) => s.name)]);

  const busy: string[] = [];
  for (const [port, owner, variable] of [
    ...config.services.map((s) => [s.port, s.name, `${envPrefix(s.name)}_PORT`] as const),
    [config.gatewayPort, 'gateway', 'PORT'] as const,
  ]) {
    if (!(await portFree(port))) {
      busy.push(`port ${port} (${owner}) is in use: is another \`npm start\` running? Set ${variable} to use another`);
    }
  }
  if (busy.length) {
    out.block(`Cannot start:\n${busy.map((b) => `  - ${b}`).join('\n')}`, { problems: busy }, 50);
    return 1;
  }

  const services: Child[] = [];
  let gateway: Child | undefined;
  const children = () => (gateway ? [gateway, ...services] : services);
  const cancelled = new AbortController();
  let stopping: Promise<number> | undefined;

  /** Stops everything once, however many times it is asked; `report` runs first (a failure's explanation). */
  const shutdown = (failed: boolean, report?: () => Promise<void>): Promise<number> =>
    (stopping ??= (async () => {
      cancelled.abort();
      await report?.();
      // The gateway first, so no request reaches a service that is already going away.
      const gatewayClean = gateway ? await stopChild(gateway, config.stopTimeoutMs, out) : true;
      const servicesClean = (await Promise.all(services.map((s) => stopChild(s, config.stopTimeoutMs, out)))).every(Boolean);
      const clean = gatewayClean && servicesClean;
      if (failed) return 1;
      out.say(clean ? 30 : 40, clean ? 'stopped' : 'stopped, but not cleanly (see the warnings above)');
      return clean ? 0 : 1;
    })());

  let running = false;
  const onCrash = (child: Child, exit: Exit) => {
    if (stopping) return;
    const when = running ? 'unexpectedly' : 'before it was ready';
    void shutdown(true, async () => {
      // Let the last lines it wrote arrive before they are shown.
      await sleep(200);
      const headline = `${child.name} ${describeExit(exit)} ${when}; stopping the rest.`;
      out.block(failureText(headline, child), { process: child.name, ...exit, lastLines: child.tail }, 50);
    });
  };

  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (!firstSignalAt) {
      firstSignalAt = Date.now();
      out.say(30, `${signal}: stopping the gateway, then the services (Ctrl-C again to kill at once)`);
      void shutdown(false);
      return;
    }
    if (Date.now() - firstSignalAt < DUPLICATE_SIGNAL_MS) return;
    out.say(40, `${signal} again: killing everything now`);
    for (const child of children()) signalGroup(child, 'SIGKILL');
    process.exit(130);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  // If this script dies some other way, it must not leave servers behind.
  process.on('exit', () => {
    for (const child of children()) signalGroup(child, 'SIGKILL');
  });

  try {
    out.say(30, `starting ${config.services.map((s) => s.name).join(', ')}`, { dataDir: config.dataDir });
    // Moved ports move the wiring too: a second stack on other ports must read its own feeds and
    // territories, not the first stack's (unless the caller names them).
    const territories = config.services.find((s) => s.name === 'territories');
    const wiring: EnvSource = {};
    if (territories && config.inherited.TERRITORIES_URL === undefined) wiring.TERRITORIES_URL = territories.routingUrl;
    const feeds = config.services.filter((s) => s.changeFeed).map((s) => `${s.name}=${new URL(s.routingUrl).origin}`);
    for (const s of config.services) {
      const childEnv: EnvSource = { ...config.inherited, ...wiring, PORT: String(s.port) };
      if (s.indexesChangeFeeds && config.inherited.FEEDS === undefined) childEnv.FEEDS = feeds.join(',');
      if (s.embeddedPostgresPort) childEnv.EMBEDDED_POSTGRES_PORT = String(s.embeddedPostgresPort);
      if (s.databaseUrl) childEnv.DATABASE_URL = s.databaseUrl;
      services.push(spawnChild(s.name, s.entry, childEnv, out, onCrash));
    }
    await Promise.all(
      services.map((child, i) =>
        waitReady(child, new URL('/readyz', config.services[i].routingUrl).toString(), config.readyTimeoutMs, cancelled.signal),
      ),
    );
    if (stopping) return await stopping;

    const gatewayEnv: EnvSource = { ...config.inherited, PORT: String(config.gatewayPort) };
    for (const s of config.services) gatewayEnv[`SUBGRAPH_${envPrefix(s.name)}_URL`] = s.routingUrl;
    gateway = spawnChild('gateway', GATEWAY_ENTRY, gatewayEnv, out, onCrash);
    await waitReady(gateway, `http://127.0.0.1:${config.gatewayPort}/readyz`, config.readyTimeoutMs, cancelled.signal);
    if (stopping) return await stopping;
  } catch (err) {
    if (!(err instanceof StartTimeout)) throw err;
    const { child } = err;
    return await shutdown(true, async () => {
      const fields = { error: err.message, process: child.name, lastLines: child.tail };
      out.block(failureText(`Could not start: ${err.message}.`, child), fields, 50);
    });
  }

  running = true;
  const { text, fields } = banner(config);
  out.block(text, fields);
  // Runs until a signal or a crash starts the shutdown.
  await new Promise<void>((resolve) => {
    if (cancelled.signal.aborted) resolve();
    else cancelled.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  return await shutdown(false);
}

runMain(async () => {
  // Exit explicitly: idle keep-alive sockets of the readiness checks would otherwise hold the process.
  process.exit(await main());
});
