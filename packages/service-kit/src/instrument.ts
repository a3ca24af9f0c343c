/**
 * Tracing preload, loaded before a process's entry point:
 *
 *   node --import tsx --import ./packages/service-kit/src/instrument.ts services/<name>/src/index.ts
 *
 * Instrumentations patch modules as they are required, so they must be registered before the entry
 * point loads HTTP, Express, GraphQL and pg. Without OTEL_EXPORTER_OTLP_ENDPOINT (or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) this does nothing and the OpenTelemetry SDK is never loaded.
 */
import { loadTelemetryEnv } from './env';
import { onShutdown } from './shutdown';

const telemetry = loadTelemetryEnv();
if (telemetry.tracesEndpoint) {
  // Required only here, so a process without an endpoint does not pay for loading the SDK.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { initTracing, serviceNameFromEntry } = require('./tracing') as typeof import('./tracing');
  const tracing = initTracing({
    serviceName: telemetry.serviceName ?? serviceNameFromEntry(process.argv[1]),
    tracesEndpoint: telemetry.tracesEndpoint,
  });
  // The batch processor holds the last spans; send them before stopOnSignals exits the process.
  onShutdown(() => tracing.provider.forceFlush());
}
