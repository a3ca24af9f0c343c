import { GraphQLError } from 'graphql';

/** A plain-HTTP download's refusal: answered with `status` and `{ error, field }`, never as a server error. */
export class DownloadError extends Error {
  constructor(
    message: string,
    /** The query parameter at fault. */
    readonly field: string,
    readonly status: 400 | 404 = 400,
  ) {
    super(message);
  }
}

/** Bad input: names the offending field (a dotted path into the arguments) so clients can point at it. */
export function badInput(message: string, field: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field, ...extra } });
}

export function notFound(message: string, field: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'NOT_FOUND', field, ...extra } });
}

export function conflict(message: string, field: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'CONFLICT', field, ...extra } });
}
