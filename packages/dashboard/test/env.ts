/**
 * What the browser tests read from their environment, in one place: where the stack under test answers
 * (set by the global setup), whether to refresh the README's screenshots, and the variables the stack
 * inherits.
 */

/** The gateway's base URL, set by global-setup.ts once the stack is up. */
export function baseUrl(): string {
  const url = process.env.DASHBOARD_BASE_URL;
  if (!url) throw new Error('DASHBOARD_BASE_URL is not set: run the browser tests with `npm run test:browser`');
  return url;
}

/** Hands the stack's address to the tests (Playwright runs them in workers that inherit this environment). */
export function setBaseUrl(url: string): void {
  process.env.DASHBOARD_BASE_URL = url;
}

/**
 * The Chromium the tests drive: CHROMIUM_PATH, else Debian's package. Playwright's own browser download
 * cannot reach its host here; `scripts/ensure-chromium.ts` installs the package when it is missing.
 */
export const chromiumPath = (): string => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** `UPDATE_SCREENSHOTS=1 npm run test:browser` rewrites docs/screenshots/ as well. */
export const updateScreenshots = (): boolean => Boolean(process.env.UPDATE_SCREENSHOTS);

/** This process's environment, for the stack it starts (which reads its own variables from it). */
export const inheritedEnv = (): NodeJS.ProcessEnv => ({ ...process.env });
