import { DEFAULT_AUDIENCE, DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, DEV_ISSUER } from '@cultura/auth';
import { EnvError, authEnvSpec, env, parseEnv, subgraphEnvSpec } from '../src/env';
import { decodeCursor, encodeCursor, pageSize } from '../src/pagination';

describe('environment parsing', () => {
  it('applies defaults and types values', () => {
    const parsed = parseEnv(subgraphEnvSpec({ port: 4001, embeddedPostgresPort: 54301 }), { PORT: '0', DB_POOL_SIZE: '3' });
    expect(parsed.PORT).toBe(0);
    expect(parsed.DB_POOL_SIZE).toBe(3);
    expect(parsed.EMBEDDED_POSTGRES_PORT).toBe(54301);
    expect(parsed.DATABASE_URL).toBeUndefined();
    expect(parsed.NODE_ENV).toBe('development');
  });

  it('reports every invalid variable at once, by name', () => {
    let caught: unknown;
    try {
      parseEnv(subgraphEnvSpec({ port: 4001, embeddedPostgresPort: 54301 }), {
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(EnvError);
    const { problems } = caught as EnvError;
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/PORT must be a port number/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL must use postgres or postgresql/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL must be one of/);
  });

  it('reads the token settings with the auth package’s defaults, and bounds the token lifetime', () => {
    const defaults = parseEnv(authEnvSpec, {});
    expect(defaults).toMatchObject({
      AUTH_ISSUER: DEV_ISSUER,
      AUTH_AUDIENCE: DEFAULT_AUDIENCE,
      AUTH_MAX_TOKEN_LIFETIME_SECONDS: DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
    });
    expect(
      parseEnv(subgraphEnvSpec({ port: 1, embeddedPostgresPort: 2 }), { AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600' })
        .AUTH_MAX_TOKEN_LIFETIME_SECONDS,
    ).toBe(3600);
    expect(() => parseEnv(authEnvSpec, { AUTH_MAX_TOKEN_LIFETIME_SECONDS: '0' })).toThrow(/AUTH_MAX_TOKEN_LIFETIME_SECONDS must be ≥ 1/);
    expect(() => parseEnv(authEnvSpec, { AUTH_MAX_TOKEN_LIFETIME_SECONDS: String(31 * 86400) })).toThrow(
      /AUTH_MAX_TOKEN_LIFETIME_SECONDS must be ≤ 2592000/,
    );
  });

  it('requires required text and parses booleans strictly', () => {
    expect(() => parseEnv({ NAME: env.string() }, {})).toThrow(/NAME is required/);
    expect(parseEnv({ FLAG: env.bool(false) }, { FLAG: 'yes' }).FLAG).toBe(true);
    expect(() => parseEnv({ FLAG: env.bool(false) }, { FLAG: 'maybe' })).toThrow(/FLAG must be true or false/);
  });
});

describe('cursors and page sizes', () => {
  it('round-trips a cursor and rejects a forged one with the argument name', () => {
    expect(decodeCursor(encodeCursor('alto hospicio', 'CL:01107'))).toEqual(['alto hospicio', 'CL:01107']);
    expect(() => decodeCursor('abc')).toThrow(/not a cursor/);
  });

  it('refuses a cursor from another list or order, and a timestamp key that is not one', () => {
    const newest = encodeCursor('2026-03-01T00:00:00.000Z', 'a1', 'actions NEWEST_FIRST');
    expect(decodeCursor(newest, 'after', 'actions NEWEST_FIRST', 'timestamp')).toEqual(['2026-03-01T00:00:00.000Z', 'a1']);
    expect(() => decodeCursor(newest, 'after', 'actions TITLE')).toThrow(
      /not a cursor returned by this list in this order \(it belongs to actions NEWEST_FIRST\)/,
    );
    expect(() => decodeCursor(encodeCursor('zapallar', 'a1'), 'after', 'actions NEWEST_FIRST', 'timestamp')).toThrow(/not a cursor/);
    expect(() =>
      decodeCursor(encodeCursor('zapallar', 'a1', 'actions NEWEST_FIRST'), 'after', 'actions NEWEST_FIRST', 'timestamp'),
    ).toThrow(/not a cursor/);
    expect(decodeCursor(encodeCursor('-infinity', 'a9', 'x'), 'after', 'x', 'timestamp')).toEqual(['-infinity', 'a9']);
  });

  it('bounds page sizes', () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(0)).toBe(0);
    expect(() => pageSize(-1)).toThrow(/first must be between/);
    expect(() => pageSize(100000)).toThrow(/first must be between/);
  });
});
