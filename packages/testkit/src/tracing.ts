import type { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace-base';

export type { ReadableSpan };

export interface TestTracing {
  exporter: InMemorySpanExporter;
  /** Spans ended so far. */
  spans(): ReadableSpan[];
  /** Forgets the spans recorded so far. */
  reset(): void;
  /** Unpatches the modules and unregisters the provider; call in `afterAll`. */
  stop(): Promise<void>;
}

/**
 * Records every span of this test file in memory, with the same instrumentations a traced process uses.
 * Call it before starting services or gateways. Jest loads modules from its own registry, which the
 * instrumentations' require hook never sees, so they are patched through this module's `require` (the
 * test file's registry) instead.
 */
export function startTestTracing(serviceName = 'cultura-test'): TestTracing {
  // Required here: the OpenTelemetry SDK is loaded only by the test files that trace, and the
  // instrumentations must patch this registry's modules (see above), hence require, not import.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { InMemorySpanExporter, SimpleSpanProcessor } =
    require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  const { initTracing } = require('@cultura/service-kit/tracing') as typeof import('@cultura/service-kit/tracing');
  const exporter = new InMemorySpanExporter();
  const tracing = initTracing({
    serviceName,
    spanProcessors: [new SimpleSpanProcessor(exporter)],
    load: (id) => require(id),
  });
  /* eslint-enable @typescript-eslint/no-require-imports */
  return {
    exporter,
    spans: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
    stop: () => tracing.shutdown(),
  };
}
