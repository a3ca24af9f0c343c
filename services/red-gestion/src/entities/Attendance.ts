import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { ProvenancedRecord, type FigureQualifier } from '@cultura/vocabulary';

/** One entity's attendance at one session: how many of its servants, with the source's precision. */
@Entity({ name: 'red_attendance' })
export class AttendanceRecord extends ProvenancedRecord {
  @PrimaryColumn('text', { name: 'action_id' })
  actionId: string;

  @PrimaryColumn('text', { name: 'entity_id' })
  entityId: string;

  @Column('integer', { name: 'servant_count' })
  servantCount: number;

  @Column('text')
  qualifier: FigureQualifier;

  @Column('text', { nullable: true })
  note: string | null;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}

/** A named servant's presence at a session; always under an attendance row of their entity. */
@Entity({ name: 'red_servant_attendance' })
export class ServantAttendanceRecord {
  @PrimaryColumn('text', { name: 'action_id' })
  actionId: string;

  @PrimaryColumn('text', { name: 'servant_id' })
  servantId: string;

  @Column('text', { name: 'entity_id' })
  entityId: string;
}
