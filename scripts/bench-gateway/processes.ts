import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** A process the benchmark started, with everything it printed (shown if it fails). */
export interface Started {
  name: string;
  proc: ChildProcess;
  output: string[];
}

/** Starts a process in its own group, so that stopping it stops what it started too. */
export function startProcess(name: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Started {
  const proc = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  return { name, proc, output };
}

/** Waits until `url` answers 2xx, or fails with the process's last output. */
export async function waitFor(started: Started, url: string, timeoutMs = 180_000, body?: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.proc.exitCode !== null) break;
    try {
      const res = await fetch(url, body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body } : {});
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  throw new Error(`${started.name} did not answer at ${url}:\n${started.output.join('').slice(-3000)}`);
}

/** SIGTERM to the process group, then SIGKILL after `graceMs`. */
export async function stopProcess(started: Started, graceMs = 20_000): Promise<void> {
  const pid = started.proc.pid;
  if (pid === undefined || started.proc.exitCode !== null) return;
  const exited = new Promise((resolve) => started.proc.once('exit', resolve));
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  if ((await Promise.race([exited, sleep(graceMs, 'timeout')])) === 'timeout') {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

function rssOf(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.replace(/\D+/g, '')) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Resident memory of a process and all its descendants (a gateway's cluster workers), in bytes. */
export function treeRss(pid: number): number {
  return rssOf(pid) + childrenOf(pid).reduce((sum, child) => sum + treeRss(child), 0);
}

/** Largest resident memory of one process of the tree (one worker's share), in bytes. */
export function largestProcessRss(pid: number): number {
  return Math.max(rssOf(pid), ...childrenOf(pid).map(largestProcessRss));
}

/** Samples the peak resident memory of process trees while work runs. */
export class RssSampler {
  private readonly peaks = new Map<number, { tree: number; process: number }>();
  private readonly timer: NodeJS.Timeout;

  constructor(pids: number[], everyMs = 200) {
    this.timer = setInterval(() => {
      for (const pid of pids) {
        const seen = this.peaks.get(pid) ?? { tree: 0, process: 0 };
        this.peaks.set(pid, { tree: Math.max(seen.tree, treeRss(pid)), process: Math.max(seen.process, largestProcessRss(pid)) });
      }
    }, everyMs);
    this.timer.unref();
  }

  peak(pid: number): { tree: number; process: number } {
    return this.peaks.get(pid) ?? { tree: treeRss(pid), process: largestProcessRss(pid) };
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
