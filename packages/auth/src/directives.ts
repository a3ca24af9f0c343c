import { defaultFieldResolver, isObjectType, valueFromASTUntyped, type ConstDirectiveNode, type GraphQLSchema } from 'graphql';
import { assertAuthenticated, assertScopes, type AuthContext } from './index';

type Astish = {
  astNode?: { directives?: readonly ConstDirectiveNode[] } | null;
  extensionASTNodes?: readonly { directives?: readonly ConstDirectiveNode[] }[];
};

function directivesOf(node: Astish): ConstDirectiveNode[] {
  return [...(node.astNode?.directives ?? []), ...(node.extensionASTNodes ?? []).flatMap((ext) => ext.directives ?? [])];
}

interface Requirement {
  authenticated: boolean;
  /** Every group must be met; inside a group, any one alternative (itself a set of scopes) will do. */
  scopeGroups: string[][][];
}

function requirementOf(node: Astish): Requirement {
  const req: Requirement = { authenticated: false, scopeGroups: [] };
  for (const d of directivesOf(node)) {
    if (d.name.value === 'authenticated') req.authenticated = true;
    if (d.name.value === 'requiresScopes') {
      const arg = d.arguments?.find((a) => a.name.value === 'scopes');
      const value = arg ? valueFromASTUntyped(arg.value) : [];
      if (Array.isArray(value)) req.scopeGroups.push(value.filter(Array.isArray).map((all) => all.map(String)));
    }
  }
  return req;
}

/**
 * Enforces the federation `@authenticated` and `@requiresScopes` directives inside the subgraph itself,
 * so a service reached directly is no softer than the gateway (which does not enforce them).
 * Directives on a type apply to all its fields; field directives add to them.
 */
export function applyScopeDirectives<C>(schema: GraphQLSchema, authOf: (context: C) => AuthContext): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const typeReq = requirementOf(type);
    for (const field of Object.values(type.getFields())) {
      const fieldReq = requirementOf(field);
      const scopeGroups = [...typeReq.scopeGroups, ...fieldReq.scopeGroups];
      const authenticated = typeReq.authenticated || fieldReq.authenticated;
      if (!authenticated && scopeGroups.length === 0) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      const what = `${type.name}.${field.name}`;
      field.resolve = (source, args, context: C, info) => {
        const auth = authOf(context);
        if (authenticated) assertAuthenticated(auth, what);
        for (const alternatives of scopeGroups) assertScopes(auth, alternatives, what);
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
