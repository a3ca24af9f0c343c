import { signToken } from '@cultura/testkit';

/** Runs SQL on a database: a DataSource's `query`, or a pg Client's wrapped to return its rows. */
export type Query = (sql: string, parameters?: unknown[]) => Promise<{ v?: string }[]>;

/**
 * Every action and actor of a program service's database at the version of its latest change,
 * `id@txid.position`: what the index must hold, exactly.
 */
export async function sourceVersions(query: Query): Promise<string[]> {
  const rows = await query(`
    SELECT DISTINCT ON (entity, entity_id) entity_id || '@' || txid::text || '.' || position::text AS v
    FROM change_outbox WHERE entity IN ('action', 'actor')
      AND entity_id IN (SELECT id FROM action UNION ALL SELECT id FROM actor)
    ORDER BY entity, entity_id, txid DESC, position DESC`);
  return rows.map((r) => r.v ?? '').sort();
}

/** The index's records of `program`, at the version of the change that produced each. */
export async function indexVersions(query: Query, program: string): Promise<string[]> {
  const rows = await query(
    `SELECT id || '@' || source_cursor AS v FROM indexed_action WHERE program_id = $1
     UNION ALL SELECT id || '@' || source_cursor FROM indexed_actor WHERE program_id = $1`,
    [program],
  );
  return rows.map((r) => r.v ?? '').sort();
}

/** Records a red-cultura activity through its GraphQL endpoint; returns its id. */
export async function recordActivity(redCulturaUrl: string, title: string): Promise<string> {
  const res = await fetch(redCulturaUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${signToken({ scopes: ['red-cultura:write'] })}` },
    body: JSON.stringify({
      query: `mutation($t: String!) { recordActivity(input: { kind: TRAINING, title: $t, territoryIds: ["CL:01405"], period: { start: "2026-06-01" } }) { id } }`,
      variables: { t: title },
    }),
  });
  const body = (await res.json()) as { data?: { recordActivity?: { id: string } }; errors?: unknown[] };
  if (!body.data?.recordActivity) throw new Error(`recordActivity failed: ${JSON.stringify(body.errors)}`);
  return body.data.recordActivity.id;
}

/**
 * Makes the next write to `table` that is the `nth` since this call fail with a real database error
 * (a trigger raising), once: the sequence counts across rollbacks, so a retry goes through. Returns
 * the function that removes the fault.
 */
export async function failOnce(query: Query, table: string, nth = 1): Promise<() => Promise<void>> {
  await query(`
    CREATE SEQUENCE fault_once;
    CREATE FUNCTION fail_once() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF nextval('fault_once') = ${Number(nth)} THEN RAISE EXCEPTION 'injected fault'; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER fail_once BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION fail_once();`);
  return async () => {
    await query(`DROP TRIGGER fail_once ON ${table}; DROP FUNCTION fail_once(); DROP SEQUENCE fault_once;`);
  };
}

/** Reads `read` every 50 ms until `done` holds or `timeoutMs` passes; returns the last value read. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
