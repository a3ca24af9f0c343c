import type { Change, ChangePage } from '@cultura/vocabulary';

/**
 * Every change of a service's feed, read until none is pending. The feed holds back changes while any
 * older transaction runs on the server, and test files share one PostgreSQL server, so a single read may
 * stop short while another file's long transaction is open.
 */
export async function readWholeFeed(graphqlUrl: string, timeoutMs = 30_000): Promise<Change[]> {
  const base = graphqlUrl.replace(/\/graphql$/, '');
  const changes: Change[] = [];
  let after = '';
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const page = (await (await fetch(`${base}/changes?limit=5000&after=${after}`)).json()) as ChangePage;
    changes.push(...page.changes);
    after = page.cursor ?? '';
    if (!page.hasMore && page.pending === 0) return changes;
    if (Date.now() > deadline)
      throw new Error(`the change feed of ${base} still has ${page.pending} pending changes after ${timeoutMs} ms`);
    if (!page.hasMore) await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
