import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { ProvenancedRecord, type FigureQualifier } from '@cultura/vocabulary';

/** A year's training programme. The year may be unknown (the seed says only "el presente año"). */
@Entity({ name: 'red_training_programme' })
export class TrainingProgrammeRecord extends ProvenancedRecord {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  title: string;

  @Column('integer', { name: 'period_year', nullable: true })
  periodYear: number | null;

  @Column('text', { name: 'period_text', nullable: true })
  periodText: string | null;

  /** Workshops the source announces as still to come, with the precision it gives. */
  @Column('integer', { name: 'announced_workshops', nullable: true })
  announcedWorkshops: number | null;

  @Column('text', { name: 'announced_qualifier', nullable: true })
  announcedQualifier: FigureQualifier | null;

  @Column('text', { name: 'announced_source_text', nullable: true })
  announcedSourceText: string | null;

  @Column('text', { nullable: true })
  note: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
