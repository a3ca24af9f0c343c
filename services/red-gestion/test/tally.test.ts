import { territoryLineage } from '@cultura/vocabulary';
import { countServants, levelSlice, sessionServants, territorySlice, type SessionAttendance } from '../src/tally';

const seedLike: SessionAttendance = {
  id: 'seed',
  reported: { value: 60, qualifier: 'MORE_THAN' },
  rows: [],
  territoryIds: ['PE:01', 'PE:08'],
  territoryLineage: ['PE', 'PE:01', 'PE:08'],
  groupLevels: ['NATIONAL', 'REGIONAL', 'LOCAL'],
};

const row = (
  entityId: string,
  lineage: string[],
  level: 'NATIONAL' | 'REGIONAL' | 'LOCAL',
  value: number,
  qualifier: 'EXACT' | 'AT_LEAST' = 'EXACT',
) => ({
  entityId,
  lineage,
  level,
  count: { value, qualifier },
});

const itemised: SessionAttendance = {
  id: 'itemised',
  reported: { value: 7, qualifier: 'EXACT' },
  rows: [row('gr-cusco', ['PE', 'PE:08'], 'REGIONAL', 4), row('mp-cusco', ['PE', 'PE:08', 'PE:0801'], 'LOCAL', 3)],
  territoryIds: ['PE:08', 'PE:0801'],
  territoryLineage: ['PE', 'PE:08', 'PE:0801'],
  groupLevels: [],
};

describe('counting servants without inventing precision', () => {
  it('gives a region the source names but does not count "more than 0", never a share of the total', () => {
    expect(countServants([seedLike], territorySlice('PE:08'))).toMatchObject({
      value: 0,
      qualifier: 'MORE_THAN',
      sessions: 1,
      sessionsWithoutBreakdown: 1,
    });
  });

  it('gives a territory holding every participant the session’s own figure, qualifier kept', () => {
    expect(countServants([seedLike], territorySlice('PE'))).toMatchObject({
      value: 60,
      qualifier: 'MORE_THAN',
      text: 'more than 60 public servants',
    });
  });

  it('counts a complete list exactly, and a list short of the reported total as a lower bound', () => {
    expect(countServants([itemised], territorySlice('PE:0801'))).toMatchObject({ value: 3, qualifier: 'EXACT' });
    expect(countServants([itemised], levelSlice('REGIONAL'))).toMatchObject({ value: 4, qualifier: 'EXACT' });
    const partial = { ...itemised, reported: { value: 10, qualifier: 'EXACT' as const } };
    expect(countServants([partial], territorySlice('PE:0801'))).toMatchObject({ value: 3, qualifier: 'AT_LEAST' });
  });

  it('adds sessions keeping the weakest qualifier: exact 7 and "more than 0" make "more than 7"', () => {
    expect(countServants([seedLike, itemised], territorySlice('PE:08'))).toMatchObject({
      value: 7,
      qualifier: 'MORE_THAN',
      sessions: 2,
      sessionsWithoutBreakdown: 1,
    });
  });

  it('says 0, exactly, where no session reached', () => {
    expect(countServants([seedLike, itemised], territorySlice('PE:20'))).toMatchObject({ value: 0, qualifier: 'EXACT', sessions: 0 });
  });

  it('knows nothing of a session with neither figure nor list', () => {
    expect(sessionServants({ ...itemised, reported: null, rows: [] })).toBeNull();
    expect(sessionServants({ ...itemised, reported: null })).toMatchObject({ value: 7, qualifier: 'EXACT' });
  });

  describe('with Lima Metropolitana inside department 15', () => {
    const ids = ['PE:01', 'PE:07', 'PE:LMA'];
    const lineageOf = (list: string[]) => [...new Set(list.flatMap((id) => territoryLineage(id) ?? []))];
    const seedWithLima: SessionAttendance = { ...seedLike, territoryIds: ids, territoryLineage: lineageOf(ids) };

    it.each(['PE:LMA', 'PE:15', 'PE:07'])('gives %s "more than 0" of a total reported for several regions together', (id) => {
      expect(countServants([seedWithLima], territorySlice(id))).toMatchObject({
        value: 0,
        qualifier: 'MORE_THAN',
        sessionsWithoutBreakdown: 1,
      });
    });

    it('gives a district of Lima Metropolitana nothing: the source does not name it', () => {
      expect(countServants([seedWithLima], territorySlice('PE:150101'))).toMatchObject({ value: 0, qualifier: 'EXACT', sessions: 0 });
    });

    it('gives a session held wholly in Lima Metropolitana to it and to department 15, which holds it', () => {
      const lima: SessionAttendance = { ...seedLike, territoryIds: ['PE:LMA'], territoryLineage: lineageOf(['PE:LMA']) };
      for (const id of ['PE:LMA', 'PE:15', 'PE'])
        expect(countServants([lima], territorySlice(id))).toMatchObject({ value: 60, qualifier: 'MORE_THAN' });
      expect(countServants([lima], territorySlice('PE:LIM'))).toMatchObject({ value: 0, qualifier: 'EXACT', sessions: 0 });
    });

    it('counts an entity of province 1501 for Lima Metropolitana and department 15, never for Lima Provincias', () => {
      const listed: SessionAttendance = {
        id: 'listed',
        reported: null,
        rows: [row('mml', territoryLineage('PE:1501') ?? [], 'LOCAL', 8), row('huaura', territoryLineage('PE:1508') ?? [], 'LOCAL', 5)],
        territoryIds: ['PE:1501', 'PE:1508'],
        territoryLineage: lineageOf(['PE:1501', 'PE:1508']),
        groupLevels: [],
      };
      expect(countServants([listed], territorySlice('PE:LMA'))).toMatchObject({ value: 8, qualifier: 'EXACT' });
      expect(countServants([listed], territorySlice('PE:LIM'))).toMatchObject({ value: 5, qualifier: 'EXACT' });
      expect(countServants([listed], territorySlice('PE:15'))).toMatchObject({ value: 13, qualifier: 'EXACT' });
    });
  });
});
