import { createHash } from 'node:crypto';
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from '@cultura/service-kit';
import { delegateSecurityToSubgraphs } from './supergraph';

/** What became of a supergraph file the watcher read. */
export type ReloadOutcome = 'applied' | 'rejected';

export interface SupergraphFileOptions {
  /** Absolute path of the supergraph SDL (`SUPERGRAPH_FILE`). */
  file: string;
  log: Logger;
  /**
   * The file is also re-read this often (0: never), in case a change event is missed (network and
   * overlay filesystems do not always report them).
   */
  pollIntervalMs: number;
  /** Changes within this window are read once: editors and `cp` write a file in several steps. */
  debounceMs?: number;
  /** Told of each new file content the watcher applied or rejected (metrics). */
  onReload?(outcome: ReloadOutcome, detail: { hash: string; error?: string }): void;
}

/** Reads a supergraph file, saying how to make one when it is missing. */
export function readSupergraphFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`Supergraph not found at ${file}. Run \`npm run compose\` to compose it from the subgraph schemas.`, { cause: err });
    }
    throw err;
  }
}

/**
 * Prepares a supergraph for Apollo Gateway (security directives delegated to the subgraphs) and checks
 * it the way the gateway will, without touching the running schema, so a bad file is refused before
 * the gateway starts swapping anything. Throws on an invalid supergraph.
 */
export function prepareSupergraph(raw: string): { supergraphSdl: string; delegated: string[] } {
  if (raw.trim() === '') throw new Error('the supergraph file is empty');
  const prepared = delegateSecurityToSubgraphs(raw);
  Supergraph.build(prepared.supergraphSdl, { validateSupergraph: true }).apiSchema();
  return prepared;
}

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/**
 * Apollo Gateway's `supergraphSdl` hook over a file that may change while the gateway runs: the gateway
 * starts on the file's content, and each new content is checked and then handed to the gateway's
 * `update`, which swaps the schema between requests (requests under way finish on the old one). A file
 * that does not validate is logged and ignored: the gateway keeps serving the schema it has.
 *
 * The folder is watched, not the file: Kubernetes updates a mounted ConfigMap by pointing a `..data`
 * symlink at a new folder, which replaces the file without ever writing to it.
 */
export function supergraphFileHook(o: SupergraphFileOptions): SupergraphSdlHook {
  return async ({ update }) => {
    const initial = readSupergraphFile(o.file);
    // Only delegated here: the gateway validates the first supergraph itself, and refuses to start on a bad one.
    const { supergraphSdl, delegated } = delegateSecurityToSubgraphs(initial);
    if (delegated.length) o.log.info({ features: delegated }, 'security directives are enforced by the subgraphs');
    let lastSeen = hashOf(initial);
    o.log.info({ file: o.file, hash: lastSeen }, 'supergraph loaded');

    let running = false;
    let again = false;
    let stopped = false;
    const check = () => {
      if (stopped) return;
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        let raw: string;
        try {
          raw = readFileSync(o.file, 'utf8');
        } catch (err) {
          // Between the steps of a swap the file can be briefly missing; the next event or poll reads it.
          o.log.warn({ file: o.file, err: (err as Error).message }, 'supergraph file unreadable; keeping the current schema');
          return;
        }
        const hash = hashOf(raw);
        if (hash === lastSeen) return;
        lastSeen = hash;
        try {
          const prepared = prepareSupergraph(raw);
          update(prepared.supergraphSdl);
          o.log.info({ file: o.file, hash }, 'supergraph reloaded');
          o.onReload?.('applied', { hash });
        } catch (err) {
          const error = (err as Error).message;
          o.log.error({ file: o.file, hash, err: error }, 'new supergraph rejected; still serving the previous one');
          o.onReload?.('rejected', { hash, error });
        }
      } finally {
        running = false;
        if (again) {
          again = false;
          check();
        }
      }
    };

    let timer: NodeJS.Timeout | undefined;
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(check, o.debounceMs ?? 100);
      timer.unref();
    };
    let watcher: FSWatcher | undefined;
    try {
      watcher = watch(path.dirname(o.file), { persistent: false }, schedule);
      watcher.on('error', (err) => {
        o.log.warn({ err: err.message }, 'supergraph folder watch failed; relying on polling');
        watcher?.close();
      });
    } catch (err) {
      o.log.warn({ err: (err as Error).message }, 'cannot watch the supergraph folder; relying on polling');
    }
    const poll = o.pollIntervalMs > 0 ? setInterval(check, o.pollIntervalMs) : undefined;
    poll?.unref();

    return {
      supergraphSdl,
      cleanup: async () => {
        stopped = true;
        clearTimeout(timer);
        clearInterval(poll);
        watcher?.close();
      },
    };
  };
}
