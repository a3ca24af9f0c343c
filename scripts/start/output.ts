// ---------------------------------------------------------------------------------------------------
// Logs: children write pino JSON lines; shown compact and prefixed, or passed through as JSON.

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const LEVEL_COLOURS: Record<string, number> = { TRACE: 90, DEBUG: 90, INFO: 32, WARN: 33, ERROR: 31, FATAL: 35 };
const NAME_COLOURS = [36, 35, 34, 33, 32, 96, 95, 94];
const HIDDEN_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'service', 'name', 'msg', 'v']);

export class Output {
  private readonly width: number;
  private readonly colours = new Map<string, number>();

  constructor(
    readonly json: boolean,
    private readonly colour: boolean,
    names: string[],
  ) {
    this.width = Math.max(...names.map((n) => n.length));
    names.forEach((n, i) => this.colours.set(n, NAME_COLOURS[i % NAME_COLOURS.length]));
  }

  private paint(code: number, text: string): string {
    return this.colour ? `\x1b[${code}m${text}\x1b[0m` : text;
  }

  /** One line of a child's stdout or stderr; returns its plain form for the failure tail. */
  childLine(name: string, line: string, stream: 'stdout' | 'stderr'): string {
    const record = parseRecord(line);
    if (this.json) {
      const wrapped = { level: stream === 'stderr' ? 50 : 30, service: name, msg: line };
      process.stdout.write(`${record ? line : JSON.stringify(wrapped)}\n`);
    } else {
      this.write(name, record ? this.format(record) : line);
    }
    return `${name} | ${record ? formatPlain(record) : line}`;
  }

  /** This script's own messages, in the same shapes as the children's. */
  say(level: 30 | 40 | 50, msg: string, fields: Record<string, unknown> = {}): void {
    const record = { level, time: new Date().toISOString(), service: 'start', msg, ...fields };
    if (this.json) process.stdout.write(`${JSON.stringify(record)}\n`);
    else this.write('start', this.format(record));
  }

  /** Text meant for a person (the banner, a failure's log tail); one JSON record in JSON mode. */
  block(text: string, fields: Record<string, unknown>, level: 30 | 50 = 30): void {
    if (this.json) this.say(level, text.split('\n')[0], fields);
    else process.stdout.write(`\n${text}\n\n`);
  }

  /** Every line of `text` behind the process's name, so multi-line messages stay attributed. */
  private write(name: string, text: string): void {
    const prefix = `${this.paint(this.colours.get(name) ?? 90, name.padEnd(this.width))} | `;
    process.stdout.write(
      `${text
        .split('\n')
        .map((l) => prefix + l)
        .join('\n')}\n`,
    );
  }

  private format(record: Record<string, unknown>): string {
    const level = levelName(record.level);
    const line = `${this.paint(90, clock(record.time))} ${this.paint(LEVEL_COLOURS[level] ?? 0, level.padEnd(5))} ${formatBody(record)}`;
    const stack = errorStack(record);
    return stack && Number(record.level) >= 50 ? `${line}\n${stack}` : line;
  }
}

function parseRecord(line: string): Record<string, unknown> | null {
  if (!line.startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const levelName = (level: unknown) => LEVELS[Number(level)] ?? String(level ?? 'LOG').toUpperCase();

function clock(time: unknown): string {
  const date = typeof time === 'string' || typeof time === 'number' ? new Date(time) : new Date();
  return Number.isNaN(date.getTime()) ? '--:--:--' : date.toTimeString().slice(0, 8);
}

function formatBody(record: Record<string, unknown>): string {
  const fields = Object.entries(record)
    .filter(([key, value]) => !HIDDEN_FIELDS.has(key) && value !== undefined && value !== null)
    .map(([key, value]) => `${key}=${fieldValue(key, value)}`);
  return [typeof record.msg === 'string' ? record.msg : '', ...fields].filter(Boolean).join(' ');
}

function fieldValue(key: string, value: unknown): string {
  if (key === 'err' && typeof value === 'object' && value !== null && 'message' in value) {
    return JSON.stringify(String(value.message));
  }
  const text = typeof value === 'string' && !/\s/.test(value) ? value : JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

function errorStack(record: Record<string, unknown>): string | null {
  const err = record.err;
  if (typeof err !== 'object' || err === null || !('stack' in err) || typeof err.stack !== 'string') return null;
  return err.stack
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

export const formatPlain = (record: Record<string, unknown>) => `${levelName(record.level).padEnd(5)} ${formatBody(record)}`;
