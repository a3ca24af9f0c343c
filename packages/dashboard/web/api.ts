import type { TypedDocumentString } from './gql/graphql';

/** A GraphQL error as the endpoint returns it, with its code and the field at fault. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/**
 * Sends one typed operation to the public endpoint this page is served beside (`/graphql`): the only API
 * the dashboard uses, like every other client of Cultura Graph.
 */
export async function request<R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<R> {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const body = (await res.json().catch(() => null)) as { data?: R; errors?: { message: string; extensions?: { code?: string } }[] } | null;
  if (body?.errors?.length) throw new ApiError(body.errors.map((e) => e.message).join('; '), body.errors[0].extensions?.code);
  if (!res.ok || !body?.data) throw new ApiError(`${res.status} ${res.statusText}`);
  return body.data;
}
