import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

/**
 * A scalar of codes that were enum values before countries became data: it takes a string or, so the
 * operations written then keep working, a bare name (`country: CL`, `scheme: CUT`).
 */
function codeScalar(name: string, description: string, pattern: RegExp, example: string): GraphQLScalarType {
  const check = (value: unknown): string => {
    if (typeof value !== 'string' || !pattern.test(value)) {
      throw new GraphQLError(`${name} must be ${description}, such as ${example}; got ${JSON.stringify(value)}`, {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    return value;
  };
  return new GraphQLScalarType({
    name,
    serialize: check,
    parseValue: check,
    parseLiteral(ast: ValueNode) {
      if (ast.kind === Kind.STRING || ast.kind === Kind.ENUM) return check(ast.value);
      throw new GraphQLError(`${name} must be written as a string, such as "${example}"`, { extensions: { code: 'BAD_USER_INPUT' } });
    },
  });
}

export const CountryCode = codeScalar('CountryCode', 'an ISO 3166-1 alpha-2 code (two capital letters)', /^[A-Z]{2}$/, 'CL');
export const CodeScheme = codeScalar('CodeScheme', 'a code system in capitals, digits and _', /^[A-Z][A-Z0-9_]*$/, 'CUT');
