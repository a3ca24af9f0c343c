import type { ErrorRequestHandler } from 'express';
import { GraphQLError, Kind } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';

/**
 * The request errors the GraphQL-over-HTTP spec answers with a 4xx, which Apollo Gateway would otherwise
 * raise while planning and Apollo Server report as a 500: no operation to run (several operations and no
 * `operationName`, or an `operationName` the document does not define), and a subscription, which this
 * graph does not have and HTTP POST cannot carry.
 */
export function operationResolutionPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(ctx) {
          if (!ctx.operation) {
            const operations = ctx.document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
            const name = ctx.request.operationName;
            const message = name
              ? `Unknown operation named "${name}": the document defines ${operations.map((o) => (o.kind === Kind.OPERATION_DEFINITION && o.name?.value) || 'an anonymous operation').join(', ') || 'no operation'}`
              : operations.length > 1
                ? 'Must provide operationName: the document defines several operations'
                : 'The document defines no operation';
            throw new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } });
          }
          if (ctx.operation.operation === 'subscription') {
            throw new GraphQLError('This graph has no subscriptions: send queries and mutations', {
              extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

/** The largest request body the gateway reads; a body over it is a 413 with a JSON error, not an HTML page. */
export const MAX_BODY_BYTES = 1_000_000;

/**
 * Turns the JSON body parser's refusals into GraphQL-style JSON errors with their proper status (413 too
 * large, 400 malformed, 415 unsupported encoding), never Express's HTML page with a stack trace.
 */
export const bodyErrorHandler: ErrorRequestHandler = (err: { type?: string; status?: number; limit?: number }, _req, res, next) => {
  const refusals: Record<string, { status: number; code: string; message: string }> = {
    'entity.too.large': {
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: `The request body is over ${err.limit ?? MAX_BODY_BYTES} bytes`,
    },
    'entity.parse.failed': { status: 400, code: 'BAD_REQUEST', message: 'The request body is not valid JSON' },
    'encoding.unsupported': { status: 415, code: 'BAD_REQUEST', message: 'The request body uses an unsupported encoding' },
    'charset.unsupported': { status: 415, code: 'BAD_REQUEST', message: 'The request body uses an unsupported charset' },
  };
  const refusal = err.type ? refusals[err.type] : undefined;
  if (!refusal) return next(err);
  res.status(refusal.status).json({
    errors: [
      { message: refusal.message, extensions: { code: refusal.code, ...(refusal.status === 413 ? { limitBytes: err.limit } : {}) } },
    ],
  });
};
