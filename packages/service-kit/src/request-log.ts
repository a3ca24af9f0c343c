import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Logger } from './logger';

/**
 * One structured line per GraphQL request: request id (when the context carries one), operation,
 * duration and error codes.
 */
export function requestLogPlugin<C extends BaseContext & { requestId?: string }>(log: Logger): ApolloServerPlugin<C> {
  return {
    async requestDidStart({ request }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ errors, operationName, contextValue }) {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          const codes = errors?.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
          log.info(
            { requestId: contextValue.requestId, operation: operationName ?? request.operationName ?? null, ms, errors: codes },
            'graphql request',
          );
        },
      };
    },
  };
}
