import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestGateway } from '@cultura/testkit';
import { startWholeStack, type WholeStack } from './whole-stack';
import { markdownOperations } from '../gateway/src/operation-sources';

/** Every ```graphql block of the README, so the documentation cannot drift from the schema. */
const README = readFileSync(path.resolve(__dirname, '..', 'README.md'), 'utf8');
// The same extraction as the persisted operations manifest's, which lists these examples.
const EXAMPLES = markdownOperations(README).map((example) => example.text);

/**
 * Answers the README shows: a ```json block holding a GraphQL response (`data`) that follows a ```graphql
 * example, before the next example, is that example's answer.
 */
const SHOWN_ANSWERS: { query: string; answer: unknown }[] = (() => {
  const blocks = [...README.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], text: m[2] }));
  const shown: { query: string; answer: unknown }[] = [];
  let last: string | null = null;
  for (const block of blocks) {
    if (block.lang === 'graphql') last = block.text;
    else if (block.lang === 'json' && last) {
      const answer: unknown = JSON.parse(block.text);
      if (typeof answer === 'object' && answer !== null && 'data' in answer) shown.push({ query: last, answer });
      last = null;
    }
  }
  return shown;
})();

let stack: WholeStack;
let gateway: TestGateway;

beforeAll(async () => {
  stack = await startWholeStack({ indexed: true });
  gateway = stack.gateway;
});
afterAll(async () => {
  await stack?.stop();
});

describe('the README’s example queries', () => {
  it('has examples to check', () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(4);
  });

  it.each(EXAMPLES.map((q) => [q.split('\n')[0], q]))('answers %s… without errors', async (_title, query) => {
    const data = await gateway.client.data(query);
    expect(Object.keys(data).length).toBeGreaterThan(0);
  });

  it('has answers shown to compare', () => {
    expect(SHOWN_ANSWERS.length).toBeGreaterThanOrEqual(1);
  });

  it.each(SHOWN_ANSWERS.map((a) => [a.query.split('\n')[0], a]))(
    'answers %s… exactly as the README shows',
    async (_title, { query, answer }) => {
      const res = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      expect(await res.json()).toEqual(answer);
    },
  );
});
