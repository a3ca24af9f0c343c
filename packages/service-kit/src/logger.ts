import pino from 'pino';
import { isSpanContextValid, trace } from '@opentelemetry/api';

export type Logger = pino.Logger;
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * The trace and span a line was written in, so a log search can jump to the request's trace. Without
 * tracing there is no active span and this costs one context lookup per line.
 */
export function traceFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const ctx = span.spanContext();
  return isSpanContextValid(ctx) ? { trace_id: ctx.traceId, span_id: ctx.spanId } : {};
}

/**
 * One JSON line per event, with the process's name on every line and the active trace, if any; to
 * stdout unless given another destination (tests read the lines back).
 */
export function createLogger(name: string, level: LogLevel, destination?: pino.DestinationStream): Logger {
  const options = { name, level, base: { service: name }, timestamp: pino.stdTimeFunctions.isoTime, mixin: traceFields };
  return destination ? pino(options, destination) : pino(options);
}
