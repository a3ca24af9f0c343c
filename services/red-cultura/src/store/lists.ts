import type { DataSource } from 'typeorm';
import type { PageArgs } from '@cultura/service-kit';
import { listActions, listActors, type ActionFilter, type ActorFilter } from '@cultura/vocabulary';
import { PROGRAM_ID, type PlanStage } from '../domain';

export function listProgramActions(ds: DataSource, filter: ActionFilter | null | undefined, page: PageArgs) {
  return listActions(ds, PROGRAM_ID, filter, page);
}

export function listProgramActors(ds: DataSource, filter: ActorFilter | null | undefined, page: PageArgs) {
  return listActors(ds, PROGRAM_ID, filter, page);
}

/**
 * The program's municipal culture plans; only those at `stage` when one is given. The stage lives in the
 * program's own table, which the shared list knows nothing of.
 */
export function listPlans(ds: DataSource, filter: ActionFilter | null | undefined, page: PageArgs, stage: PlanStage | null | undefined) {
  return listActions(ds, PROGRAM_ID, filter, page, {
    kinds: ['MUNICIPAL_CULTURE_PLAN'],
    ...(stage ? { sql: { where: 'a.id IN (SELECT action_id FROM municipal_culture_plan WHERE stage = :stage)', params: { stage } } } : {}),
  });
}

/** The program's actions located in a territory or below it. */
export function listActionsWithin(ds: DataSource, territoryId: string, filter: ActionFilter | null | undefined, page: PageArgs) {
  return listActions(ds, PROGRAM_ID, filter, page, { lineageContains: territoryId });
}
