import { isPeruvianRegion, misplacedKind, placeOf, regionOf } from '../src/domain';
import { SEED_REGIONS } from '../src/data/facts';
import { SYNTHETIC_ENTITIES } from '../src/data/synthetic';

const DEPARTMENTS = Array.from({ length: 25 }, (_, i) => `PE:${String(i + 1).padStart(2, '0')}`);

describe('regions are the units of Peru’s regional governments', () => {
  it('counts 26: the departments other than Lima, Callao among them, plus Lima Metropolitana and Lima Provincias', () => {
    const regions = [...DEPARTMENTS, 'PE:LMA', 'PE:LIM'].filter(isPeruvianRegion);
    expect(regions).toHaveLength(26);
    expect(regions).toEqual(expect.arrayContaining(['PE:07', 'PE:LMA', 'PE:LIM']));
  });

  it.each(['PE:LMA', 'PE:LIM', 'PE:07', 'PE:08'])('%s is a region', (id) => {
    expect(isPeruvianRegion(id)).toBe(true);
    expect(regionOf(id)).toBe(id);
  });

  it.each([
    // Department 15 holds two regions; Peru holds them all; a province or district is in one.
    ['PE:15', null],
    ['PE', null],
    ['PE:1501', 'PE:LMA'],
    ['PE:150132', 'PE:LMA'],
    ['PE:150132:san-cosme', 'PE:LMA'],
    ['PE:1508', 'PE:LIM'],
    ['PE:150801', 'PE:LIM'],
    ['PE:0801', 'PE:08'],
    ['CL:01', null],
    ['PE:99999', null],
  ])('%s lies in region %s, and is not one itself', (id, region) => {
    expect(regionOf(id)).toBe(region);
    expect(isPeruvianRegion(id)).toBe(false);
  });

  it('keeps every region the seed lists a region, Lima Metropolitana included', () => {
    for (const r of SEED_REGIONS) expect(isPeruvianRegion(r.id)).toBe(true);
  });
});

describe('where each kind of government entity sits', () => {
  it.each([
    ['REGIONAL_GOVERNMENT', 'PE:08'],
    ['REGIONAL_GOVERNMENT', 'PE:LMA'],
    ['REGIONAL_GOVERNMENT', 'PE:LIM'],
    ['REGIONAL_GOVERNMENT', 'PE:07'],
    ['DECONCENTRATED_CULTURE_OFFICE', 'PE:LIM'],
    ['MINISTRY_DIRECTORATE', 'PE'],
    ['MINISTRY_DIRECTORATE', 'PE:LMA'],
    ['PROVINCIAL_MUNICIPALITY', 'PE:1501'],
    ['PROVINCIAL_MUNICIPALITY', 'PE:0801'],
    ['DISTRICT_MUNICIPALITY', 'PE:150101'],
  ] as const)('a %s may sit in %s', (kind, territoryId) => {
    expect(misplacedKind(kind, territoryId)).toBeNull();
  });

  it.each([
    // Department 15 is two regional governments' territory, not one's.
    ['REGIONAL_GOVERNMENT', 'PE:15', /a region/],
    ['DECONCENTRATED_CULTURE_OFFICE', 'PE:15', /a region/],
    ['MINISTRY_DIRECTORATE', 'PE:15', /Peru or a region/],
    // The province of Lima is a province, whatever it shares with Lima Metropolitana.
    ['REGIONAL_GOVERNMENT', 'PE:1501', /a region/],
    ['PROVINCIAL_MUNICIPALITY', 'PE:LMA', /a province/],
    ['PROVINCIAL_MUNICIPALITY', 'PE:15', /a province/],
    ['DISTRICT_MUNICIPALITY', 'PE:1501', /a district/],
    ['DISTRICT_MUNICIPALITY', 'PE:150101:barrio', /a district/],
    ['REGIONAL_GOVERNMENT', 'PE', /a region/],
    ['REGIONAL_GOVERNMENT', 'CL:01', /a Peruvian territory/],
    ['REGIONAL_GOVERNMENT', 'PE:ABC', /a Peruvian territory/],
  ] as const)('a %s may not sit in %s', (kind, territoryId, why) => {
    expect(misplacedKind(kind, territoryId)).toMatch(why);
  });

  it('names each place by what it is', () => {
    expect(['PE', 'PE:LMA', 'PE:LIM', 'PE:15', 'PE:1501', 'PE:150101', 'PE:150101:barrio'].map(placeOf)).toEqual([
      'COUNTRY',
      'REGION',
      'REGION',
      null,
      'PROVINCE',
      'DISTRICT',
      null,
    ]);
  });

  it('places every synthetic demo entity where its kind may sit', () => {
    for (const e of SYNTHETIC_ENTITIES)
      expect([e.actor.id, misplacedKind(e.entityKind, e.actor.territoryId ?? '')]).toEqual([e.actor.id, null]);
  });
});
