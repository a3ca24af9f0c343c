import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { createVerifier, DEFAULT_AUDIENCE, DEV_ISSUER, DEV_PUBLIC_KEY_FILE } from '@cultura/auth';
import { repoRoot } from '@cultura/service-kit';

const root = repoRoot();
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

function run(script: string, args: string[]) {
  const res = spawnSync(tsx, [script, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'test' } });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('npm run token', () => {
  const verify = createVerifier({ publicKey: readFileSync(DEV_PUBLIC_KEY_FILE, 'utf8'), issuer: DEV_ISSUER, audience: DEFAULT_AUDIENCE });

  it('prints only a dev token the services accept, with scopes given repeated, spaced or comma-separated', () => {
    const res = run('scripts/token.ts', [
      '--scope',
      'red-cultura:write',
      '--scope',
      'pii:read, territories:write',
      '--sub',
      'alice',
      '--expires',
      '2h',
    ]);
    expect(res.code).toBe(0);
    const token = res.stdout.trim();
    expect(token.split('.')).toHaveLength(3);
    const auth = verify(`Bearer ${token}`);
    expect(auth.subject).toBe('alice');
    expect([...auth.scopes].sort()).toEqual(['pii:read', 'red-cultura:write', 'territories:write']);
  });

  it('explains the known scopes with --help', () => {
    const res = run('scripts/token.ts', ['--help']);
    expect(res.code).toBe(0);
    for (const scope of ['territories:write', 'red-cultura:write', 'red-gestion:write', 'puntos-cultura:write', 'pii:read']) {
      expect(res.stdout).toContain(scope);
    }
  });

  it.each([
    [['--scopez', 'x'], 'Unknown argument "--scopez"'],
    [['--expires', 'soon'], '--expires must be seconds or a number followed by s, m, h or d'],
    [['--sub'], '--sub needs a value'],
  ])('refuses %j with a readable message and exit code 2', (args, message) => {
    const res = run('scripts/token.ts', args);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(message);
    expect(res.stdout).toBe('');
  });
});

describe('npm run compose:check', () => {
  it('exits 0 when the committed supergraph is current', () => {
    const res = run('gateway/scripts/compose.ts', ['--check']);
    expect(res).toMatchObject({ code: 0 });
    expect(res.stdout).toContain('gateway/supergraph.graphql is up to date');
  });

  it('refuses an unknown argument with exit code 2', () => {
    const res = run('gateway/scripts/compose.ts', ['--chek']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('Unknown argument: --chek');
  });
});
