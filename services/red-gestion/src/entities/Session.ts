import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SessionModality } from '../domain';

/** What a workshop or technical-assistance session adds to its shared `action` row. */
@Entity({ name: 'red_session' })
export class SessionRecord {
  @PrimaryColumn('text', { name: 'action_id' })
  actionId: string;

  @Column('text', { nullable: true })
  topic: string | null;

  @Column('text')
  modality: SessionModality;

  @Column('text', { name: 'programme_id', nullable: true })
  programmeId: string | null;

  /** The entity a technical-assistance session is given to. */
  @Column('text', { name: 'recipient_id', nullable: true })
  recipientId: string | null;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt: Date | null;

  /** What is inferred rather than stated by the source. */
  @Column('text', { nullable: true })
  note: string | null;
}
