/**
 * What a reader of the composed API finds in introspection: a description on every type, field, argument
 * and enum value, and Spanish and English labels for every enum value (`labels`). Composed here from the
 * schema files, as `npm run compose` does, so a missing description or label fails before anything runs.
 */
import { GraphQLEnumType, isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import path from 'node:path';
import { apiSchemaOf, composeRepository } from '@cultura/gateway';
import { startWholeStack, type WholeStack } from './whole-stack';

const ROOT = path.resolve(__dirname, '..');
const BUILT_IN = new Set(['String', 'Int', 'Float', 'Boolean', 'ID']);

let api: GraphQLSchema;
beforeAll(() => {
  api = apiSchemaOf(composeRepository(ROOT).content);
});

/** Every place of the API schema that a description belongs to, as `Type`, `Type.field`, `Type.field(arg)`, `Enum.VALUE`. */
function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || BUILT_IN.has(type.name)) continue;
    if (!type.description?.trim()) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description?.trim()) missing.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) {
          if (!arg.description?.trim()) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    }
    if (isEnumType(type)) for (const v of type.getValues()) if (!v.description?.trim()) missing.push(`${type.name}.${v.name}`);
  }
  return missing;
}

const labelsField = (e: GraphQLEnumType) => e.name[0].toLowerCase() + e.name.slice(1);

describe('the composed API describes itself', () => {
  it('has a description on every type, field, argument and enum value', () => {
    expect(undescribed(api)).toEqual([]);
  });

  it('has a labels field for every enum, named after it', () => {
    const labels = api.getType('Labels');
    if (!isObjectType(labels)) throw new Error('the API has no Labels type');
    const enums = Object.values(api.getTypeMap()).filter((t): t is GraphQLEnumType => isEnumType(t) && !t.name.startsWith('__'));
    const fields = new Set(Object.keys(labels.getFields()));
    expect(enums.map(labelsField).filter((f) => !fields.has(f))).toEqual([]);
    expect([...fields].filter((f) => f !== 'lang' && !enums.some((e) => labelsField(e) === f))).toEqual([]);
  });
});

describe('labels(lang)', () => {
  let stack: WholeStack;
  beforeAll(async () => {
    stack = await startWholeStack({ indexed: false });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it.each(['ES', 'EN'])('names every value of every enum in %s, in schema order, gathered from every service', async (lang) => {
    const enums = Object.values(api.getTypeMap()).filter((t): t is GraphQLEnumType => isEnumType(t) && !t.name.startsWith('__'));
    const selection = enums.map((e) => `${labelsField(e)} { value label }`).join(' ');
    const data = await stack.gateway.client.data(`query($lang: Language!) { labels(lang: $lang) { lang ${selection} } }`, { lang });
    expect(data.labels.lang).toBe(lang);
    const wrong = enums.flatMap((e) => {
      const got: { value: string; label: string }[] = data.labels[labelsField(e)];
      const values = e.getValues().map((v) => v.name);
      if (JSON.stringify(got.map((g) => g.value)) !== JSON.stringify(values)) return [`${e.name}: ${got.map((g) => g.value).join(', ')}`];
      return got.filter((g) => !g.label.trim()).map((g) => `${e.name}.${g.value}: no label`);
    });
    expect(wrong).toEqual([]);
  });

  it('differs between the languages where the words do', async () => {
    const data = await stack.gateway.client.data(
      `{ es: labels(lang: ES) { actionKind { value label } } en: labels(lang: EN) { actionKind { value label } } }`,
    );
    expect(data.es.actionKind.find((l: { value: string }) => l.value === 'WORKSHOP').label).toBe('Taller');
    expect(data.en.actionKind.find((l: { value: string }) => l.value === 'WORKSHOP').label).toBe('Workshop');
  });
});
