import path from 'node:path';
import { Kind, parse, type DocumentNode } from 'graphql';
import { readSchema, repoRoot } from '@cultura/service-kit';
import { readSubgraphList } from '@cultura/gateway';

function implementations(doc: DocumentNode, iface: string): string[] {
  return doc.definitions
    .flatMap((d) => (d.kind === Kind.OBJECT_TYPE_DEFINITION && d.interfaces?.some((i) => i.name.value === iface) ? [d.name.value] : []))
    .sort();
}

describe('the index can return every program type', () => {
  const root = repoRoot();
  const atlas = parse(readSchema(path.join(root, 'services/atlas/schema.graphql')));
  const programs = readSubgraphList(root).filter((s) => s.name !== 'atlas' && s.name !== 'territories');

  it.each(['Action', 'Actor'])('lists every %s implementation of the program services', (iface) => {
    const expected = programs.flatMap((s) => implementations(parse(readSchema(path.join(root, s.schema))), iface)).sort();
    expect(implementations(atlas, iface)).toEqual(expected);
  });
});
