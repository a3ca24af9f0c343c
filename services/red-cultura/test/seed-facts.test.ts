import { startWithTerritories, type TestService, type WithTerritories } from '@cultura/testkit';
import { redCulturaService } from '../src/index';
import { loadSourceDocumentFacts } from '../src/data/load';
import { readWholeFeed } from '@cultura/testkit';

let stack: WithTerritories;
let svc: TestService;

beforeAll(async () => {
  stack = await startWithTerritories((territoriesUrl) => redCulturaService({ territoriesUrl }));
  svc = stack.service;
});
afterAll(async () => {
  await stack?.stop();
});

const SEED = 'seed 000: Red Cultura, región de Tarapacá';

interface SeedAction {
  id: string;
  kind: string;
  status: string;
  domains: string[];
  description: string | null;
  territories: { id: string }[];
  period: { start: string | null; end: string | null; year: number | null; precision: string; text: string | null };
  provenance: { origin: string; source: string; locator: string };
}

async function seedActions(): Promise<SeedAction[]> {
  const data = await svc.client.data(`{ redCultura { actions(first: 100, filter: { origins: [SOURCE_DOCUMENT] }) { nodes {
    id kind status domains territories { id } period { start end year precision text } provenance { origin source locator }
    ... on RedCulturaActivity { description }
    ... on MunicipalCulturePlan { description }
    ... on Alliance { description }
  } } } }`);
  return data.redCultura.actions.nodes;
}

describe('the seed, recorded only where the document states it', () => {
  it('holds 15 actions: 2 interventions, 4 projects, 1 training, 4 plans and 4 alliances; no advisory session', async () => {
    const actions = await seedActions();
    const byKind: Record<string, number> = {};
    for (const a of actions) byKind[a.kind] = (byKind[a.kind] ?? 0) + 1;
    expect(byKind).toEqual({ INTERVENTION: 2, PARTICIPATORY_PROJECT: 4, TRAINING: 1, MUNICIPAL_CULTURE_PLAN: 4, ALLIANCE: 4 });
    const actors = await svc.client.data(`{ redCultura { actors(first: 100, filter: { origins: [SOURCE_DOCUMENT] }) { totalCount } } }`);
    expect(actors.redCultura.actors.totalCount).toBe(13);
  });

  it('puts the nine advisory areas on the AGICM line, where the document states them, and on no centre', async () => {
    const data = await svc.client.data(`{ redCultura {
      lines { code name advisory { advisedActorKind areas coManaged sourceText provenance { origin source locator } } provenance { locator } }
      actors(first: 20, filter: { kinds: [CULTURAL_CENTRE] }) { nodes { ... on CulturalCentre { name advisory { id } alliances { provenance { locator } } } } }
    } }`);
    const { lines, actors } = data.redCultura;
    expect(
      lines.map((l: { code: string; advisory: unknown; provenance: { locator: string } }) => [
        l.code,
        l.advisory === null,
        l.provenance.locator,
      ]),
    ).toEqual([
      ['FDCL', true, 'FDCL §1'],
      ['FGCM', true, 'FGCM §1'],
      ['AGICM', false, 'AGICM §1'],
    ]);
    const agicm = lines[2].advisory;
    expect(agicm).toMatchObject({
      advisedActorKind: 'CULTURAL_CENTRE',
      coManaged: true,
      provenance: { origin: 'SOURCE_DOCUMENT', source: SEED, locator: 'AGICM §1' },
    });
    expect(agicm.areas).toEqual([
      'COMMUNICATION',
      'DISSEMINATION',
      'FINANCING',
      'COMMUNITY_LINKS',
      'INSTITUTIONAL_ORGANISATION',
      'PLANNING',
      'MEDIATION',
      'AUDIENCE_DEVELOPMENT',
      'ARTISTIC_PROGRAMMING',
    ]);
    expect(agicm.sourceText).toMatch(
      /mediante el asesoramiento en: desarrollo de estrategias de comunicación.*siempre bajo el principio de cogestión\.$/,
    );
    // The alliances are stated (AGICM §2); advisory sessions to any one centre are not.
    expect(actors.nodes).toHaveLength(4);
    for (const centre of actors.nodes) expect(centre).toMatchObject({ advisory: [], alliances: [{ provenance: { locator: 'AGICM §2' } }] });
  });

  it('files the participatory projects at the localities the document names: Pozo Almonte and Pisagua', async () => {
    const actions = await seedActions();
    const where = (id: string) => actions.find((a) => a.id === id)?.territories.map((t) => t.id);
    expect(where('red-cultura:action:proyectos-pozo-almonte')).toEqual(['CL:01401:pozo-almonte']);
    expect(where('red-cultura:action:proyectos-pisagua')).toEqual(['CL:01404:pisagua']);
    const [{ lineage }] = await svc.dataSource.query(
      `SELECT territory_lineage AS lineage FROM action WHERE id = 'red-cultura:action:proyectos-pozo-almonte'`,
    );
    expect([...lineage].sort()).toEqual(['CL', 'CL:01', 'CL:014', 'CL:01401', 'CL:01401:pozo-almonte']);
  });

  it('dates nothing: every period is UNDATED, with the document’s own words where it has some, and sorts last', async () => {
    const actions = await seedActions();
    const texts = new Map<string, Set<string | null>>();
    for (const a of actions) {
      expect(a.period).toMatchObject({ start: null, end: null, year: null, precision: 'UNDATED' });
      texts.set(a.kind, (texts.get(a.kind) ?? new Set()).add(a.period.text));
    }
    expect(Object.fromEntries([...texts].map(([k, v]) => [k, [...v]]))).toEqual({
      INTERVENTION: [null],
      PARTICIPATORY_PROJECT: [null],
      TRAINING: [null],
      MUNICIPAL_CULTURE_PLAN: ['Actualmente'],
      ALLIANCE: ['En la actualidad'],
    });
    const [{ dated }] = await svc.dataSource.query(
      `SELECT count(*)::int AS dated FROM action WHERE origin = 'SOURCE_DOCUMENT' AND sort_at IS NOT NULL`,
    );
    expect(dated).toBe(0);
    // The plans are worked on now ("Actualmente se trabaja…"), so they are in progress, whatever their stage.
    expect(new Set(actions.map((a) => a.status))).toEqual(new Set(['IN_PROGRESS']));
  });

  it('classifies only the staff training, as EDUCATION_AND_TRAINING, saying the project did so from its kind', async () => {
    const actions = await seedActions();
    const classified = actions.filter((a) => a.domains.length);
    expect(classified.map((a) => [a.id, a.domains])).toEqual([
      ['red-cultura:action:formacion-personal-municipal', ['EDUCATION_AND_TRAINING']],
    ]);
    expect(classified[0].description).toMatch(
      /no indica dominios culturales.*El proyecto clasificó esta acción en EDUCATION_AND_TRAINING.*a partir de su tipo/,
    );
  });

  it('keeps the locator of every seed record into the source document', async () => {
    const actions = await seedActions();
    expect(actions.every((a) => a.provenance.source === SEED && /^(FDCL|FGCM|AGICM) §\d$/.test(a.provenance.locator))).toBe(true);
    const [{ missing }] = await svc.dataSource.query(
      `SELECT (SELECT count(*) FROM actor WHERE origin = 'SOURCE_DOCUMENT' AND locator IS NULL)
            + (SELECT count(*) FROM reported_figure WHERE origin = 'SOURCE_DOCUMENT' AND locator IS NULL) AS missing`,
    );
    expect(Number(missing)).toBe(0);
  });
});

describe('the program’s figures', () => {
  const FIGURES = `query($m: [FigureMetric!]) { redCultura { figures(metrics: $m) {
    metric value qualifier unit label sourceText scopeTerritories { id } period { precision text start year }
    provenance { origin source locator }
  } } }`;

  it('reports the plans under development and the allied centres, each with what it counts, its scope and its source', async () => {
    const { figures } = (await svc.client.data(FIGURES)).redCultura;
    expect(figures).toEqual([
      {
        metric: 'ACTIONS',
        value: 4,
        qualifier: 'EXACT',
        unit: 'municipal culture plans',
        label: 'Municipal culture plans under development',
        sourceText: 'Actualmente se trabaja en el desarrollo de los PMC de las comunas de Alto Hospicio, Pozo Almonte, Pica y Huara.',
        scopeTerritories: [{ id: 'CL:01107' }, { id: 'CL:01401' }, { id: 'CL:01405' }, { id: 'CL:01404' }],
        period: { precision: 'UNDATED', text: 'Actualmente', start: null, year: null },
        provenance: { origin: 'SOURCE_DOCUMENT', source: SEED, locator: 'FGCM §2' },
      },
      {
        metric: 'ORGANISATIONS',
        value: 4,
        qualifier: 'EXACT',
        unit: 'municipal cultural centres',
        label: 'Municipal cultural centres allied with the CRCA',
        sourceText:
          'En la actualidad el CRCA ha establecido alianzas con los centros culturales municipales de las comunas de Iquique, Alto Hospicio, Pozo Almonte y Huara.',
        scopeTerritories: [{ id: 'CL:01101' }, { id: 'CL:01107' }, { id: 'CL:01401' }, { id: 'CL:01404' }],
        period: { precision: 'UNDATED', text: 'En la actualidad', start: null, year: null },
        provenance: { origin: 'SOURCE_DOCUMENT', source: SEED, locator: 'AGICM §2' },
      },
    ]);
    const centres = (await svc.client.data(FIGURES, { m: ['ORGANISATIONS'] })).redCultura.figures;
    expect(centres.map((f: { label: string }) => f.label)).toEqual(['Municipal cultural centres allied with the CRCA']);
  });

  it('hands them to the index in the program’s snapshot of the change feed', async () => {
    const program = (await readWholeFeed(svc.url)).filter((c) => c.entity === 'program').at(-1);
    expect(program?.snapshot).toMatchObject({
      id: 'red-cultura',
      figures: [
        {
          metric: 'ACTIONS',
          value: 4,
          qualifier: 'EXACT',
          label: 'Municipal culture plans under development',
          scopeTerritoryIds: ['CL:01107', 'CL:01401', 'CL:01405', 'CL:01404'],
          locator: 'FGCM §2',
          period: { precision: 'UNDATED' },
        },
        {
          metric: 'ORGANISATIONS',
          value: 4,
          qualifier: 'EXACT',
          label: 'Municipal cultural centres allied with the CRCA',
          scopeTerritoryIds: ['CL:01101', 'CL:01107', 'CL:01401', 'CL:01404'],
          locator: 'AGICM §2',
        },
      ],
    });
  });

  it('loads them once, and puts back what the code states if a stored figure drifts, keeping its id', async () => {
    expect(await loadSourceDocumentFacts(svc.dataSource)).toEqual({ inserted: 0, updated: 0 });
    const [before] = await svc.dataSource.query(`SELECT id FROM reported_figure WHERE subject_type = 'PROGRAM' AND locator = 'FGCM §2'`);
    await svc.dataSource.query(`UPDATE reported_figure SET value = 5, qualifier = 'MORE_THAN' WHERE id = $1`, [before.id]);
    expect(await loadSourceDocumentFacts(svc.dataSource)).toEqual({ inserted: 0, updated: 1 });
    const rows = await svc.dataSource.query(
      `SELECT id, value::int AS value, qualifier FROM reported_figure WHERE subject_type = 'PROGRAM' AND locator = 'FGCM §2'`,
    );
    expect(rows).toEqual([{ id: before.id, value: 4, qualifier: 'EXACT' }]);
  });
});
