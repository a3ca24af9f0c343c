/**
 * `npm run token -- --scope red-cultura:write [--scope pii:read] [--sub alice] [--expires 8h]`
 * prints a development bearer token signed with the committed development key.
 */
import { PII_READ_SCOPE, signToken } from '@cultura/auth';
// The light entry: the package's main one would load the whole server to read one variable.
import { EnvError, authEnvSpec, parseEnv, readRegistry } from '@cultura/service-kit/light';

/** Each registered service that records anything (the index only reads) has its write scope. */
const KNOWN_SCOPES: Record<string, string> = {
  ...Object.fromEntries(
    readRegistry()
      .filter((s) => !s.indexesChangeFeeds)
      .map((s) => [s.writeScope, `write to ${s.title}`]),
  ),
  [PII_READ_SCOPE]: "read personal data (people's names and contacts) in any service",
};

const USAGE = `Usage: npm run token -- [--scope SCOPE]... [--sub SUBJECT] [--expires DURATION]

Prints a development bearer token, signed with the development key in packages/auth/dev-keys.
Services and the gateway accept it when they run without AUTH_PUBLIC_KEY (never in production).

Options:
  --scope SCOPE      A scope to grant; repeat the flag, or separate scopes with spaces or commas.
  --sub SUBJECT      Who the token is for (the "sub" claim). Default: dev-user.
  --expires DURATION How long it is valid: seconds, or a number followed by s, m, h or d. Default: 8h.
                     At most AUTH_MAX_TOKEN_LIFETIME_SECONDS (default 24h): services and the gateway
                     refuse longer-lived tokens, so this command does too.
  --help             Show this help.

Known scopes:
${Object.entries(KNOWN_SCOPES)
  .map(([scope, what]) => `  ${scope.padEnd(22)} ${what}`)
  .join('\n')}
Reading is open without a token; each program's mutations need its write scope.

Example:
  npm run token -- --scope territories:write --sub ana
  curl -H "Authorization: Bearer $(npm run -s token -- --scope territories:write)" ...`;

class UsageError extends Error {}

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;
const DEFAULT_EXPIRY: Expiry = { seconds: 8 * 3600, text: '8h' };

/** A lifetime in seconds, and as the user wrote it. */
interface Expiry {
  seconds: number;
  text: string;
}

function parseExpiry(raw: string): Expiry {
  if (/^[1-9]\d*$/.test(raw)) return { seconds: Number(raw), text: `${raw} s` };
  const match = /^([1-9]\d*)([smhd])$/.exec(raw);
  if (!match) throw new UsageError(`--expires must be seconds or a number followed by s, m, h or d (e.g. 8h), got "${raw}"`);
  return { seconds: Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS], text: raw };
}

/**
 * Refuses a lifetime the services and the gateway would refuse, rather than print a token that fails
 * with 401 at its first use. The limit is theirs (AUTH_MAX_TOKEN_LIFETIME_SECONDS), read the same way.
 */
function checkLifetime(expiry: Expiry, source: NodeJS.ProcessEnv): void {
  const max = parseEnv(
    { AUTH_MAX_TOKEN_LIFETIME_SECONDS: authEnvSpec.AUTH_MAX_TOKEN_LIFETIME_SECONDS },
    source,
  ).AUTH_MAX_TOKEN_LIFETIME_SECONDS;
  if (expiry.seconds > max) {
    throw new UsageError(
      `--expires ${expiry.text} is longer than the ${max} s (${+(max / 3600).toFixed(2)} h) the services and the gateway accept ` +
        `(AUTH_MAX_TOKEN_LIFETIME_SECONDS). Ask for less, or raise AUTH_MAX_TOKEN_LIFETIME_SECONDS for the services, the gateway and this command alike.`,
    );
  }
}

interface Args {
  help: boolean;
  scopes: string[];
  subject?: string;
  expiresIn?: Expiry;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { help: false, scopes: [] };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--help':
      case '-h':
        args.help = true;
        break;
      case '--scope':
      case '--scopes':
        args.scopes.push(
          ...value()
            .split(/[\s,]+/)
            .filter(Boolean),
        );
        break;
      case '--sub':
      case '--subject':
        args.subject = value();
        break;
      case '--expires':
        args.expiresIn = parseExpiry(value());
        break;
      default:
        throw new UsageError(`Unknown argument "${argv[i]}"`);
    }
  }
  return args;
}

function main(argv: string[]): number {
  let args: Args;
  try {
    args = parseArgs(argv);
    if (!args.help) checkLifetime(args.expiresIn ?? DEFAULT_EXPIRY, process.env);
  } catch (err) {
    if (!(err instanceof UsageError || err instanceof EnvError)) throw err;
    process.stderr.write(`${err.message}\nRun \`npm run token -- --help\` for usage.\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const scopes = [...new Set(args.scopes)];
  const unknown = scopes.filter((s) => !(s in KNOWN_SCOPES));
  if (unknown.length) process.stderr.write(`Note: not a known scope: ${unknown.join(', ')} (see --help)\n`);
  const expiry = args.expiresIn ?? DEFAULT_EXPIRY;
  const token = signToken({ scopes, subject: args.subject, expiresIn: expiry.seconds });
  // Only the token on stdout, so `$(npm run -s token -- …)` captures it.
  process.stdout.write(`${token}\n`);
  process.stderr.write(
    `Token for ${args.subject ?? 'dev-user'} with ${scopes.length ? `scopes ${scopes.join(' ')}` : 'no scopes'}, valid ${expiry.text}. ` +
      `Send it as "Authorization: Bearer <token>".\n`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
