import autocannon from 'autocannon';

/** One measured run: requests per second, latency percentiles in ms, and anything that was not a 200. */
export interface RunResult {
  rps: number;
  p50: number;
  p95: number;
  requests: number;
  failures: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? NaN;

/**
 * Runs autocannon against a GraphQL endpoint with one POST body. Latencies are collected from each
 * response (autocannon's own histogram has no 95th percentile); a non-200 counts as a failure. The
 * answers' bodies are compared before the runs (see compareAnswers), so fast errors cannot pass for speed.
 */
export async function load(url: string, body: string, o: { connections: number; seconds: number }): Promise<RunResult> {
  const latencies: number[] = [];
  let failures = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections: o.connections, duration: o.seconds },
      (err, done) => (err ? reject(err) : resolve(done)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (statusCode !== 200) failures++;
    });
  });
  latencies.sort((a, b) => a - b);
  return {
    rps: result.requests.total / o.seconds,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    requests: result.requests.total,
    failures: failures + result.errors + result.timeouts,
  };
}

/** Sends one request and returns its JSON body (for the answers' comparison before measuring). */
export async function answer(url: string, body: string): Promise<{ data?: unknown; errors?: unknown[] }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return (await res.json()) as { data?: unknown; errors?: unknown[] };
}
