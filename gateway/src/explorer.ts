import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Request, type Response, type Router } from 'express';

/**
 * The explorer page: GraphiQL 3 served entirely by the gateway from installed npm packages, so it
 * works without internet access and never loads code from a CDN.
 */

/** URL path (relative to the gateway root) under which the explorer's files are served. */
export const EXPLORER_ASSET_PATH = 'explorer';

const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

/** The files the page loads, by the name it asks for them under. */
export function explorerAssets(): Record<string, { file: string; type: string }> {
  const graphiql = packageDir('graphiql');
  const react = packageDir('react');
  const reactDom = packageDir('react-dom');
  return {
    'react.production.min.js': { file: path.join(react, 'umd', 'react.production.min.js'), type: 'text/javascript' },
    'react-dom.production.min.js': { file: path.join(reactDom, 'umd', 'react-dom.production.min.js'), type: 'text/javascript' },
    'graphiql.min.js': { file: path.join(graphiql, 'graphiql.min.js'), type: 'text/javascript' },
    'graphiql.min.js.map': { file: path.join(graphiql, 'graphiql.min.js.map'), type: 'application/json' },
    'graphiql.min.css': { file: path.join(graphiql, 'graphiql.min.css'), type: 'text/css' },
    'explorer.js': { file: path.resolve(__dirname, '..', 'explorer', 'explorer.js'), type: 'text/javascript' },
  };
}

/** Opens on a walk through the gazetteer that ships with the territories service. */
export const DEFAULT_QUERY = `# Cultura Graph: one GraphQL endpoint over the culture programs of Chile and Peru.
# Press the run button (or Ctrl-Enter). The Docs panel on the left lists every type and field.
#
# Reading is open to everyone. Mutations need a bearer token with the right scope:
# get a development token with \`npm run token -- --scope territories:write\`, then
# paste it in the Headers tab below as {"Authorization": "Bearer <token>"}.

# Alto Hospicio (comuna, CUT 01107): up to its province, region and country,
# and the other comunas of its province.
query AltoHospicio {
  territory(id: "CL:01107") {
    id
    name
    localKind
    officialCode
    parent {
      id
      name
      localKind
    }
    firstLevel {
      id
      name
      isoCode
    }
    ancestors {
      id
      name
      level
    }
    siblings {
      id
      name
      officialCode
    }
  }
}
`;

/**
 * Only the explorer's own origin: scripts, styles and fonts are local files (GraphiQL's CSS embeds
 * its fonts as data URLs), and queries go to this gateway.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // GraphiQL and CodeMirror set inline style attributes.
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Relative URLs, so the page keeps working behind a reverse proxy that adds a path prefix. */
export function explorerHtml(opts: { endpoint: string; defaultQuery?: string; title?: string }): string {
  const config = { endpoint: opts.endpoint, defaultQuery: opts.defaultQuery ?? DEFAULT_QUERY, defaultHeaders: '' };
  // `<` escaped so no string in the config can close the script element.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  const asset = (name: string) => `${EXPLORER_ASSET_PATH}/${name}`;
  const title = (opts.title ?? 'Cultura Graph explorer').replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="${asset('graphiql.min.css')}">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading the explorer…</div>
<script type="application/json" id="explorer-config">${json}</script>
<script src="${asset('react.production.min.js')}"></script>
<script src="${asset('react-dom.production.min.js')}"></script>
<script src="${asset('graphiql.min.js')}"></script>
<script src="${asset('explorer.js')}"></script>
</body>
</html>
`;
}

/** Sends the explorer page. */
export function sendExplorer(res: Response, html: string): void {
  res
    .status(200)
    .set({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    })
    .send(html);
}

/** True when a GET on the GraphQL path comes from a browser that wants a page, not a JSON result. */
export function prefersHtml(req: Request): boolean {
  return req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

/** Serves the explorer's files (and nothing else) under `/explorer/`; fails at start if one is missing. */
export function explorerAssetRouter(): Router {
  const assets = explorerAssets();
  const missing = Object.values(assets).filter((a) => !existsSync(a.file));
  if (missing.length) throw new Error(`Explorer files missing (is npm install complete?): ${missing.map((a) => a.file).join(', ')}`);
  const router = express.Router();
  router.get('/:name', (req, res, next) => {
    const asset = Object.hasOwn(assets, req.params.name) ? assets[req.params.name] : undefined;
    if (!asset) return next();
    res.type(asset.type);
    res.set('x-content-type-options', 'nosniff');
    res.sendFile(asset.file, { maxAge: '1d' });
  });
  return router;
}
