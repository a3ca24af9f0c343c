import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The seed's facts as the note states them (issue 10). Earlier versions turned "cinco talleres más" into
 * five placeholder workshops that counted as RED actions; the note names none of them, so they go, with
 * their participations, figures and sessions (the outbox triggers carry each deletion to the index). The
 * five become a program figure, which the seed loader inserts at the next start. A placeholder the team
 * has since held or recorded attendance for now carries the team's facts and is left alone.
 *
 * The held workshop's figures gain the labels and period wording a fresh database gives them. Lineages:
 * the shared migration (PeriodPrecisionAndFigureScope1764200000000, which runs before this one)
 * recomputes those of `action` and `actor`; none of the RED's own tables stores a lineage.
 *
 * The values are written out rather than read from the seed facts, so this migration keeps doing what it
 * did when those facts change again.
 */
export class SeedRecordsOnlyWhereStated1764300100000 implements MigrationInterface {
  name = 'SeedRecordsOnlyWhereStated1764300100000';

  async up(q: QueryRunner): Promise<void> {
    const placeholders = [1, 2, 3, 4, 5].map((n) => `red-gestion:action:taller-programado-${n}`);
    const doomed: { id: string }[] = await q.query(
      `SELECT a.id FROM action a
        WHERE a.id = ANY($1) AND a.program_id = 'red-gestion' AND a.origin = 'SOURCE_DOCUMENT' AND a.source = $2
          AND a.status IN ('PLANNED', 'CANCELLED')
          AND NOT EXISTS (SELECT 1 FROM red_attendance r WHERE r.action_id = a.id)`,
      [placeholders, SOURCE],
    );
    const ids = doomed.map((r) => r.id);
    if (ids.length) {
      // reported_figure has no foreign key to its subject, so its rows go explicitly; the rest would cascade.
      await q.query(`DELETE FROM reported_figure WHERE subject_type = 'ACTION' AND subject_id = ANY($1)`, [ids]);
      await q.query(`DELETE FROM participation WHERE action_id = ANY($1)`, [ids]);
      await q.query(`DELETE FROM red_session WHERE action_id = ANY($1)`, [ids]);
      await q.query(`DELETE FROM action WHERE id = ANY($1)`, [ids]);
    }
    for (const f of WORKSHOP_FIGURES) {
      await q.query(
        `UPDATE reported_figure SET label = $1, period_text = $2
          WHERE subject_type = 'ACTION' AND subject_id = $3 AND origin = 'SOURCE_DOCUMENT' AND source = $4
            AND metric = $5 AND locator = 'paragraph 4' AND label IS NULL AND period_text IS NULL AND period_precision = 'UNDATED'`,
        [f.label, WORKSHOP_PERIOD_TEXT, WORKSHOP_ID, SOURCE, f.metric],
      );
    }
  }

  async down(): Promise<void> {
    // Nothing to put back: the placeholders were never the source's facts, and the labels only describe.
  }
}

const SOURCE = 'seed 001: RED workshop note';
const WORKSHOP_ID = 'red-gestion:action:taller-eventos-publicos';
const WORKSHOP_PERIOD_TEXT = 'fecha no indicada en la fuente';
const WORKSHOP_FIGURES = [
  { metric: 'PARTICIPANTS', label: 'Public servants who took part, from the 17 regions together' },
  { metric: 'TERRITORIES', label: 'Regions the participants came from' },
];
