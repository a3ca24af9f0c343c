/**
 * Faults of the database connection rather than of the statement: the server is down, restarting or
 * unreachable, or the connection broke mid-statement. They are answered as DATABASE_UNAVAILABLE, never
 * with PostgreSQL's or the driver's text.
 */

/** The code clients see for a database that cannot be reached right now. */
export const DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE';

/**
 * What a client is told. A write cut off with its connection may or may not have committed (the
 * acknowledgement is what was lost), so the message does not claim either way.
 */
export const DATABASE_UNAVAILABLE_MESSAGE =
  'The service’s database is unavailable right now. A change sent with this request was not confirmed: check whether it was saved before sending it again.';

// PostgreSQL SQLSTATEs: class 08 (connection exception), admin/crash shutdown, cannot connect now.
const UNAVAILABLE_SQLSTATE = /^(08...|57P01|57P02|57P03)$/;
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);
// node-postgres reports a connection that ended under it by message alone.
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated|Client has encountered a connection error|Connection ended unexpectedly|timeout exceeded when trying to connect)/;

/**
 * TypeORM releases a query runner as soon as its connection reports an error (PostgresQueryRunner's
 * `onErrorCallback`), so the statements of a transaction that follow a lost connection fail with this
 * instead of the connection's own error.
 */
const RELEASED_BY_CONNECTION_ERROR = 'QueryRunnerAlreadyReleasedError';

/** Whether `error` (or what it wraps: TypeORM's `driverError`, a `cause`) is a fault of the connection. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, message, name } = e as { code?: unknown; message?: unknown; name?: unknown };
    if (name === RELEASED_BY_CONNECTION_ERROR) return true;
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
    e = (e as { driverError?: unknown }).driverError ?? (e as { cause?: unknown }).cause ?? (e as { errors?: unknown[] }).errors?.[0];
  }
  return false;
}
