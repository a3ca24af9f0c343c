/**
 * OpenTelemetry tracing for every process: the gateway, each service, down to their SQL statements.
 *
 * A process turns it on with the preload `src/instrument.ts` (when OTEL_EXPORTER_OTLP_ENDPOINT is set),
 * so the instrumentations hook `require` before the traced modules load. Tests turn it on with an
 * in-memory exporter through `startTestTracing` (@cultura/testkit). This module is never part of the
 * service-kit index: a process without tracing does not load the SDK at all.
 */
import path from 'node:path';
import { context, propagation, trace } from '@opentelemetry/api';
import { InstrumentationBase, registerInstrumentations, type Instrumentation } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/** Probes and scrapes: frequent, always the same, and of no interest in a trace. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

function pathOf(url: string | undefined): string {
  const q = url?.indexOf('?') ?? -1;
  return q >= 0 ? (url ?? '').slice(0, q) : (url ?? '');
}

/** The instrumentations every process uses: HTTP in and out, Express routes, GraphQL, PostgreSQL, fetch. */
export function createInstrumentations(): Instrumentation[] {
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has(pathOf(req.url)),
      // Calls made outside any request (readiness checks, feed polling) would each open a trace of their own.
      requireParentforOutgoingSpans: true,
    }),
    // Route handlers only: a span per middleware (cors, body parser) says nothing the HTTP span does not.
    new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
    // Parse, validate and execute, without a span per resolved field: SQL is batched by DataLoader
    // outside the resolvers anyway, and field spans would multiply a trace's size by its result size.
    new GraphQLInstrumentation({ ignoreResolveSpans: true, mergeItems: true }),
    // Statements without their parameters (personal data stays out of traces); only inside a request,
    // so background work (migrations, feed consumers) does not produce a trace per statement.
    new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
    // fetch() is how services call each other (territory checks) and how the index reads change feeds.
    new UndiciInstrumentation({ requireParentforSpans: true }),
  ];
}

export interface TracingOptions {
  /** `service.name` of every span of this process. */
  serviceName: string;
  /** OTLP/HTTP traces URL (`<collector>/v1/traces`); spans are batched and sent there. */
  tracesEndpoint?: string;
  /** Further processors, e.g. a SimpleSpanProcessor over an in-memory exporter in tests. */
  spanProcessors?: SpanProcessor[];
  /**
   * Loads a module the way the traced code does, for runtimes whose module loader Node's require hook
   * never sees (Jest runs every module from its own registry). The instrumented modules are then
   * loaded through it and patched directly, in addition to the hook.
   */
  load?: (id: string) => unknown;
}

export interface Tracing {
  provider: NodeTracerProvider;
  /** Sends buffered spans, unpatches the modules and unregisters the global provider. */
  shutdown(): Promise<void>;
}

/**
 * Registers a tracer provider (AsyncLocalStorage context, W3C trace context propagation) and the
 * instrumentations. Call it before the traced modules load: from the preload in a process, or at the
 * top of a test.
 */
export function initTracing(o: TracingOptions): Tracing {
  const spanProcessors = [...(o.spanProcessors ?? [])];
  if (o.tracesEndpoint) spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: o.tracesEndpoint })));
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: o.serviceName }),
    spanProcessors,
  });
  provider.register();
  const instrumentations = createInstrumentations();
  const unregister = registerInstrumentations({ instrumentations, tracerProvider: provider });
  const unpatch = o.load ? patchModules(instrumentations, o.load) : () => {};
  return {
    provider,
    shutdown: async () => {
      unpatch();
      unregister();
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/**
 * Applies each instrumentation's own patches to the modules `load` returns (the main module and the
 * files it names), and returns how to undo them. The patches are the ones the require hook would apply;
 * each guards against wrapping twice.
 */
function patchModules(instrumentations: Instrumentation[], load: (id: string) => unknown): () => void {
  const undo: (() => void)[] = [];
  const tryLoad = (id: string): unknown => {
    try {
      return load(id);
    } catch {
      // Not installed (e.g. pg-native behind pg's native client): the hook would not patch it either.
      return undefined;
    }
  };
  for (const instrumentation of instrumentations) {
    if (!(instrumentation instanceof InstrumentationBase)) continue;
    for (const definition of instrumentation.getModuleDefinitions()) {
      const version = packageVersion(definition.name, tryLoad);
      const main = definition.patch ? tryLoad(definition.name) : undefined;
      if (main !== undefined && definition.patch) {
        definition.patch(main, version);
        undo.push(() => definition.unpatch?.(main, version));
      }
      for (const file of definition.files) {
        const exports = tryLoad(file.name);
        if (exports === undefined) continue;
        file.patch(exports, version);
        undo.push(() => file.unpatch(exports, version));
      }
    }
  }
  return () => {
    for (const step of undo.reverse()) step();
  };
}

function packageVersion(name: string, tryLoad: (id: string) => unknown): string | undefined {
  // Node's own modules (http, https) have no package.json.
  const pkg = tryLoad(`${name}/package.json`);
  if (typeof pkg !== 'object' || pkg === null || !('version' in pkg)) return undefined;
  return typeof pkg.version === 'string' ? pkg.version : undefined;
}

/**
 * A process's service name from its entry point: `services/<name>/…` → `<name>`, `gateway/…` →
 * `gateway`; for processes started without OTEL_SERVICE_NAME.
 */
export function serviceNameFromEntry(entry: string | undefined): string {
  const parts = path.resolve(entry ?? 'cultura-graph').split(path.sep);
  const services = parts.lastIndexOf('services');
  if (services >= 0 && parts[services + 1]) return parts[services + 1];
  if (parts.includes('gateway')) return 'gateway';
  return path.basename(entry ?? 'cultura-graph', path.extname(entry ?? ''));
}
