import type express from 'express';

/**
 * Serves a subgraph's plain-GET file (a download the registry lists) at the same path and query, so
 * clients need only the gateway's address. Its answer passes through as it is, 4xx included; a subgraph
 * that cannot be reached is a 503 naming it.
 */
export function downloadHandler(subgraph: string, routes: ReadonlyMap<string, string>, timeoutMs: number): express.RequestHandler {
  return async (req, res) => {
    const route = routes.get(subgraph);
    if (!route) {
      res.status(503).json({ error: `${subgraph} is not in the supergraph being served`, subgraph });
      return;
    }
    const url = new URL(req.originalUrl, route.replace(/\/graphql$/, '/'));
    try {
      const answer = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      for (const header of ['content-type', 'content-disposition']) {
        const value = answer.headers.get(header);
        if (value) res.set(header, value);
      }
      res.status(answer.status).send(Buffer.from(await answer.arrayBuffer()));
    } catch (err) {
      res.status(503).json({ error: `${subgraph} did not answer: ${(err as Error).message}`, subgraph });
    }
  };
}
