import { startWithTerritories, type TestService } from '@cultura/testkit';
import { loadEnv } from '../src/env';
import { redGestionOptions, redGestionService } from '../src/index';

export interface Services {
  territories: TestService;
  red: TestService;
  stop(): Promise<void>;
}

/**
 * The territories service (with Peru's official gazetteer, for provinces and districts) and the RED
 * service pointed at it through its own TERRITORIES_URL variable, as in production.
 */
export async function startServices(extraEnv: Record<string, string> = {}): Promise<Services> {
  const envWith = (territoriesUrl: string) => ({ TERRITORIES_URL: territoriesUrl, ...extraEnv });
  const {
    territories,
    service: red,
    stop,
  } = await startWithTerritories(
    (territoriesUrl) => redGestionService(redGestionOptions(loadEnv(envWith(territoriesUrl)))),
    (territoriesUrl) => ({ gazetteers: ['PE'], env: envWith(territoriesUrl) }),
  );
  return { territories, red, stop };
}

/** Row counts of every table a write could touch: equal before and after means nothing was written. */
export async function snapshot(svc: TestService): Promise<Record<string, number | string>> {
  const tables = [
    'actor',
    'action',
    'participation',
    'reported_figure',
    'red_entity',
    'red_session',
    'red_attendance',
    'red_public_servant',
    'red_servant_attendance',
  ];
  const [row] = await svc.dataSource.query(`SELECT ${tables.map((t) => `(SELECT count(*) FROM ${t})::int AS ${t}`).join(', ')}`);
  const [state] = await svc.dataSource.query(
    `SELECT string_agg(id || '=' || status || ':' || array_to_string(territory_ids, ','), ';' ORDER BY id) AS actions FROM action`,
  );
  return { ...row, actionsState: state.actions };
}

/** One change of a service's feed, as the tests read it. */
export interface FeedChange {
  entity: string;
  id: string;
  snapshot: Record<string, unknown> | null;
}

/**
 * The service's change feed, read again until `done` holds (or the time is up). The feed hands out a
 * change only once every older transaction on the server has ended, and test files running beside this
 * one share the server: a change can stay held back for a moment.
 */
export async function readFeedUntil(svc: TestService, done: (changes: FeedChange[]) => boolean, timeoutMs = 10_000): Promise<FeedChange[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${svc.url.replace(/\/graphql$/, '')}/changes?limit=5000`);
    const changes = ((await res.json()) as { changes: FeedChange[] }).changes;
    if (done(changes) || Date.now() > until) return changes;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
