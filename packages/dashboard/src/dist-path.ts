import path from 'node:path';

/** Where `npm run build --workspace @cultura/dashboard` writes the page; the gateway serves it at /dashboard. */
export const DASHBOARD_DIST = path.resolve(__dirname, '..', 'dist');

/** The path the page is served at (its assets below it), as vite.config.ts builds it. */
export const DASHBOARD_PATH = '/dashboard';

/** Files whose change makes a built page stale: what `npm start` compares with the build. */
export const DASHBOARD_SOURCES = [
  path.resolve(__dirname, '..', 'web'),
  path.resolve(__dirname, '..', 'index.html'),
  path.resolve(__dirname, '..', 'vite.config.mts'),
];
