import { checkEligibility, type EligibilityFacts } from '../src/domain';

/**
 * What an applicant reads: every rule's requirement and the explanation of its outcome, in full, worked
 * out by hand from the law's thresholds (2 members, 2 years of continuous work) and the application's
 * own facts.
 */
const REQUIREMENTS = {
  NON_PROFIT: 'The organisation is non-profit.',
  CONTINUOUS_WORK: 'At least 2 years of continuous work.',
  MINIMUM_MEMBERS: 'At least 2 members.',
  COMMUNITY_WORK_THROUGH_ARTS_AND_CULTURE:
    'Constant work with its community through arts and culture: at least one of the law’s areas of community work and at least one cultural domain.',
};
type Rule = keyof typeof REQUIREMENTS;
const expected = (rules: [Rule, boolean, string][]) =>
  rules.map(([rule, met, explanation]) => ({ rule, met, requirement: REQUIREMENTS[rule], explanation }));

const eligible: EligibilityFacts = {
  nonProfit: true,
  continuousWorkSince: '2019-03-01',
  members: 8,
  areasOfWork: ['COMMUNITY_LIFE', 'VULNERABLE_POPULATIONS'],
  domains: ['PERFORMANCE_AND_CELEBRATION', 'VISUAL_ARTS_AND_CRAFTS'],
};

describe('eligibility, as the applicant reads it', () => {
  it('explains every rule an eligible organisation meets with its own facts', () => {
    expect(checkEligibility(eligible, '2025-03-01')).toEqual({
      eligible: true,
      asOf: '2025-03-01',
      rules: expected([
        ['NON_PROFIT', true, 'The organisation declares itself non-profit.'],
        ['CONTINUOUS_WORK', true, 'Continuous work since 2019-03-01: 6 years by 2025-03-01.'],
        ['MINIMUM_MEMBERS', true, '8 members.'],
        [
          'COMMUNITY_WORK_THROUGH_ARTS_AND_CULTURE',
          true,
          'Areas of work: COMMUNITY_LIFE, VULNERABLE_POPULATIONS; domains: PERFORMANCE_AND_CELEBRATION, VISUAL_ARTS_AND_CRAFTS.',
        ],
      ]),
    });
  });

  it('gives every reason at once when every rule fails', () => {
    const facts = { nonProfit: false, continuousWorkSince: '2024-03-01', members: 1, areasOfWork: [], domains: [] };
    expect(checkEligibility(facts, '2025-03-02')).toEqual({
      eligible: false,
      asOf: '2025-03-02',
      rules: expected([
        ['NON_PROFIT', false, 'The organisation is not non-profit; only non-profit organisations can be culture points.'],
        [
          'CONTINUOUS_WORK',
          false,
          'Continuous work since 2024-03-01 is 1 year and 1 day by 2025-03-02; at least 2 years are required, complete on 2026-03-01.',
        ],
        ['MINIMUM_MEMBERS', false, 'The organisation has 1 member; at least 2 are required.'],
        [
          'COMMUNITY_WORK_THROUGH_ARTS_AND_CULTURE',
          false,
          'The application states no area of community work and no cultural domain (arts and culture); community work through arts and culture needs at least one of each.',
        ],
      ]),
    });
  });

  it.each([
    // Work said to begin after the date asked about: no span to count.
    [
      { continuousWorkSince: '2025-06-01' },
      'Continuous work is said to begin on 2025-06-01, after 2025-03-01; at least 2 years are required.',
    ],
    // Begun that very day: zero days, not zero years.
    [
      { continuousWorkSince: '2025-03-01' },
      'Continuous work since 2025-03-01 is 0 days by 2025-03-01; at least 2 years are required, complete on 2027-03-01.',
    ],
    // One day short, across a leap year: 364 days after the first anniversary.
    [
      { continuousWorkSince: '2023-03-02' },
      'Continuous work since 2023-03-02 is 1 year and 364 days by 2025-03-01; at least 2 years are required, complete on 2025-03-02.',
    ],
  ])('explains continuous work for %j', (facts, explanation) => {
    const rule = checkEligibility({ ...eligible, ...facts }, '2025-03-01').rules.find((r) => r.rule === 'CONTINUOUS_WORK');
    expect(rule).toEqual({ rule: 'CONTINUOUS_WORK', met: false, requirement: REQUIREMENTS.CONTINUOUS_WORK, explanation });
  });

  it('counts two years from 29 February to 28 February, as the Civil Code does', () => {
    const rule = checkEligibility({ ...eligible, continuousWorkSince: '2024-02-29' }, '2026-02-28').rules.find(
      (r) => r.rule === 'CONTINUOUS_WORK',
    );
    expect(rule?.explanation).toBe('Continuous work since 2024-02-29: 2 years by 2026-02-28.');
    expect(rule?.met).toBe(true);
  });

  it.each([
    [{ members: 0 }, 'MINIMUM_MEMBERS', false, 'The organisation has 0 members; at least 2 are required.'],
    [{ members: 2 }, 'MINIMUM_MEMBERS', true, '2 members.'],
    [
      { domains: [] },
      'COMMUNITY_WORK_THROUGH_ARTS_AND_CULTURE',
      false,
      'The application states no cultural domain (arts and culture); community work through arts and culture needs at least one of each.',
    ],
    [
      { areasOfWork: [] },
      'COMMUNITY_WORK_THROUGH_ARTS_AND_CULTURE',
      false,
      'The application states no area of community work; community work through arts and culture needs at least one of each.',
    ],
  ] as const)('explains %j', (facts, name, met, explanation) => {
    const rule = checkEligibility({ ...eligible, ...facts }, '2025-03-01').rules.find((r) => r.rule === name);
    expect(rule).toEqual({ rule: name, met, requirement: REQUIREMENTS[name], explanation });
  });
});
