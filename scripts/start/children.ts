import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EnvSource } from '@cultura/service-kit/light';
import { ROOT } from './config';
import type { Output } from './output';

/** Turns tracing on in each process when OTEL_EXPORTER_OTLP_ENDPOINT is set; does nothing otherwise. */
const TRACING_PRELOAD = './packages/service-kit/src/instrument.ts';
const TAIL_LINES = 25;

// ---------------------------------------------------------------------------------------------------
// Child processes.

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

export interface Child {
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

export function spawnChild(
  name: string,
  entry: string,
  childEnv: EnvSource,
  out: Output,
  onCrash: (child: Child, exit: Exit) => void,
): Child {
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
export function signalGroup(child: Child, signal: NodeJS.Signals): void {
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

export async function groupGone(child: Child, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(child)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

/** Exits that mean "stopped as asked": handled (0) or by the default action of our SIGTERM. */
export const stoppedCleanly = ({ code, signal }: Exit) => code === 0 || code === 143 || signal === 'SIGTERM';

/**
 * Asks a child to stop and waits, then makes sure nothing it started outlives it. Kills what does not
 * stop within `timeoutMs`. Returns false, after saying why, if anything had to be forced.
 */
export async function stopChild(child: Child, timeoutMs: number, out: Output): Promise<boolean> {
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
  return (await reapGroup(child, timeoutMs, out)) && clean;
}

/**
 * A service that exits without stopping its embedded PostgreSQL (killed, crashed) leaves it in its
 * process group: stops what is left. Returns false, after saying so, if anything was left.
 */
export async function reapGroup(child: Child, timeoutMs: number, out: Output): Promise<boolean> {
  if (await groupGone(child, 1_000)) return true;
  out.say(40, `${child.name} exited but left processes running (its PostgreSQL?): stopping them`);
  // SIGINT is PostgreSQL's fast shutdown: it still leaves the data consistent.
  signalGroup(child, 'SIGINT');
  if (!(await groupGone(child, timeoutMs))) signalGroup(child, 'SIGKILL');
  await groupGone(child, 5_000);
  return false;
}

export const describeExit = ({ code, signal }: Exit) => (signal ? `was killed by ${signal}` : `exited with code ${code}`);

/**
 * Polls `url` until it answers 200 (true). Returns false early if the child exits (its exit is handled by
 * its exit handler) or the start is cancelled; throws once `timeoutMs` has passed.
 */
export async function waitReady(child: Child, url: string, timeoutMs: number, cancelled: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (!cancelled.aborted && !child.hasExited) {
    if (Date.now() > deadline) {
      throw new StartTimeout(`${child.name} was not ready after ${Math.round(timeoutMs / 1000)} s (${url}: ${last})`, child);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return true;
      last = `HTTP ${res.status} ${await res.text()}`;
    } catch (err) {
      // fetch's own message is only "fetch failed"; the cause says why (connection refused, timeout…).
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
      last = cause instanceof Error ? cause.message : String(cause);
    }
    await sleep(250);
  }
  return false;
}

export class StartTimeout extends Error {
  constructor(
    message: string,
    readonly child: Child,
  ) {
    super(message);
  }
}

export function failureText(headline: string, child: Child): string {
  if (!child.tail.length) return headline;
  return [headline, `Last lines from ${child.name}:`, ...child.tail.map((l) => `  ${l}`)].join('\n');
}

export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
