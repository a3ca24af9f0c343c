/**
 * `npm run test:browser` runs this first: the browser tests need a Chromium, and Playwright's own download
 * host is out of reach here, so the system's is used (CHROMIUM_PATH, else /usr/bin/chromium). When it is
 * missing and this runs as root on Debian, it installs Debian's `chromium` package; otherwise it says how.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { runMain } from '@cultura/service-kit/light';
import { chromiumPath } from '../packages/dashboard/test/env';

runMain(async () => {
  const wanted = chromiumPath();
  if (existsSync(wanted)) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !existsSync('/usr/bin/apt-get')) {
    console.error(`No Chromium at ${wanted}: install Debian's \`chromium\` package (apt-get install chromium) or set CHROMIUM_PATH.`);
    process.exit(1);
  }
  console.log('Installing Chromium (Debian package `chromium`) for the browser tests…');
  execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-q', 'chromium'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (!existsSync(wanted)) {
    console.error(`apt-get installed chromium, but not at ${wanted}: set CHROMIUM_PATH`);
    process.exit(1);
  }
});
