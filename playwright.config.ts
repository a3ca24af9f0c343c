import { defineConfig } from '@playwright/test';
import { chromiumPath } from './packages/dashboard/test/env';

/**
 * The dashboard in a real browser (`npm run test:browser`): Debian's Chromium, since Playwright's own
 * browser download cannot reach its host here (CHROMIUM_PATH names another). The global setup builds the
 * page and starts the whole stack with `npm start`'s script on free ports; screenshots land in
 * reports/playwright/.
 */
export default defineConfig({
  testDir: 'packages/dashboard/test',
  testMatch: '*.spec.ts',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  workers: 1,
  outputDir: 'reports/playwright/results',
  reporter: [['list'], ['html', { outputFolder: 'reports/playwright/html', open: 'never' }]],
  globalSetup: './packages/dashboard/test/global-setup.ts',
  use: {
    viewport: { width: 1280, height: 900 },
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: { executablePath: chromiumPath(), args: ['--no-sandbox'] },
  },
});
