import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const running = globalThis.__CULTURA_TEST_PG__;
  if (!running) return;
  await running.pg.stop();
  rmSync(running.dir, { recursive: true, force: true });
}
