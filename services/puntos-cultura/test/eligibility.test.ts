import { addYears, checkEligibility, describeSpan, type EligibilityFacts } from '../src/domain';

const complete: EligibilityFacts = {
  nonProfit: true,
  continuousWorkSince: '2023-06-01',
  members: 2,
  areasOfWork: ['COMMUNITY_LIFE'],
  domains: ['PERFORMANCE_AND_CELEBRATION'],
};
const asOf = '2025-06-01';

const outcome = (facts: Partial<EligibilityFacts>, date = asOf) => checkEligibility({ ...complete, ...facts }, date);
const rule = (facts: Partial<EligibilityFacts>, name: string, date = asOf) => outcome(facts, date).rules.find((r) => r.rule === name);

describe('the law’s eligibility rules, each on both sides of its boundary', () => {
  it('accepts an organisation that meets every rule exactly at its threshold', () => {
    const result = outcome({});
    expect(result.eligible).toBe(true);
    expect(result.rules.map((r) => r.rule)).toEqual([
      'NON_PROFIT',
      'CONTINUOUS_WORK',
      'MINIMUM_MEMBERS',
      'COMMUNITY_WORK_THROUGH_ARTS_AND_CULTURE',
    ]);
    expect(result.rules.every((r) => r.met && r.explanation.length > 0)).toBe(true);
  });

  it('refuses one member and accepts two', () => {
    expect(rule({ members: 1 }, 'MINIMUM_MEMBERS')).toMatchObject({
      met: false,
      explanation: 'The organisation has 1 member; at least 2 are required.',
    });
    expect(rule({ members: 2 }, 'MINIMUM_MEMBERS')).toMatchObject({ met: true });
  });

  it('refuses continuous work one day short of two years and accepts exactly two years', () => {
    const short = rule({ continuousWorkSince: '2023-06-02' }, 'CONTINUOUS_WORK');
    expect(short?.met).toBe(false);
    expect(short?.explanation).toContain('1 year and 364 days');
    expect(short?.explanation).toContain('complete on 2025-06-02');
    expect(rule({ continuousWorkSince: '2023-06-01' }, 'CONTINUOUS_WORK')?.met).toBe(true);
  });

  it('completes two years begun on 29 February on 28 February, as the Civil Code counts years', () => {
    expect(rule({ continuousWorkSince: '2024-02-29' }, 'CONTINUOUS_WORK', '2026-02-27')?.met).toBe(false);
    expect(rule({ continuousWorkSince: '2024-02-29' }, 'CONTINUOUS_WORK', '2026-02-28')?.met).toBe(true);
  });

  it('refuses an organisation that is not non-profit and accepts a non-profit one', () => {
    expect(rule({ nonProfit: false }, 'NON_PROFIT')?.met).toBe(false);
    expect(rule({ nonProfit: true }, 'NON_PROFIT')?.met).toBe(true);
  });

  it('needs at least one area of community work and one cultural domain, and says which is missing', () => {
    const none = rule({ areasOfWork: [], domains: [] }, 'COMMUNITY_WORK_THROUGH_ARTS_AND_CULTURE');
    expect(none?.met).toBe(false);
    expect(none?.explanation).toContain('no area of community work and no cultural domain');
    expect(rule({ domains: [] }, 'COMMUNITY_WORK_THROUGH_ARTS_AND_CULTURE')?.met).toBe(false);
    expect(rule({ areasOfWork: [] }, 'COMMUNITY_WORK_THROUGH_ARTS_AND_CULTURE')?.met).toBe(false);
    expect(
      rule({ areasOfWork: ['NETWORKS_AND_ADVOCACY'], domains: ['VISUAL_ARTS_AND_CRAFTS'] }, 'COMMUNITY_WORK_THROUGH_ARTS_AND_CULTURE')?.met,
    ).toBe(true);
  });

  it('explains every unmet rule at once: one member and one year of work give both reasons', () => {
    const result = outcome({ members: 1, continuousWorkSince: '2024-06-01' });
    expect(result.eligible).toBe(false);
    const unmet = result.rules.filter((r) => !r.met);
    expect(unmet.map((r) => r.rule)).toEqual(['CONTINUOUS_WORK', 'MINIMUM_MEMBERS']);
    expect(unmet[0].explanation).toContain('1 year');
  });
});

describe('date arithmetic for the explanations', () => {
  it('moves whole years, turning a missing 29 February into the 28th', () => {
    expect(addYears('2023-06-01', 2)).toBe('2025-06-01');
    expect(addYears('2024-02-29', 2)).toBe('2026-02-28');
    expect(addYears('2028-02-29', -2)).toBe('2026-02-28');
  });

  it('words a span as years and days', () => {
    expect(describeSpan('2023-06-01', '2025-06-01')).toBe('2 years');
    expect(describeSpan('2024-06-01', '2025-06-01')).toBe('1 year');
    expect(describeSpan('2025-05-31', '2025-06-01')).toBe('1 day');
    expect(describeSpan('2025-06-01', '2025-06-01')).toBe('0 days');
  });
});
