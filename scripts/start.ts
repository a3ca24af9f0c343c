/**
 * `npm start`: the whole stack on one machine. Every subgraph of gateway/subgraphs.json runs as its own
 * process (each with its own embedded PostgreSQL under DATA_DIR unless given a database URL), then the
 * gateway. A process that exits unasked is restarted with backoff while the rest keep serving; one that
 * keeps failing is given up on. Ctrl-C stops the gateway first, then the services.
 */
import { setTimeout as sleep } from 'node:timers/promises';
// The light entry: the package's main one would load Apollo and TypeORM into a supervisor that needs
// neither (about a second of start-up).
import { runMain, type EnvSource } from '@cultura/service-kit/light';
import { envPrefix, loadStartConfig, readSubgraphs, type StartConfig } from './start/config';
import { Output } from './start/output';
import { importReferenceData, referenceDataImported } from './start/reference-data';
import { buildDashboardIfStale } from './start/dashboard';
import {
  StartTimeout,
  describeExit,
  failureText,
  portFree,
  reapGroup,
  signalGroup,
  spawnChild,
  stopChild,
  waitReady,
  type Child,
  type Exit,
} from './start/children';

const GATEWAY_ENTRY = 'gateway/src/index.ts';
/** A repeated signal this soon after the first is the same Ctrl-C delivered twice (terminal and npm/tsx both forward it). */
const DUPLICATE_SIGNAL_MS = 1000;
/** A process that ran this long before exiting was working: its next failure starts a fresh count. */
const STABLE_AFTER_MS = 30_000;
/** Exits in a row, each before STABLE_AFTER_MS, after which a process is given up on. */
const MAX_FAILURES_IN_A_ROW = 5;
/** Restart delays double from the first up to the cap: 1, 2, 4, 8 s. */
const FIRST_RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 8_000;

/** One process `npm start` keeps running: its current child, and how its restarts went. */
interface Supervised {
  name: string;
  entry: string;
  env: EnvSource;
  /** Where it answers `/readyz`. */
  readyUrl: string;
  child?: Child;
  startedAt: number;
  restarts: number;
  failuresInARow: number;
  gaveUp: boolean;
  restartTimer?: NodeJS.Timeout;
}

function banner(config: StartConfig, gaveUp: string[]): { text: string; fields: Record<string, unknown> } {
  const endpoint = `http://localhost:${config.gatewayPort}/graphql`;
  const width = Math.max(...config.services.map((s) => s.name.length));
  const dataDirHint = config.dataDirConfigured ? `DATA_DIR=${config.dataDir} ` : '';
  const text = [
    'Cultura Graph is running.',
    '',
    `  GraphQL endpoint   ${endpoint}`,
    `  Explorer           http://localhost:${config.gatewayPort}/`,
    '  Services',
    ...config.services.map(
      (s) =>
        `    ${s.name.padEnd(width)}  ${s.routingUrl}${s.databaseUrl ? '  (database from DATABASE_URL)' : ''}${gaveUp.includes(s.name) ? '  NOT RUNNING (gave up, see above)' : ''}`,
    ),
    `  Data               ${config.dataDir}  (one embedded PostgreSQL per service; kept between runs)`,
    `  Token for writes   npm run token -- --scope ${config.services[0]?.name ?? 'territories'}:write  (--help lists the scopes)`,
    referenceDataImported(config.dataDir)
      ? `  Gazetteers         official gazetteers and boundaries imported (from ${referenceDataImported(config.dataDir)})`
      : `  Gazetteers         ${dataDirHint}npm run import:gazetteer -- --dir ../shared/data/gazetteers --geo ../shared/data/geo`,
    `  Dashboard          http://localhost:${config.gatewayPort}/dashboard`,
    '',
    'A process that exits is restarted. Ctrl-C stops everything.',
  ].join('\n');
  return {
    text,
    fields: {
      endpoint,
      services: Object.fromEntries(config.services.map((s) => [s.name, s.routingUrl])),
      dataDir: config.dataDir,
      gaveUp,
    },
  };
}

async function main(): Promise<number> {
  const subgraphs = readSubgraphs();
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

  buildDashboardIfStale(out);
  const services = servicePlans(config);
  const gatewayEnv: EnvSource = { ...config.inherited, PORT: String(config.gatewayPort) };
  for (const s of config.services) gatewayEnv[`SUBGRAPH_${envPrefix(s.name)}_URL`] = s.routingUrl;
  const gateway = supervised('gateway', GATEWAY_ENTRY, gatewayEnv, `http://127.0.0.1:${config.gatewayPort}/readyz`);
  const units = [gateway, ...services];
  const children = () => units.flatMap((u) => (u.child ? [u.child] : []));
  const cancelled = new AbortController();
  let stopping: Promise<number> | undefined;
  let running = false;

  /** Stops everything once, however many times it is asked; `report` runs first (a failure's explanation). */
  const shutdown = (failed: boolean, report?: () => Promise<void>): Promise<number> =>
    (stopping ??= (async () => {
      cancelled.abort();
      for (const u of units) clearTimeout(u.restartTimer);
      await report?.();
      // The gateway first, so no request reaches a service that is already going away.
      const gatewayClean = gateway.child ? await stopChild(gateway.child, config.stopTimeoutMs, out) : true;
      const servicesClean = (
        await Promise.all(services.map((s) => (s.child ? stopChild(s.child, config.stopTimeoutMs, out) : true)))
      ).every(Boolean);
      const clean = gatewayClean && servicesClean;
      if (failed) return 1;
      out.say(clean ? 30 : 40, clean ? 'stopped' : 'stopped, but not cleanly (see the warnings above)');
      return clean ? 0 : 1;
    })());

  const launch = (unit: Supervised) => {
    unit.startedAt = Date.now();
    unit.child = spawnChild(unit.name, unit.entry, unit.env, out, (child, exit) => void onExit(unit, child, exit));
  };

  /** An exit nobody asked for: clear what it left, then restart it with backoff, or give up on it. */
  const onExit = async (unit: Supervised, child: Child, exit: Exit) => {
    if (stopping) return;
    await reapGroup(child, config.stopTimeoutMs, out);
    if (stopping) return;
    if (Date.now() - unit.startedAt >= STABLE_AFTER_MS) unit.failuresInARow = 0;
    unit.failuresInARow++;
    // Let the last lines it wrote arrive before they are shown.
    await sleep(200);
    const when = running ? 'unexpectedly' : 'before it was ready';
    if (unit.failuresInARow >= MAX_FAILURES_IN_A_ROW) {
      unit.gaveUp = true;
      const headline = `${unit.name} ${describeExit(exit)} ${when}, ${unit.failuresInARow} times in a row: giving up on it. The rest keep running; fix it and run \`npm start\` again.`;
      out.block(
        failureText(headline, child),
        { process: unit.name, ...exit, restarts: unit.restarts, gaveUp: true, lastLines: child.tail },
        50,
      );
      return;
    }
    const delayMs = Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** (unit.failuresInARow - 1));
    unit.restarts++;
    out.say(40, `${unit.name} ${describeExit(exit)} ${when}; restarting it in ${delayMs / 1000} s (restart ${unit.restarts})`, {
      process: unit.name,
      ...exit,
      restarts: unit.restarts,
      lastLines: child.tail.slice(-5),
    });
    unit.restartTimer = setTimeout(() => {
      if (!stopping) launch(unit);
    }, delayMs);
  };

  /** Until the unit answers `/readyz`, across its restarts; false if it was given up on or the start was cancelled. */
  const ready = async (unit: Supervised): Promise<boolean> => {
    const deadline = Date.now() + config.readyTimeoutMs;
    while (!unit.gaveUp && !cancelled.signal.aborted) {
      const child = unit.child;
      if (child && !child.hasExited) {
        const remaining = deadline - Date.now();
        if (remaining <= 0 || (await waitReady(child, unit.readyUrl, remaining, cancelled.signal))) return !cancelled.signal.aborted;
      } else {
        if (Date.now() > deadline && child)
          throw new StartTimeout(`${unit.name} was not ready after ${Math.round(config.readyTimeoutMs / 1000)} s`, child);
        await sleep(100);
      }
    }
    return false;
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
    for (const s of services) launch(s);
    await Promise.all(services.map(ready));
    if (stopping) return await stopping;
    launch(gateway);
    const territories = services.find((s) => s.name === 'territories');
    const referenceData = territories
      ? importReferenceData({
          dir: config.referenceDataDir,
          dataDir: config.dataDir,
          territoriesEnv: territories.env,
          out,
          signal: cancelled.signal,
        })
      : Promise.resolve();
    if (!(await ready(gateway))) {
      if (stopping) return await stopping;
      return await shutdown(true);
    }
    await referenceData;
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
  const { text, fields } = banner(
    config,
    services.filter((s) => s.gaveUp).map((s) => s.name),
  );
  out.block(text, fields);
  // Runs until a signal starts the shutdown.
  await new Promise<void>((resolve) => {
    if (cancelled.signal.aborted) resolve();
    else cancelled.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  return await shutdown(false);
}

function supervised(name: string, entry: string, env: EnvSource, readyUrl: string): Supervised {
  return { name, entry, env, readyUrl, startedAt: 0, restarts: 0, failuresInARow: 0, gaveUp: false };
}

/**
 * Each service's process. Moved ports move the wiring too: a second stack on other ports must read its
 * own feeds and territories, not the first stack's (unless the caller names them).
 */
function servicePlans(config: StartConfig): Supervised[] {
  const territories = config.services.find((s) => s.name === 'territories');
  const wiring: EnvSource = {};
  if (territories && config.inherited.TERRITORIES_URL === undefined) wiring.TERRITORIES_URL = territories.routingUrl;
  const feeds = config.services.filter((s) => s.changeFeed).map((s) => `${s.name}=${new URL(s.routingUrl).origin}`);
  return config.services.map((s) => {
    const childEnv: EnvSource = { ...config.inherited, ...wiring, PORT: String(s.port) };
    if (s.indexesChangeFeeds && config.inherited.FEEDS === undefined) childEnv.FEEDS = feeds.join(',');
    if (s.embeddedPostgresPort) childEnv.EMBEDDED_POSTGRES_PORT = String(s.embeddedPostgresPort);
    if (s.databaseUrl) childEnv.DATABASE_URL = s.databaseUrl;
    return supervised(s.name, s.entry, childEnv, new URL('/readyz', s.routingUrl).toString());
  });
}

runMain(async () => {
  // Exit explicitly: idle keep-alive sockets of the readiness checks would otherwise hold the process.
  process.exit(await main());
});
