// ---------------------------------------------------------------------------------------------------
// Logs: children write pino JSON lines; shown by pino-pretty behind each process's name, or passed
// through as JSON.

import { prettyFactory } from 'pino-pretty';

const NAME_COLOURS = [36, 35, 34, 33, 32, 96, 95, 94];
/**
 * One line per record (an error's stack follows it). Left out: the process's name, already in the prefix,
 * and a failed child's last lines, printed just above it (JSON output keeps them).
 */
const PRETTY = { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service,name,lastLines', singleLine: true } as const;
const plain = prettyFactory({ ...PRETTY, colorize: false });

export class Output {
  private readonly width: number;
  private readonly colours = new Map<string, number>();
  private readonly pretty: (record: Record<string, unknown>) => string;

  constructor(
    readonly json: boolean,
    private readonly colour: boolean,
    names: string[],
  ) {
    this.width = Math.max(...names.map((n) => n.length));
    this.pretty = colour ? prettyFactory({ ...PRETTY, colorize: true }) : plain;
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
    return this.pretty(record).trimEnd();
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

export const formatPlain = (record: Record<string, unknown>) => plain(record).trimEnd();
