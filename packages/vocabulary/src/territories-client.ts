/**
 * Asks the territories service's GraphQL endpoint over HTTP, as every client of it does (no service reads
 * its database). Throws a plain Error with the reason when the service cannot be reached in time or
 * answers without data; callers turn it into their own error (SERVICE_UNAVAILABLE, a gazetteer error…).
 */
export async function askTerritories<T>(url: string, timeoutMs: number, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await res.json()) as { data?: T | null; errors?: { message: string }[] };
  if (!body.data) throw new Error(body.errors?.map((e) => e.message).join('; ') || `territories answered ${res.status} without data`);
  return body.data;
}
