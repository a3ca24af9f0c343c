import { Kind, parse, print, visit, type DirectiveNode } from 'graphql';

/**
 * Security features whose directives every Cultura Graph subgraph enforces itself
 * (`applyScopeDirectives` from @cultura/auth, applied by service-kit to every service).
 */
export const SUBGRAPH_ENFORCED_SECURITY_FEATURES: readonly string[] = [
  'https://specs.apollo.dev/authenticated/v0.1',
  'https://specs.apollo.dev/requiresScopes/v0.1',
];

/**
 * Makes a composed supergraph loadable by Apollo Gateway.
 *
 * Composition marks `@authenticated` and `@requiresScopes` as `for: SECURITY` features, and the
 * JavaScript gateway (unlike Apollo Router) refuses to serve a supergraph with a security feature it
 * does not enforce. Here the subgraphs enforce them, so for those features alone the purpose is
 * dropped and the gateway routes the fields like any other; the services answer UNAUTHENTICATED or
 * FORBIDDEN. Any other security feature (e.g. `@policy`) is left as is, so the gateway still refuses
 * to start rather than serve fields nobody protects. The committed supergraph is not changed.
 */
export function delegateSecurityToSubgraphs(supergraphSdl: string): { supergraphSdl: string; delegated: string[] } {
  const delegated: string[] = [];
  const document = visit(parse(supergraphSdl), {
    Directive(node: DirectiveNode) {
      if (node.name.value !== 'link') return undefined;
      const url = node.arguments?.find((a) => a.name.value === 'url')?.value;
      const purpose = node.arguments?.find((a) => a.name.value === 'for')?.value;
      if (url?.kind !== Kind.STRING || purpose?.kind !== Kind.ENUM || purpose.value !== 'SECURITY') return undefined;
      if (!SUBGRAPH_ENFORCED_SECURITY_FEATURES.includes(url.value)) return undefined;
      delegated.push(url.value);
      return { ...node, arguments: node.arguments?.filter((a) => a.name.value !== 'for') };
    },
  });
  return { supergraphSdl: delegated.length ? print(document) : supergraphSdl, delegated };
}
