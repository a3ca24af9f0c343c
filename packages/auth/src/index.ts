import { readFileSync } from 'node:fs';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { GraphQLError } from 'graphql';

export { applyScopeDirectives } from './directives';

/** Scope every program service asks for before showing personal data. */
export const PII_READ_SCOPE = 'pii:read';

/** The write scope of a program or shared service, e.g. `red-cultura:write`. */
export const writeScope = (owner: string): string => `${owner}:write`;

const DEV_KEYS_DIR = path.resolve(__dirname, '..', 'dev-keys');
/** The committed development public key; used only when no key is configured outside production. */
export const DEV_PUBLIC_KEY_FILE = path.join(DEV_KEYS_DIR, 'dev-public.pem');
export const DEV_PRIVATE_KEY_FILE = path.join(DEV_KEYS_DIR, 'dev-private.pem');
export const DEV_ISSUER = 'cultura-graph-dev';
export const DEFAULT_AUDIENCE = 'cultura-graph';

/**
 * The longest token lifetime accepted unless configured otherwise: 24 hours. Bearer tokens cannot be
 * revoked here (no revocation list, no introspection), so the lifetime is the whole window in which a
 * leaked token works; a day still admits the longest access tokens common identity providers issue by
 * default (Auth0's is 86,400 s; Entra ID, Google and Keycloak issue an hour or less).
 */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;

/**
 * How far in the future an `iat` may lie before the token is refused: the issuer's clock may run a
 * little ahead of ours, but a token dated later than that could stretch its window past the maximum.
 */
export const ISSUED_AT_CLOCK_SKEW_SECONDS = 60;

export interface AuthConfig {
  /** PEM-encoded RS256 public key that verifies tokens. */
  publicKey: string;
  /** Expected `iss` claim. */
  issuer: string;
  /** Expected `aud` claim. */
  audience: string;
  /**
   * Tokens that live longer than this are refused (`exp − iat`, or `exp − now` without `iat`), as are
   * tokens without `exp`. Default {@link DEFAULT_MAX_TOKEN_LIFETIME_SECONDS} (24 h); env
   * `AUTH_MAX_TOKEN_LIFETIME_SECONDS`.
   */
  maxTokenLifetimeSeconds?: number;
}

/** Who is calling, as proven by the bearer token (or nobody). */
export interface AuthContext {
  readonly subject: string | null;
  readonly scopes: ReadonlySet<string>;
  /** The raw `Authorization` header, forwarded unchanged to subgraphs. */
  readonly authorization: string | null;
}

export const ANONYMOUS: AuthContext = Object.freeze({ subject: null, scopes: new Set<string>(), authorization: null });

/**
 * A bad or missing token. `rejectRequest` (a token that does not verify) answers the whole request with
 * HTTP 401; a field that merely needs a token fails alone, so the public fields of the same response
 * still arrive with 200.
 */
export function unauthenticated(message: string, opts: { rejectRequest?: boolean } = {}): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', ...(opts.rejectRequest ? { http: { status: 401 } } : {}) },
  });
}

export function forbidden(message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', ...extra } });
}

/** Reads the key from `AUTH_PUBLIC_KEY` text or `AUTH_PUBLIC_KEY_FILE`, falling back to the dev key outside production. */
export function resolvePublicKey(opts: { key?: string; file?: string; production: boolean }): string {
  if (opts.key) return opts.key.replace(/\\n/g, '\n');
  if (opts.file) return readFileSync(opts.file, 'utf8');
  if (opts.production) {
    throw new Error('AUTH_PUBLIC_KEY or AUTH_PUBLIC_KEY_FILE is required when NODE_ENV=production');
  }
  return readFileSync(DEV_PUBLIC_KEY_FILE, 'utf8');
}

export type Verifier = (authorizationHeader: string | undefined | null) => AuthContext;

/**
 * Builds a verifier for `Authorization: Bearer <jwt>` headers; a missing header is anonymous, a bad one
 * throws UNAUTHENTICATED (HTTP 401 for the whole request). Besides signature, issuer, audience and
 * expiry, a token must carry `exp` and live no longer than `config.maxTokenLifetimeSeconds`.
 */
export function createVerifier(config: AuthConfig): Verifier {
  const maxLifetime = config.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  if (!(Number.isInteger(maxLifetime) && maxLifetime > 0)) {
    throw new Error(`maxTokenLifetimeSeconds must be a positive whole number of seconds, got ${maxLifetime}`);
  }
  return (header) => {
    if (!header) return ANONYMOUS;
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match) throw unauthenticated('Authorization header must be "Bearer <token>"', { rejectRequest: true });
    let claims: jwt.JwtPayload;
    try {
      const decoded = jwt.verify(match[1], config.publicKey, {
        algorithms: ['RS256'],
        issuer: config.issuer,
        audience: config.audience,
      });
      if (typeof decoded === 'string') throw new Error('token payload is not an object');
      claims = decoded;
    } catch (err) {
      throw unauthenticated(`Invalid token: ${(err as Error).message}`, { rejectRequest: true });
    }
    const lifetimeProblem = checkLifetime(claims, maxLifetime, Math.floor(Date.now() / 1000));
    if (lifetimeProblem) throw unauthenticated(`Invalid token: ${lifetimeProblem}`, { rejectRequest: true });
    return Object.freeze({
      subject: typeof claims.sub === 'string' ? claims.sub : null,
      scopes: new Set(parseScopes(claims.scope ?? claims.scp)),
      authorization: header,
    });
  };
}

/**
 * Why a verified token's lifetime is unacceptable, or undefined. jsonwebtoken only checks `exp` when it
 * is present, so a validly signed token without one would never expire.
 */
function checkLifetime(claims: jwt.JwtPayload, maxLifetime: number, now: number): string | undefined {
  if (claims.exp === undefined) return 'the token has no expiry (exp claim); tokens must expire';
  if (claims.iat !== undefined && typeof claims.iat !== 'number') return 'invalid iat value';
  if (claims.iat !== undefined && claims.iat > now + ISSUED_AT_CLOCK_SKEW_SECONDS) return 'the token is issued in the future (iat)';
  const lifetime = claims.exp - (claims.iat ?? now);
  if (lifetime > maxLifetime) {
    return `the token lives ${describeSeconds(lifetime)}, longer than the maximum of ${describeSeconds(maxLifetime)} this API accepts`;
  }
  return undefined;
}

/** `86400` → `86400 s (24 h)`: exact seconds for whoever configures it, hours for whoever reads it. */
function describeSeconds(seconds: number): string {
  const hours = seconds / 3600;
  return seconds >= 3600 ? `${seconds} s (${Number.isInteger(hours) ? hours : hours.toFixed(1)} h)` : `${seconds} s`;
}

function parseScopes(raw: unknown): string[] {
  if (typeof raw === 'string') return raw.split(/\s+/).filter(Boolean);
  if (Array.isArray(raw)) return raw.filter((s): s is string => typeof s === 'string');
  return [];
}

/**
 * Passes when the caller holds every scope of at least one alternative (the
 * `@requiresScopes` semantics: outer list OR, inner list AND).
 */
export function assertScopes(auth: AuthContext, alternatives: readonly (readonly string[])[], what: string): void {
  if (alternatives.length === 0) return;
  if (!auth.authorization) throw unauthenticated(`${what} requires a bearer token`);
  const ok = alternatives.some((all) => all.every((s) => auth.scopes.has(s)));
  if (!ok) {
    const needed = alternatives.map((all) => all.join(' + ')).join(' or ');
    throw forbidden(`${what} requires scope ${needed}`, { requiredScopes: alternatives });
  }
}

export function assertAuthenticated(auth: AuthContext, what: string): void {
  if (!auth.authorization) throw unauthenticated(`${what} requires a bearer token`);
}

export interface SignOptions {
  scopes: string[];
  subject?: string;
  /**
   * Seconds, or a vercel/ms string such as `8h`; default `8h`. `null` leaves `exp` out, which verifiers
   * refuse: only for tests of that refusal.
   */
  expiresIn?: number | `${number}${'s' | 'm' | 'h' | 'd'}` | null;
  privateKey?: string;
  issuer?: string;
  audience?: string;
}

/** Signs a token with the development key (or the given one); for local use and tests. */
export function signToken(opts: SignOptions): string {
  const key = opts.privateKey ?? readFileSync(DEV_PRIVATE_KEY_FILE, 'utf8');
  return jwt.sign({ scope: opts.scopes.join(' ') }, key, {
    algorithm: 'RS256',
    subject: opts.subject ?? 'dev-user',
    issuer: opts.issuer ?? DEV_ISSUER,
    audience: opts.audience ?? DEFAULT_AUDIENCE,
    ...(opts.expiresIn === null ? {} : { expiresIn: opts.expiresIn ?? '8h' }),
  });
}
