/** The program's id: the prefix of every record it owns. */
export const PROGRAM_ID = 'red-cultura';

/** The country the program works in: every territory it records lies in it. */
export const COUNTRY_ID = 'CL';

/** Titles, names and other short texts of Red Cultura's inputs are at most this long. */
export const MAX_TEXT = 300;

const COMUNA_ID = /^CL:\d{5}$/;

/** A comuna id: `CL:` and a 5-digit CUT code. */
export const isComunaId = (id: string): boolean => COMUNA_ID.test(id);

/** The line each kind of action the program records belongs to. */
export const LINE_OF_KIND = {
  INTERVENTION: 'FDCL',
  PARTICIPATORY_PROJECT: 'FDCL',
  TRAINING: 'FGCM',
  MUNICIPAL_CULTURE_PLAN: 'FGCM',
  ADVISORY: 'AGICM',
  ALLIANCE: 'AGICM',
} as const;

/** The areas the AGICM line advises cultural centres in, as its document lists them (AGICM §1). */
export const AGICM_AREAS = [
  'COMMUNICATION',
  'DISSEMINATION',
  'FINANCING',
  'COMMUNITY_LINKS',
  'INSTITUTIONAL_ORGANISATION',
  'PLANNING',
  'MEDIATION',
  'AUDIENCE_DEVELOPMENT',
  'ARTISTIC_PROGRAMMING',
] as const;
export type AdvisoryArea = (typeof AGICM_AREAS)[number];

/** The stages of a Plan Municipal de Cultura, in the order a plan goes through them. */
export const PLAN_STAGES = [
  'DIAGNOSIS',
  'PARTICIPATORY_FORMULATION',
  'APPROVAL',
  'PLADECO_INTEGRATION',
  'IMPLEMENTATION',
  'EVALUATION',
] as const;
export type PlanStage = (typeof PLAN_STAGES)[number];

/** The stage after `stage`; null after the last one. */
export function nextStage(stage: PlanStage | null): PlanStage | null {
  // An unknown stage has no known successor.
  return stage ? (PLAN_STAGES[PLAN_STAGES.indexOf(stage) + 1] ?? null) : null;
}

/**
 * What moving a plan from one known stage to another would be: a known stage only moves forward, one
 * step at a time, so only NEXT is allowed.
 */
export type StageMove = 'NEXT' | 'SAME' | 'BACKWARD' | 'SKIP';

export function stageMove(from: PlanStage, to: PlanStage): StageMove {
  const current = PLAN_STAGES.indexOf(from);
  const target = PLAN_STAGES.indexOf(to);
  if (target === current) return 'SAME';
  if (target < current) return 'BACKWARD';
  if (target > current + 1) return 'SKIP';
  return 'NEXT';
}

/** The stages a move from `from` to `to` would skip. */
export const stagesBetween = (from: PlanStage, to: PlanStage): PlanStage[] =>
  PLAN_STAGES.slice(PLAN_STAGES.indexOf(from) + 1, PLAN_STAGES.indexOf(to));
