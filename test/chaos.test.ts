import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { freePort } from '@cultura/testkit';

const ROOT = path.resolve(__dirname, '..');
const chaos = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/chaos.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });

describe('npm run chaos', () => {
  it('sends nothing to another machine', () => {
    const run = chaos('--gateway', 'http://example.org/graphql');
    expect({ status: run.status, stderr: run.stderr.trim() }).toEqual({
      status: 2,
      stderr: 'npm run chaos only sends traffic to this machine; http://example.org/graphql is not local',
    });
  });

  it('says how to start the stack when no gateway answers', async () => {
    const run = chaos('--gateway', `http://127.0.0.1:${await freePort()}/graphql`);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^no gateway answers at http:\/\/127\.0\.0\.1:\d+\/graphql: start the stack with `npm start` first/);
  });
});
