import { readdirSync, readFileSync } from 'node:fs';
import { readRegistry } from '@cultura/service-kit/light';

/** A service of the running stack: where it answers and which entry point runs it. */
export interface Subgraph {
  name: string;
  entry: string;
  url: string;
}

/**
 * The services of gateway/subgraphs.json, on the ports `npm start` gives them: the routing URL's, or
 * `<NAME>_PORT` when set in this environment (as for `npm start`).
 */
export function readSubgraphs(root: string): Subgraph[] {
  return readRegistry(root).map(({ name, entry, url, envPrefix }) => {
    const routed = new URL(url);
    const port = process.env[`${envPrefix}_PORT`];
    if (port) routed.port = port;
    return { name, entry, url: routed.toString() };
  });
}

/** The pid of the process running `s` on its port, found through /proc; null if none. */
export function findServicePid(s: Subgraph): number | null {
  const port = new URL(s.url).port;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(s.entry)) continue;
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (environ.includes(`PORT=${port}`)) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  return null;
}
