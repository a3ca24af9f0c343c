/** The program's own vocabulary, mirroring the enums of schema.graphql. */

export const CULTURE_POINT_STATUSES = ['RECOGNISED', 'LAPSED', 'REVOKED'] as const;
export type CulturePointStatus = (typeof CULTURE_POINT_STATUSES)[number];

export const ORGANISATION_FORMS = ['ASSOCIATION', 'COLLECTIVE', 'GROUP', 'INITIATIVE', 'ORGANISATION'] as const;
export type OrganisationForm = (typeof ORGANISATION_FORMS)[number];

export const AREAS_OF_WORK = [
  'VULNERABLE_POPULATIONS',
  'COMMUNITY_LIFE',
  'DIVERSITY_AND_RIGHTS',
  'ANCESTRAL_KNOWLEDGE_AND_IDENTITY',
  'PUBLIC_SPACE_AND_HERITAGE',
  'NETWORKS_AND_ADVOCACY',
] as const;
export type AreaOfWork = (typeof AREAS_OF_WORK)[number];

export const POPULATIONS = [
  'CHILDREN',
  'YOUTHS',
  'OLDER_PEOPLE',
  'WOMEN',
  'PEOPLE_WITH_DISABILITIES',
  'ORIGINARY_AND_INDIGENOUS_PEOPLES',
  'CAMPESINO_COMMUNITIES',
  'AFRO_PERUVIAN_PEOPLE',
  'OTHER_VULNERABLE_POPULATIONS',
] as const;
export type Population = (typeof POPULATIONS)[number];

export type ApplicationStatus = 'UNDER_REVIEW' | 'RECOGNISED' | 'DENIED';
export type ResolutionKind = 'RECOGNITION' | 'DENIAL' | 'LAPSE' | 'REVOCATION';
export type FindingKind = 'RESULT' | 'EVALUATION_CONCLUSION' | 'EVALUATION_RECOMMENDATION';
export type EvidenceKind =
  'ACTIVITY_REPORT' | 'PHOTOGRAPHS' | 'VIDEO' | 'PRESS' | 'LETTER_OF_SUPPORT' | 'STATUTES' | 'MEMBER_LIST' | 'OTHER';

export type EligibilityRule = 'NON_PROFIT' | 'CONTINUOUS_WORK' | 'MINIMUM_MEMBERS' | 'COMMUNITY_WORK_THROUGH_ARTS_AND_CULTURE';

export interface RuleOutcome {
  rule: EligibilityRule;
  met: boolean;
  requirement: string;
  explanation: string;
}

/** Law No. 30487's thresholds, as the program's source document states them. */
export const MINIMUM_MEMBERS = 2;
export const MINIMUM_YEARS_OF_CONTINUOUS_WORK = 2;

export const ELIGIBILITY_RULES: { rule: EligibilityRule; requirement: string }[] = [
  { rule: 'NON_PROFIT', requirement: 'The organisation is non-profit.' },
  { rule: 'CONTINUOUS_WORK', requirement: `At least ${MINIMUM_YEARS_OF_CONTINUOUS_WORK} years of continuous work.` },
  { rule: 'MINIMUM_MEMBERS', requirement: `At least ${MINIMUM_MEMBERS} members.` },
  {
    rule: 'COMMUNITY_WORK_THROUGH_ARTS_AND_CULTURE',
    requirement:
      'Constant work with its community through arts and culture: at least one of the law’s areas of community work and at least one cultural domain.',
  },
];

/** The facts the law's rules look at. */
export interface EligibilityFacts {
  nonProfit: boolean;
  /** ISO date continuous work began. */
  continuousWorkSince: string;
  members: number;
  areasOfWork: readonly string[];
  domains: readonly string[];
}

/**
 * The same day `years` years later (or earlier, when negative). A day the target month lacks (29
 * February) becomes the month's last day, as Peru's Civil Code (art. 183) counts terms in years: two
 * years from 29 February 2024 are complete on 28 February 2026.
 */
export function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const year = y + years;
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** Whole years and days between two ISO dates (`from` ≤ `to`), for explanations people read. */
export function describeSpan(from: string, to: string): string {
  let years = 0;
  while (addYears(from, years + 1) <= to) years += 1;
  const anniversary = Date.parse(`${addYears(from, years)}T00:00:00Z`);
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - anniversary) / 86_400_000);
  const parts = [];
  if (years) parts.push(`${years} year${years === 1 ? '' : 's'}`);
  if (days || !years) parts.push(`${days} day${days === 1 ? '' : 's'}`);
  return parts.join(' and ');
}

/**
 * Checks the law's rules and explains each outcome with the application's own facts, so an applicant
 * learns every reason at once rather than one per attempt. Dates are valid ISO dates (checked before).
 */
export function checkEligibility(facts: EligibilityFacts, asOf: string): { eligible: boolean; asOf: string; rules: RuleOutcome[] } {
  const outcome = (rule: EligibilityRule, met: boolean, explanation: string): RuleOutcome => ({
    rule,
    met,
    requirement: ELIGIBILITY_RULES.find((r) => r.rule === rule)?.requirement ?? rule,
    explanation,
  });

  const since = facts.continuousWorkSince;
  const complete = addYears(since, MINIMUM_YEARS_OF_CONTINUOUS_WORK);
  const span = since <= asOf ? describeSpan(since, asOf) : null;
  const continuous =
    complete <= asOf
      ? outcome('CONTINUOUS_WORK', true, `Continuous work since ${since}: ${span} by ${asOf}.`)
      : outcome(
          'CONTINUOUS_WORK',
          false,
          span === null
            ? `Continuous work is said to begin on ${since}, after ${asOf}; at least ${MINIMUM_YEARS_OF_CONTINUOUS_WORK} years are required.`
            : `Continuous work since ${since} is ${span} by ${asOf}; at least ${MINIMUM_YEARS_OF_CONTINUOUS_WORK} years are required, complete on ${complete}.`,
        );

  const members =
    facts.members >= MINIMUM_MEMBERS
      ? outcome('MINIMUM_MEMBERS', true, `${facts.members} members.`)
      : outcome(
          'MINIMUM_MEMBERS',
          false,
          `The organisation has ${facts.members} member${facts.members === 1 ? '' : 's'}; at least ${MINIMUM_MEMBERS} are required.`,
        );

  const missing = [
    facts.areasOfWork.length ? null : 'no area of community work',
    facts.domains.length ? null : 'no cultural domain (arts and culture)',
  ].filter((m): m is string => m !== null);
  const community = missing.length
    ? outcome(
        'COMMUNITY_WORK_THROUGH_ARTS_AND_CULTURE',
        false,
        `The application states ${missing.join(' and ')}; community work through arts and culture needs at least one of each.`,
      )
    : outcome(
        'COMMUNITY_WORK_THROUGH_ARTS_AND_CULTURE',
        true,
        `Areas of work: ${facts.areasOfWork.join(', ')}; domains: ${facts.domains.join(', ')}.`,
      );

  const rules = [
    facts.nonProfit
      ? outcome('NON_PROFIT', true, 'The organisation declares itself non-profit.')
      : outcome('NON_PROFIT', false, 'The organisation is not non-profit; only non-profit organisations can be culture points.'),
    continuous,
    members,
    community,
  ];
  return { eligible: rules.every((r) => r.met), asOf, rules };
}
