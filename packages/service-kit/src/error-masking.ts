import type { ApolloServerPlugin } from '@apollo/server';
import type { ErrorRequestHandler } from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from './logger';
import { assignRequestId, type RequestIdContext } from './request-id';
import { DATABASE_UNAVAILABLE, DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from './database-errors';

/**
 * Codes of errors that are written for clients: the project's own (service-kit's `badInput`,
 * `notFound`, `conflict`; auth's UNAUTHENTICATED and FORBIDDEN; SERVICE_UNAVAILABLE when a service
 * cannot reach another; the gateway's SUBGRAPH_TIMEOUT and SUBGRAPH_UNAVAILABLE) and Apollo Server's
 * request errors (a document that does not parse or validate, a bad HTTP request). Their messages are
 * part of the API; any other error is a fault of the server.
 */
export const CLIENT_ERROR_CODES: readonly string[] = Object.freeze([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'SERVICE_UNAVAILABLE',
  DATABASE_UNAVAILABLE,
  'SUBGRAPH_TIMEOUT',
  'SUBGRAPH_UNAVAILABLE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'INTROSPECTION_DISABLED',
  'MAX_RECURSIVE_SELECTIONS_EXCEEDED',
]);

/** What a masked error says, whatever went wrong. */
export const INTERNAL_ERROR_MESSAGE = 'Internal server error';

export interface MaskUnexpectedErrorsOptions {
  /** Replace unexpected errors by {@link INTERNAL_ERROR_MESSAGE}; outside production they keep their message. */
  production: boolean;
  /** Where unexpected errors are written, at error level, with the request id and the stack. */
  log: Logger;
  /** Codes to treat as client-facing besides {@link CLIENT_ERROR_CODES}. */
  clientCodes?: Iterable<string>;
}

export interface ErrorMasking {
  /** Apollo Server's `formatError` option: hides unexpected errors in production. */
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
  /**
   * Logs each unexpected error with its request id and adds `extensions.requestId` to it in the
   * response. Needs a context with `requestId` (see `assignRequestId`).
   */
  plugin: ApolloServerPlugin<RequestIdContext>;
}

/**
 * Keeps database and programming errors away from clients. An error is client-facing when its code is
 * one of {@link CLIENT_ERROR_CODES} (or `clientCodes`) and it was not raised as a plain `Error` (a
 * library's error that happens to carry such a code is still unexpected). Every other error is logged
 * at error level with its stack and the request id, and answered with `extensions.requestId`; in
 * production it is answered as
 * `{ message: "Internal server error", path, locations, extensions: { code: "INTERNAL_SERVER_ERROR", requestId } }`
 * and nothing else of it (message, other extensions, stack) reaches the client. Outside production
 * the error keeps its message and Apollo's stack trace.
 *
 * ```ts
 * const errors = maskUnexpectedErrors({ production, log });
 * new ApolloServer({ ..., formatError: errors.formatError, plugins: [errors.plugin, ...] });
 * ```
 */
export function maskUnexpectedErrors(opts: MaskUnexpectedErrorsOptions): ErrorMasking {
  const codes = new Set([...CLIENT_ERROR_CODES, ...(opts.clientCodes ?? [])]);
  const isClientFacing = (code: unknown, error: unknown) => typeof code === 'string' && codes.has(code) && !isPlainError(rootCause(error));
  return {
    formatError(formatted, error) {
      // In every mode: the driver's text ("connect ECONNREFUSED 127.0.0.1:54303") helps no client.
      if (isDatabaseUnavailable(rootCause(error))) {
        return {
          message: DATABASE_UNAVAILABLE_MESSAGE,
          ...(formatted.locations ? { locations: formatted.locations } : {}),
          ...(formatted.path ? { path: formatted.path } : {}),
          extensions: { code: DATABASE_UNAVAILABLE },
        };
      }
      if (!opts.production || isClientFacing(formatted.extensions?.code, error)) return formatted;
      return {
        message: INTERNAL_ERROR_MESSAGE,
        // Where the error happened in the client's own document and result: useful, and reveals nothing.
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      };
    },
    plugin: {
      async requestDidStart() {
        return {
          async didEncounterErrors({ errors, contextValue, operationName }) {
            for (const error of errors) {
              if (isClientFacing(error.extensions?.code, error)) continue;
              const cause = rootCause(error);
              opts.log.error(
                {
                  err: cause instanceof Error ? cause : error,
                  requestId: contextValue.requestId,
                  operation: operationName ?? null,
                  path: error.path,
                },
                'unexpected error',
              );
            }
          },
          async willSendResponse({ response, contextValue }) {
            // Only single results: incremental delivery (@defer) is not enabled on any server here.
            if (response.body.kind !== 'single') return;
            const { singleResult } = response.body;
            if (!singleResult.errors) return;
            // Decided on the code alone: formatError has already turned every unexpected error into INTERNAL_SERVER_ERROR.
            singleResult.errors = singleResult.errors.map((e) =>
              typeof e.extensions?.code === 'string' && codes.has(e.extensions.code)
                ? e
                : { ...e, extensions: { ...e.extensions, requestId: contextValue.requestId } },
            );
          },
        };
      },
      async unexpectedErrorProcessingRequest({ requestContext, error }) {
        opts.log.error({ err: error, requestId: requestContext.contextValue?.requestId }, 'unexpected error processing a request');
      },
      async contextCreationDidFail({ error }) {
        if (!isClientFacing(error instanceof GraphQLError ? error.extensions.code : undefined, error)) {
          opts.log.error({ err: error }, 'request context creation failed');
        }
      },
    },
  };
}

/**
 * Express error handler for what fails before Apollo Server sees a request (a body that is not JSON or
 * is too large): a GraphQL-shaped JSON error with the request id instead of Express's page, which
 * shows the stack outside production and is written to stderr unstructured. A 4xx keeps the message
 * body-parser wrote for the caller; anything else is logged and, in production, says nothing more.
 * Mount it after the routes.
 */
export function httpErrorHandler(opts: { production: boolean; log: Logger }): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const requestId = assignRequestId(req, res);
    const status = httpStatusOf(err);
    const message = err instanceof Error ? err.message : String(err);
    if (status >= 500) opts.log.error({ err, requestId }, 'request failed');
    else opts.log.info({ requestId, status, reason: message }, 'bad HTTP request');
    const shown = status < 500 || !opts.production ? message : INTERNAL_ERROR_MESSAGE;
    res.status(status).json({
      errors: [{ message: shown, extensions: { code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR', requestId } }],
    });
  };
}

/** The status an HTTP error asks for (the `http-errors` convention body-parser follows), else 500. */
function httpStatusOf(err: unknown): number {
  const status = typeof err === 'object' && err !== null && 'status' in err ? err.status : undefined;
  const exposed = typeof err === 'object' && err !== null && 'expose' in err && err.expose === true;
  return typeof status === 'number' && status >= 400 && status < 500 && exposed ? status : 500;
}

/** The error a resolver actually threw, below the GraphQLErrors that located and wrapped it. */
function rootCause(error: unknown): unknown {
  let cause = error;
  while (cause instanceof GraphQLError && cause.originalError) cause = cause.originalError;
  return cause;
}

/**
 * A thrown `Error` that is not a GraphQLError: a bug or a library's failure. Not-Error causes are
 * errors a gateway received from a subgraph (plain objects parsed from JSON), which keep their code.
 */
function isPlainError(cause: unknown): boolean {
  return cause instanceof Error && !(cause instanceof GraphQLError);
}
