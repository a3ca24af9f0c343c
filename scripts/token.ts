/**
 * `npm run token -- --scope red-cultura:write [--scope pii:read] [--sub alice] [--expires 8h]`
 * prints a development bearer token signed with the committed development key.
 */
import { PII_READ_SCOPE, signToken, writeScope, type SignOptions } from '@cultura/auth';

const KNOWN_SCOPES: Record<string, string> = {
  [writeScope('territories')]: 'add localities and neighbourhoods to the gazetteer (territories service)',
  [writeScope('red-cultura')]: 'write Red Cultura (Chile) actors and actions',
  [writeScope('red-gestion')]: 'write RED de Gestión Pública (Peru) actors and actions',
  [writeScope('puntos-cultura')]: 'write the Puntos de Cultura (Peru) registry',
  [PII_READ_SCOPE]: "read personal data (people's names and contacts) in any service",
};

const USAGE = `Usage: npm run token -- [--scope SCOPE]... [--sub SUBJECT] [--expires DURATION]

Prints a development bearer token, signed with the development key in packages/auth/dev-keys.
Services and the gateway accept it when they run without AUTH_PUBLIC_KEY (never in production).

Options:
  --scope SCOPE      A scope to grant; repeat the flag, or separate scopes with spaces or commas.
  --sub SUBJECT      Who the token is for (the "sub" claim). Default: dev-user.
  --expires DURATION How long it is valid: seconds, or a number followed by s, m, h or d. Default: 8h.
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

type Expiry = NonNullable<SignOptions['expiresIn']>;

function parseExpiry(raw: string): Expiry {
  if (/^[1-9]\d*$/.test(raw)) return Number(raw);
  const match = /^([1-9]\d*)([smhd])$/.exec(raw);
  if (!match) throw new UsageError(`--expires must be seconds or a number followed by s, m, h or d (e.g. 8h), got "${raw}"`);
  return `${Number(match[1])}${match[2] as 's' | 'm' | 'h' | 'd'}`;
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
        args.scopes.push(...value().split(/[\s,]+/).filter(Boolean));
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
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
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
  const token = signToken({ scopes, subject: args.subject, expiresIn: args.expiresIn });
  // Only the token on stdout, so `$(npm run -s token -- …)` captures it.
  process.stdout.write(`${token}\n`);
  process.stderr.write(
    `Token for ${args.subject ?? 'dev-user'} with ${scopes.length ? `scopes ${scopes.join(' ')}` : 'no scopes'}, valid ${args.expiresIn ?? '8h'}` +
      `${typeof args.expiresIn === 'number' ? ' s' : ''}. Send it as "Authorization: Bearer <token>".\n`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
