import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { DASHBOARD_DIST, DASHBOARD_PATH } from '@cultura/dashboard';

/**
 * The dashboard page (packages/dashboard, built by Vite) at `/dashboard`: its files as built, every asset
 * bundled, so the page works with no network beyond this gateway. Before a build it answers 503 and says
 * how to build it (`npm start` builds it first).
 */
export function dashboardRouter(dist: string = DASHBOARD_DIST): Router {
  const router = express.Router();
  router.use(
    express.static(dist, {
      index: 'index.html',
      // File names under assets/ carry their content hash; index.html must be read fresh.
      setHeaders: (res, file) =>
        res.set('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    }),
  );
  router.get('/', (_req, res) => {
    if (existsSync(path.join(dist, 'index.html'))) return res.sendFile(path.join(dist, 'index.html'));
    res
      .status(503)
      .type('text/plain')
      .send('The dashboard is not built yet: run `npm run build --workspace @cultura/dashboard` (npm start does it).\n');
  });
  return router;
}

export { DASHBOARD_PATH };
