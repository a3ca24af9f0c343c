import { inspect } from 'node:util';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  /** The response's headers (e.g. `x-request-id`); left out of failure messages. */
  headers: Headers;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
}

export class GraphQLAssertionError extends Error {}

/** The response without its headers, which would bury the body in failure messages. */
function withoutHeaders(response: unknown): unknown {
  if (typeof response !== 'object' || response === null || !('headers' in response)) return response;
  const { headers: _headers, ...rest } = response;
  return rest;
}

function describe(url: string, query: string, variables: unknown, response: unknown): string {
  const res = withoutHeaders(response);
  return [
    `POST ${url}`,
    'query:',
    query.trim(),
    `variables: ${inspect(variables, { depth: 6 })}`,
    `response: ${inspect(res, { depth: 10 })}`,
  ].join('\n');
}

/** A GraphQL client for tests: every failed expectation prints the request and the response. */
export class GraphQLTestClient {
  constructor(readonly url: string) {}

  async request<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    opts: RequestOptions = {},
  ): Promise<GraphQLResponse<T>> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...opts.headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    let body: GraphQLResponse<T>;
    try {
      body = { status: res.status, headers: res.headers, ...(JSON.parse(text) as Omit<GraphQLResponse<T>, 'status' | 'headers'>) };
    } catch {
      throw new GraphQLAssertionError(describe(this.url, query, variables, `${res.status} ${text}`));
    }
    return body;
  }

  /** Asserts success (no errors) and returns `data`. */
  async data<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, opts: RequestOptions = {}): Promise<T> {
    const res = await this.request<T>(query, variables, opts);
    if (res.errors?.length || !res.data) {
      throw new GraphQLAssertionError(`expected data without errors\n${describe(this.url, query, variables, res)}`);
    }
    return res.data;
  }

  /** Asserts the response carries an error with `code` (optionally on `field`) and returns the response. */
  async error<T = Record<string, unknown>>(
    code: string,
    query: string,
    variables: Record<string, unknown> = {},
    opts: RequestOptions & { field?: string } = {},
  ): Promise<GraphQLResponse<T>> {
    const res = await this.request<T>(query, variables, opts);
    const hit = res.errors?.find((e) => e.extensions?.code === code && (opts.field === undefined || e.extensions?.field === opts.field));
    if (!hit) {
      throw new GraphQLAssertionError(
        `expected an error with code ${code}${opts.field ? ` on field ${opts.field}` : ''}\n${describe(this.url, query, variables, res)}`,
      );
    }
    return res;
  }
}
