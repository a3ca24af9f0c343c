import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createVerifier, DEFAULT_AUDIENCE, DEV_ISSUER, DEV_PUBLIC_KEY_FILE } from '../src';

// `npm run token`'s own arguments are covered in gateway/test/scripts.test.ts; this file covers the lifetime limit.
const root = path.resolve(__dirname, '../../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

function token(args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(tsx, ['scripts/token.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'test', ...env },
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

const publicKey = readFileSync(DEV_PUBLIC_KEY_FILE, 'utf8');

describe('npm run token and the maximum token lifetime', () => {
  it('issues tokens up to the 24-hour default, which the services accept', () => {
    const res = token(['--expires', '24h']);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain('valid 24h');
    expect(createVerifier({ publicKey, issuer: DEV_ISSUER, audience: DEFAULT_AUDIENCE })(`Bearer ${res.stdout.trim()}`).subject).toBe(
      'dev-user',
    );
  });

  it('refuses a longer --expires with a message naming the maximum and the variable, and prints no token', () => {
    const res = token(['--expires', '25h']);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain(
      '--expires 25h is longer than the 86400 s (24 h) the services and the gateway accept (AUTH_MAX_TOKEN_LIFETIME_SECONDS)',
    );
  });

  it('follows AUTH_MAX_TOKEN_LIFETIME_SECONDS, as the services do', () => {
    const twoDays = token(['--expires', '2d'], { AUTH_MAX_TOKEN_LIFETIME_SECONDS: '172800' });
    expect(twoDays.code).toBe(0);
    const verify = createVerifier({ publicKey, issuer: DEV_ISSUER, audience: DEFAULT_AUDIENCE, maxTokenLifetimeSeconds: 172800 });
    expect(verify(`Bearer ${twoDays.stdout.trim()}`).subject).toBe('dev-user');

    const defaultTooLong = token([], { AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600' });
    expect(defaultTooLong.code).toBe(2);
    expect(defaultTooLong.stderr).toContain('--expires 8h is longer than the 3600 s (1 h)');

    const badSetting = token([], { AUTH_MAX_TOKEN_LIFETIME_SECONDS: 'forever' });
    expect(badSetting.code).toBe(2);
    expect(badSetting.stderr).toContain('AUTH_MAX_TOKEN_LIFETIME_SECONDS must be an integer');
  });
});
