import type { NextFunction, Request, Response } from 'express';
import { GraphQLError, getNullableType, isListType, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { Logger } from '@cultura/service-kit';

/** What one request may ask for. Every limit is checked before the gateway validates or plans the operation. */
export interface OperationLimits {
  /** Tokens in the document (names, punctuation, strings…): bounds parsing and everything after it. */
  maxTokens: number;
  /** Nesting of fields, fragments counted where they are spread. */
  maxDepth: number;
  /** Aliased fields, fragments counted each time they are spread (`__typename` aliases are free). */
  maxAliases: number;
  /** Directives in the document. */
  maxDirectives: number;
  /**
   * Fields the operation may touch once lists are counted at their size: a field taking `first` counts
   * its selection `first` times (its default when not given), any other list LIST_SIZE times.
   */
  maxCost: number;
}

/**
 * Fitted to this schema. The deepest operation the project itself sends (the README's walk from a region
 * to its comunas' plans and centres) is 9 levels deep, has no aliases, about 150 tokens, and costs about
 * 100,000 once its nested lists are counted; a dashboard page asking for 50 actions with their territories
 * and program fields costs a few thousand. The limits leave room for that while refusing a fragment bomb
 * (depth, aliases and cost grow exponentially), a query 40 levels deep, 1,000 aliases of one field, or a
 * thousand territories with a hundred children each.
 */
export const DEFAULT_LIMITS: OperationLimits = { maxTokens: 3000, maxDepth: 12, maxAliases: 30, maxDirectives: 30, maxCost: 250_000 };

/**
 * The size assumed for a list whose size no argument states: such lists here are short by nature (a
 * territory's ancestors, an action's territories, a program's lines), and they nest, so a larger guess
 * would price the README's own examples out.
 */
const LIST_SIZE = 5;

/** The error code of each refused limit, as clients read it in `extensions.code`. */
const CODES: Record<keyof OperationLimits, string> = {
  maxTokens: 'QUERY_TOO_LONG',
  maxDepth: 'QUERY_TOO_DEEP',
  maxAliases: 'TOO_MANY_ALIASES',
  maxDirectives: 'TOO_MANY_DIRECTIVES',
  maxCost: 'QUERY_TOO_COSTLY',
};

/** A request refused by a limit: 400, with the limit's code, name and value. */
export function limitError(limit: keyof OperationLimits, value: number, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: CODES[limit], limit, limitValue: value, http: { status: 400 } } });
}

/**
 * The list-aware cost: a field taking `first` multiplies its selection's cost by it; the `nodes` and `edges`
 * of a connection are the page itself, so they do not multiply again; other lists count LIST_SIZE times.
 */
const listSizeEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (typeof args.first === 'number') return 1 + Math.max(0, args.first) * childComplexity;
  const type = getNullableType(field.type);
  if (isListType(type) && field.name !== 'nodes' && field.name !== 'edges') {
    const ids = Array.isArray(args.ids) ? args.ids.length : LIST_SIZE;
    return 1 + ids * childComplexity;
  }
  return 1 + childComplexity;
};

/**
 * Checks an operation against the limits, each with the matching graphql-armor rule (each counts a fragment
 * once however often it is spread, so a fragment bomb is measured in linear time) and, only when those pass,
 * the list-aware cost. Returns the first refusal, or null.
 */
export function checkLimits(
  schema: GraphQLSchema,
  source: string,
  limits: OperationLimits,
  variables: Record<string, unknown> = {},
): { document: DocumentNode | null; error: GraphQLError | null } {
  let refusal: GraphQLError | null = null;
  const refuse = (limit: keyof OperationLimits) => (_ctx: unknown, err: GraphQLError) => {
    refusal ??= limitError(limit, limits[limit], err.message.replace(/^Syntax Error: /, ''));
  };
  let document: DocumentNode;
  try {
    document = new MaxTokensParserWLexer(source, {
      n: limits.maxTokens,
      propagateOnRejection: true,
      onReject: [refuse('maxTokens')],
    }).parseDocument();
  } catch (err) {
    // A syntax error is the GraphQL server's to report, in its own words; only a refused limit is ours.
    return {
      document: null,
      error:
        refusal ??
        (err instanceof GraphQLError && /Token limit/.test(err.message) ? limitError('maxTokens', limits.maxTokens, err.message) : null),
    };
  }
  const cheap = [
    maxDepthRule({ n: limits.maxDepth, propagateOnRejection: false, onReject: [refuse('maxDepth')] }),
    maxAliasesRule({ n: limits.maxAliases, propagateOnRejection: false, onReject: [refuse('maxAliases')] }),
    maxDirectivesRule({ n: limits.maxDirectives, propagateOnRejection: false, onReject: [refuse('maxDirectives')] }),
    // A first, fragment-aware bound on the size of the operation: it keeps the list-aware count below,
    // which walks every spread, from ever walking an exponential tree.
    costLimitRule({
      maxCost: limits.maxCost,
      objectCost: 1,
      scalarCost: 1,
      depthCostFactor: 1,
      propagateOnRejection: false,
      onReject: [refuse('maxCost')],
    }),
  ];
  validate(schema, document, cheap);
  if (refusal) return { document, error: refusal };
  try {
    const cost = getComplexity({ schema, query: document, variables, estimators: [listSizeEstimator] });
    if (cost > limits.maxCost) {
      return {
        document,
        error: limitError(
          'maxCost',
          limits.maxCost,
          `Query cost limit of ${limits.maxCost} exceeded, found ${cost}: a list counts as many items as its \`first\` asks for (or its default), so ask for fewer.`,
        ),
      };
    }
  } catch {
    // An operation the schema does not know (an unknown field, a bad variable) is the server's to report.
  }
  return { document, error: null };
}

/** The operation text a request carries, from a POST body or a GET query string. */
function sourceOf(req: Request): { query?: string; variables?: Record<string, unknown> } {
  const from = req.method === 'GET' ? req.query : (req.body as Record<string, unknown> | undefined);
  if (!from || typeof from !== 'object') return {};
  const query = typeof from.query === 'string' ? from.query : undefined;
  let variables = from.variables;
  if (typeof variables === 'string') {
    try {
      variables = JSON.parse(variables);
    } catch {
      variables = undefined;
    }
  }
  return { query, variables: variables && typeof variables === 'object' ? (variables as Record<string, unknown>) : undefined };
}

/**
 * Express middleware in front of the GraphQL server: refuses, with a 400 naming the limit and its value,
 * an operation over any limit, before the server spends anything on validating or planning it (the
 * standard validation rules and the query planner can both take seconds on a hostile document, and both
 * run on the event loop). An operation sent by hash only was checked when its text was first accepted.
 */
export function operationLimitsMiddleware(opts: { limits: OperationLimits; schema: () => GraphQLSchema | null; log: Logger }) {
  return (req: Request, res: Response, next: NextFunction) => {
    const schema = opts.schema();
    const { query, variables } = sourceOf(req);
    if (!schema || query === undefined) return next();
    const { error } = checkLimits(schema, query, opts.limits, variables);
    if (!error) return next();
    opts.log.info({ limit: error.extensions.limit, ip: req.ip }, 'operation refused by a limit');
    const { http: _http, ...extensions } = error.extensions;
    res.status(400).json({ errors: [{ message: error.message, extensions }] });
  };
}
