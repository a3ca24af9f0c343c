import { startTestService, type TestService } from '@cultura/testkit';
import { textProblem } from '../src';
import { notesService } from './fixtures/notes-service';

let svc: TestService;

beforeAll(async () => {
  svc = await startTestService(notesService);
});
afterAll(async () => {
  await svc?.stop();
});

const countNotes = async () => Number((await svc.dataSource.query('SELECT count(*)::int AS n FROM note'))[0].n);

// `\\u0000` is a GraphQL escape inside the document: the server's parser turns it into U+0000.
const NUL_IN_DOCUMENT = 'a\\u0000b';
const NUL = 'a\u0000b';
const LONE_SURROGATE = 'a\ud800b';

describe('text PostgreSQL cannot store is refused before the database', () => {
  it.each([
    ['an argument', `{ notes(search: "${NUL_IN_DOCUMENT}") { id } }`, 'search'],
    ['an input field', `{ notes(filter: { search: "${NUL_IN_DOCUMENT}" }) { id } }`, 'filter.search'],
    ['a list item', `{ notes(filter: { tags: ["ok", "${NUL_IN_DOCUMENT}"] }) { id } }`, 'filter.tags[1]'],
    ['a block string', `{ notes(search: """a\u0000b""") { id } }`, 'search'],
    ['a fragment', `{ ...N } fragment N on Query { notes(search: "${NUL_IN_DOCUMENT}") { id } }`, 'search'],
    ['a variable default', `query($s: String = "${NUL_IN_DOCUMENT}") { notes(search: $s) { id } }`, 'search'],
  ])('in a query, written inline in %s: BAD_USER_INPUT naming the argument, HTTP 400', async (_label, query, field) => {
    const res = await svc.client.error('BAD_USER_INPUT', query, {}, { field });
    expect(res.status).toBe(400);
    expect(res.data ?? null).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0].message).toBe(`${field} contains a NUL character (U+0000), which this API cannot store or search; remove it`);
    expect(res.errors?.[0]).toHaveProperty('locations');
  });

  it.each([
    ['the whole argument', 'query($s: String) { notes(search: $s) { id } }', { s: NUL }, 'search', '$s'],
    ['an input object', 'query($f: NoteFilter) { notes(filter: $f) { id } }', { f: { search: NUL } }, 'filter.search', '$f'],
    [
      'a list inside an input object',
      'query($f: NoteFilter) { notes(filter: $f) { id } }',
      { f: { tags: ['ok', 'ok', NUL] } },
      'filter.tags[2]',
      '$f',
    ],
    ['a field of an inline object', 'query($s: String) { notes(filter: { search: $s }) { id } }', { s: NUL }, 'filter.search', '$s'],
    ['a variable no argument uses', '{ notes { id } }', { stray: { deep: [NUL] } }, '$stray.deep[0]', undefined],
  ])('in a query, sent in a variable as %s: BAD_USER_INPUT naming the argument path', async (_label, query, variables, field, variable) => {
    const res = await svc.client.error('BAD_USER_INPUT', query, variables, { field });
    expect(res.status).toBe(400);
    expect(res.errors?.[0].message).toContain(
      variable ? `${field} (in variable ${variable}) contains a NUL character` : `${field} contains a NUL`,
    );
  });

  it('in a mutation, inline or in a variable, anywhere in the input: refused, and nothing is written', async () => {
    const before = await countNotes();
    await svc.client.error(
      'BAD_USER_INPUT',
      `mutation { addNote(input: { title: "${NUL_IN_DOCUMENT}" }) { id } }`,
      {},
      { field: 'input.title' },
    );
    await svc.client.error(
      'BAD_USER_INPUT',
      `mutation { addNote(input: { title: "ok", tags: ["x", "${NUL_IN_DOCUMENT}"] }) { id } }`,
      {},
      { field: 'input.tags[1]' },
    );
    const ADD = 'mutation($input: NoteInput!) { addNote(input: $input) { id } }';
    await svc.client.error('BAD_USER_INPUT', ADD, { input: { title: NUL } }, { field: 'input.title' });
    await svc.client.error('BAD_USER_INPUT', ADD, { input: { title: 'ok', tags: ['x', NUL] } }, { field: 'input.tags[1]' });
    // JSON (jsonb) is checked to any depth, keys included.
    await svc.client.error('BAD_USER_INPUT', ADD, { input: { title: 'ok', meta: { a: [{ b: NUL }] } } }, { field: 'input.meta.a[0].b' });
    await svc.client.error('BAD_USER_INPUT', ADD, { input: { title: 'ok', meta: { [NUL]: 1 } } }, { field: 'input.meta."a\\u0000b"' });
    expect(await countNotes()).toBe(before);
  });

  it('refuses an unpaired surrogate, which pg would store as U+FFFD, and keeps a paired one (an emoji) intact', async () => {
    const ADD = 'mutation($input: NoteInput!) { addNote(input: $input) { id title } }';
    const before = await countNotes();
    // JSON.stringify writes the lone surrogate as the escape "\ud800"; the server's JSON parser turns it back into one.
    const res = await svc.client.error('BAD_USER_INPUT', ADD, { input: { title: LONE_SURROGATE } }, { field: 'input.title' });
    expect(res.errors?.[0].message).toContain('an unpaired UTF-16 surrogate (U+D800)');
    await svc.client.error(
      'BAD_USER_INPUT',
      'query($s: String) { notes(filter: { search: $s }) { id } }',
      { s: 'x\udc00' },
      { field: 'filter.search' },
    );
    expect(await countNotes()).toBe(before);
    const data = await svc.client.data(ADD, { input: { title: 'sonrisa 😀' } });
    expect(data.addNote.title).toBe('sonrisa 😀');
  });

  it('keeps answering afterwards, and lets ordinary text through to the database', async () => {
    await svc.client.error('BAD_USER_INPUT', `{ notes(search: "${NUL_IN_DOCUMENT}") { id } }`, {}, { field: 'search' });
    await svc.client.data('mutation { addNote(input: { title: "Plan municipal de cultura", tags: ["pmc"] }) { id } }');
    const data = await svc.client.data('query($s: String) { notes(search: $s) { title tags } }', { s: 'municipal' });
    expect(data.notes).toEqual([{ title: 'Plan municipal de cultura', tags: ['pmc'] }]);
  });
});

describe('why: what PostgreSQL does with such text (the real database, through pg)', () => {
  it('refuses a NUL character outright', async () => {
    await expect(svc.dataSource.query('SELECT $1::text AS t', [NUL])).rejects.toThrow(/invalid byte sequence for encoding "UTF8": 0x00/);
  });

  it('stores an unpaired surrogate as U+FFFD: the text would change silently', async () => {
    const [row] = await svc.dataSource.query('SELECT $1::text AS t', [LONE_SURROGATE]);
    expect(row.t).toBe('a\ufffdb');
  });

  it('stores the other characters a JSON string can carry as they are', async () => {
    const text = 'a\u0001\u007f\u0085\ufffe\uffff😀b';
    expect(textProblem(text)).toBeUndefined();
    const [row] = await svc.dataSource.query('SELECT $1::text AS t', [text]);
    expect(row.t).toBe(text);
  });
});
