import { drainFeeds, grouped, present, requiredText, seededRandom, startPollLoop } from '../src/index';

describe('grouped', () => {
  it('hands each key its rows in key order, [] for a key without rows, ignoring rows of other keys', () => {
    const rows = [
      { k: 'b', n: 1 },
      { k: 'x', n: 2 },
      { k: 'a', n: 3 },
      { k: 'b', n: 4 },
    ];
    expect(grouped(['a', 'b', 'c'], rows, (r) => r.k)).toEqual([
      [{ k: 'a', n: 3 }],
      [
        { k: 'b', n: 1 },
        { k: 'b', n: 4 },
      ],
      [],
    ]);
  });
});

describe('present', () => {
  it('drops missing and failed values, keeping the order of the rest', () => {
    expect(present([1, null, new Error('no'), 0, 3])).toEqual([1, 0, 3]);
  });
});

describe('requiredText', () => {
  it('trims and folds runs of white space', () => {
    expect(requiredText('  Taller   de\tdanza ', 'input.title', 300)).toBe('Taller de danza');
  });
  it.each([[''], ['   '], [null], [undefined]])('refuses %j as empty, naming the field', (value) => {
    expect(() => requiredText(value, 'input.title', 300)).toThrow(
      expect.objectContaining({ message: 'input.title must not be empty', extensions: { code: 'BAD_USER_INPUT', field: 'input.title' } }),
    );
  });
  it('accepts exactly max characters and refuses one more', () => {
    expect(requiredText('abcde', 'f', 5)).toBe('abcde');
    expect(() => requiredText('abcdef', 'f', 5)).toThrow('f must be at most 5 characters');
  });
});

describe('seededRandom', () => {
  it('gives mulberry32’s sequence: the same numbers for the same seed on every machine', () => {
    const r = seededRandom(42);
    expect([r(), r(), r()]).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
  });
});

describe('startPollLoop', () => {
  it('steps again at once while more waits, then waits pollMs; stop ends the wait', async () => {
    const answers = [true, true, false];
    let steps = 0;
    const loop = startPollLoop(async () => answers[steps++] ?? false, { pollMs: 60_000, maxBackoffMs: 60_000, onFailing: () => {} });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(steps).toBe(3);
    const started = Date.now();
    await loop.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(steps).toBe(3);
  });

  it('backs off while the step fails, reporting the first failure and every tenth', async () => {
    const reported: number[] = [];
    let steps = 0;
    const loop = startPollLoop(
      async () => {
        steps++;
        throw new Error('down');
      },
      { pollMs: 1, maxBackoffMs: 4, onFailing: (err, failures) => reported.push(failures) },
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    await loop.stop();
    expect(steps).toBeGreaterThan(10);
    expect(reported.slice(0, 2)).toEqual([1, 10]);
  });
});

describe('drainFeeds', () => {
  it('pages while more is ready and counts what it moved, feed by feed', async () => {
    const pages: Record<string, { count: number; hasMore: boolean; pending: number }[]> = {
      a: [
        { count: 2, hasMore: true, pending: 0 },
        { count: 1, hasMore: false, pending: 0 },
      ],
      b: [{ count: 4, hasMore: false, pending: 0 }],
    };
    expect(
      await drainFeeds([{ name: 'a' }, { name: 'b' }], async (s) => pages[s.name].shift()!, { timeoutMs: 1000, what: 'changes' }),
    ).toBe(7);
  });
  it('fails when a feed still has pending items after the timeout', async () => {
    await expect(
      drainFeeds([{ name: 'a' }], async () => ({ count: 0, hasMore: false, pending: 3 }), { timeoutMs: 50, what: 'pending changes' }),
    ).rejects.toThrow('feed a still has 3 pending changes after 50 ms');
  });
});
