import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { ProvenancedRecord } from '@cultura/vocabulary';

/** Personal data: served only to callers holding `pii:read` (see schema.graphql). */
@Entity({ name: 'red_public_servant' })
export class PublicServantRecord extends ProvenancedRecord {
  /** Random, so the id itself says nothing about the person. */
  @PrimaryColumn('text')
  id: string;

  @Column('text', { name: 'entity_id' })
  entityId: string;

  @Column('text', { name: 'full_name' })
  fullName: string;

  /** Lower case without accents: how the same person is recognised in a later attendance list. */
  @Column('text', { name: 'sort_name' })
  sortName: string;

  @Column('text', { nullable: true })
  email: string | null;

  @Column('text', { nullable: true })
  phone: string | null;

  @Column('text', { nullable: true })
  position: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
