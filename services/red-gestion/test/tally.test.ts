import { countServants, levelSlice, sessionServants, territorySlice, type SessionAttendance } from '../src/tally';

const seedLike: SessionAttendance = {
  id: 'seed',
  reported: { value: 60, qualifier: 'MORE_THAN' },
  rows: [],
  territoryIds: ['PE:01', 'PE:08'],
  territoryLineage: ['PE', 'PE:01', 'PE:08'],
  groupLevels: ['NATIONAL', 'REGIONAL', 'LOCAL'],
};

const row = (entityId: string, lineage: string[], level: 'NATIONAL' | 'REGIONAL' | 'LOCAL', value: number, qualifier: 'EXACT' | 'AT_LEAST' = 'EXACT') => ({
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
    expect(countServants([seedLike], territorySlice('PE:08'))).toMatchObject({ value: 0, qualifier: 'MORE_THAN', sessions: 1, sessionsWithoutBreakdown: 1 });
  });

  it('gives a territory holding every participant the session’s own figure, qualifier kept', () => {
    expect(countServants([seedLike], territorySlice('PE'))).toMatchObject({ value: 60, qualifier: 'MORE_THAN', text: 'more than 60 public servants' });
  });

  it('counts a complete list exactly, and a list short of the reported total as a lower bound', () => {
    expect(countServants([itemised], territorySlice('PE:0801'))).toMatchObject({ value: 3, qualifier: 'EXACT' });
    expect(countServants([itemised], levelSlice('REGIONAL'))).toMatchObject({ value: 4, qualifier: 'EXACT' });
    const partial = { ...itemised, reported: { value: 10, qualifier: 'EXACT' as const } };
    expect(countServants([partial], territorySlice('PE:0801'))).toMatchObject({ value: 3, qualifier: 'AT_LEAST' });
  });

  it('adds sessions keeping the weakest qualifier: exact 7 and "more than 0" make "more than 7"', () => {
    expect(countServants([seedLike, itemised], territorySlice('PE:08'))).toMatchObject({ value: 7, qualifier: 'MORE_THAN', sessions: 2, sessionsWithoutBreakdown: 1 });
  });

  it('says 0, exactly, where no session reached', () => {
    expect(countServants([seedLike, itemised], territorySlice('PE:20'))).toMatchObject({ value: 0, qualifier: 'EXACT', sessions: 0 });
  });

  it('knows nothing of a session with neither figure nor list', () => {
    expect(sessionServants({ ...itemised, reported: null, rows: [] })).toBeNull();
    expect(sessionServants({ ...itemised, reported: null })).toMatchObject({ value: 7, qualifier: 'EXACT' });
  });
});
