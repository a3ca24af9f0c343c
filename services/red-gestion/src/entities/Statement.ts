import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { ProvenancedRecord } from '@cultura/vocabulary';

export type StatementTopic = 'MECHANISM' | 'PURPOSE' | 'OBJECTIVE' | 'ALIGNMENT';

/** What a source says about the network itself, kept as its words with their place in the source. */
@Entity({ name: 'red_statement' })
export class StatementRecord extends ProvenancedRecord {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  topic: StatementTopic;

  /** The policy an ALIGNMENT statement names. */
  @Column('text', { nullable: true })
  policy: string | null;

  @Column('text')
  text: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
