import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { PlanStage } from '../domain';

/** The Red Cultura side of a municipal culture plan action (the `action` row holds the shared fields). */
@Entity({ name: 'municipal_culture_plan' })
export class PlanRecord {
  @PrimaryColumn('text', { name: 'action_id' })
  actionId: string;

  @Column('text', { name: 'municipality_id' })
  municipalityId: string;

  @Column('text', { name: 'comuna_id' })
  comunaId: string;

  /** Null while the stage is unknown: the source says a plan is "in development" without naming its stage. */
  @Column('text', { nullable: true })
  stage: PlanStage | null;

  @Column('text', { name: 'participation_processes', array: true, default: () => "'{}'" })
  participationProcesses: string[];
}

/**
 * Every move of a plan from one stage to the next, kept as history. A row with no `fromStage` opens the
 * history: the stage the plan was created at, or the stage an editor recorded for a plan whose stage was unknown.
 */
@Entity({ name: 'plan_stage_change' })
export class PlanStageChangeRecord {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column('text', { name: 'plan_id' })
  planId: string;

  @Column('text', { name: 'from_stage', nullable: true })
  fromStage: PlanStage | null;

  @Column('text', { name: 'to_stage' })
  toStage: PlanStage;

  /** Null when the source does not date it. */
  @Column('date', { name: 'changed_on', nullable: true })
  changedOn: string | null;

  @Column('text', { name: 'changed_by', nullable: true })
  changedBy: string | null;

  @Column('text', { nullable: true })
  note: string | null;
}
