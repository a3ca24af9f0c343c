import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { parse } from 'graphql';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';

/** A tiny subgraph for testing the gateway's own behaviour, independent of the real services. */
export const FAKE_SUBGRAPH_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

type Query {
  "The Authorization header this subgraph received, or null."
  authorization: String
  "Answers after the given number of milliseconds."
  slow(ms: Int!): String
  hello: String
  "Fails as a database fault would, with its text in the message."
  broken: String
}
`;

export interface FakeSubgraph {
  name: string;
  url: string;
  typeDefs: string;
  /** The Authorization header of every request received (null when absent). */
  authorizations: (string | null)[];
  /** TCP connections opened to this subgraph so far. */
  connections(): number;
  stop(): Promise<void>;
}

interface FakeContext {
  authorization: string | null;
}

export async function startFakeSubgraph(name = 'echo'): Promise<FakeSubgraph> {
  const authorizations: (string | null)[] = [];
  const schema = buildSubgraphSchema([
    {
      typeDefs: parse(FAKE_SUBGRAPH_SDL),
      resolvers: {
        Query: {
          authorization: (_: unknown, __: unknown, ctx: FakeContext) => ctx.authorization,
          slow: (_: unknown, args: { ms: number }) => new Promise((resolve) => setTimeout(() => resolve('late'), args.ms).unref()),
          hello: () => 'hola',
          broken: () => {
            throw new Error('relation "secret_table" does not exist');
          },
        },
      },
    },
  ]);
  const app = express();
  const httpServer = http.createServer(app);
  httpServer.keepAliveTimeout = 65_000;
  let connections = 0;
  httpServer.on('connection', () => connections++);
  const server = new ApolloServer<FakeContext>({
    schema,
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: 200 }), ApolloServerPluginInlineTraceDisabled()],
  });
  await server.start();
  app.use(
    '/graphql',
    express.json(),
    expressMiddleware(server, {
      context: async ({ req }) => {
        const authorization = req.headers.authorization ?? null;
        authorizations.push(authorization);
        return { authorization };
      },
    }),
  );
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    name,
    url: `http://127.0.0.1:${port}/graphql`,
    typeDefs: FAKE_SUBGRAPH_SDL,
    authorizations,
    connections: () => connections,
    stop: () => server.stop(),
  };
}
