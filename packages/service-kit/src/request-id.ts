import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The header a request id arrives in (from a proxy, the gateway or the client) and is echoed in. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * What an incoming id may look like to be kept: UUIDs, hex trace ids, proxies' ids (`Root=1-…`),
 * base64. Anything else (too long, spaces, quotes, control characters, two headers joined by a comma)
 * is replaced, because the id is copied into every log line and error of the request.
 */
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:=+/-]{0,127}$/;

/** Request context that carries the request's id, for plugins that log or report it. */
export interface RequestIdContext {
  /** The request's id, as echoed in the `x-request-id` response header. */
  requestId: string;
}

/** The incoming `x-request-id` value if it is a sane token, else undefined. */
export function acceptRequestId(raw: string | string[] | undefined): string | undefined {
  return typeof raw === 'string' && SANE_REQUEST_ID.test(raw) ? raw : undefined;
}

// Keyed by the request object, so the id dies with the request and nothing else can overwrite it.
const assigned = new WeakMap<IncomingMessage, string>();

/**
 * The request's id: the incoming `x-request-id` when sane, else a new UUID. Decided once per request
 * (later calls return the same id) and echoed in the `x-request-id` response header.
 */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  let id = assigned.get(req);
  if (id === undefined) {
    id = acceptRequestId(req.headers[REQUEST_ID_HEADER]) ?? randomUUID();
    assigned.set(req, id);
    if (!res.headersSent) res.setHeader(REQUEST_ID_HEADER, id);
  }
  return id;
}

/**
 * Express middleware giving every request an id ({@link assignRequestId}) before any other handler
 * runs, so even a refused token or a bad body answers with `x-request-id`.
 */
export function requestIdMiddleware(): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    assignRequestId(req, res);
    next();
  };
}
