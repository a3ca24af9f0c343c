import { KIND_RULES, LEVELS, PROGRAM_ID, SESSION_KINDS, actorForm, noteOf, placeOf } from '../src/domain';

describe('what each kind of government entity is', () => {
  it.each([
    // A deconcentrated office is the ministry in a region: national, not regional.
    ['MINISTRY_DIRECTORATE', 'NATIONAL', 'MINISTRY_OFFICE', ['COUNTRY', 'REGION'], 'Peru or a region'],
    ['DECONCENTRATED_CULTURE_OFFICE', 'NATIONAL', 'MINISTRY_OFFICE', ['REGION'], 'a region (PE:08, PE:LMA, PE:LIM)'],
    ['REGIONAL_GOVERNMENT', 'REGIONAL', 'REGIONAL_GOVERNMENT', ['REGION'], 'a region (PE:08, PE:LMA, PE:LIM)'],
    ['PROVINCIAL_MUNICIPALITY', 'LOCAL', 'MUNICIPALITY', ['PROVINCE'], 'a province (PE:0801, PE:1501)'],
    ['DISTRICT_MUNICIPALITY', 'LOCAL', 'MUNICIPALITY', ['DISTRICT'], 'a district (PE:080101)'],
  ] as const)('a %s is of %s government, a %s actor, based in %j ("%s")', (kind, level, actorKind, places, where) => {
    expect(KIND_RULES[kind]).toEqual({ level, actorKind, places, where });
  });

  it('lists levels from the nation down, and runs workshops and technical assistance', () => {
    expect(LEVELS).toEqual(['NATIONAL', 'REGIONAL', 'LOCAL']);
    expect(SESSION_KINDS).toEqual(['WORKSHOP', 'TECHNICAL_ASSISTANCE']);
    expect(PROGRAM_ID).toBe('red-gestion');
  });
});

describe('places outside Peru', () => {
  it.each(['CL', 'CL:01', 'CL:011', 'CL:01401', 'PER', 'PE-08'])('%s is no place for a RED entity', (id) => {
    expect(placeOf(id)).toBeNull();
  });
});

describe('what an actor record’s details say', () => {
  it('reads a group only when it says so, an entity otherwise', () => {
    expect(actorForm({ form: 'GROUP' })).toBe('GROUP');
    expect(actorForm({ form: 'ENTITY' })).toBe('ENTITY');
    expect(actorForm({})).toBe('ENTITY');
    expect(actorForm({ form: 'group' })).toBe('ENTITY');
  });

  it('reads a note only when it is text', () => {
    expect(noteOf({ note: 'Inferido del acta' })).toBe('Inferido del acta');
    expect(noteOf({ note: 3 })).toBeNull();
    expect(noteOf({})).toBeNull();
  });
});
