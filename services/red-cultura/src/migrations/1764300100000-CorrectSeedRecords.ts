import type { MigrationInterface, QueryRunner } from 'typeorm';
import { territoryLineage } from '@cultura/vocabulary';

/**
 * Brings a database loaded with the first Red Cultura seed to the corrected one (issue 10): the seed
 * loader only inserts what is missing, so records it wrote the old way stay until changed here.
 *
 * Every change is guarded by the old seed's exact value and origin: a record a program editor has since
 * changed is left alone, and running this on a database that never held the old seed changes nothing.
 * The values are written out, not imported from the facts, so later edits of the facts cannot change
 * what this migration did. The outbox triggers carry each change to the cross-program index.
 */
export class CorrectSeedRecords1764300100000 implements MigrationInterface {
  name = 'CorrectSeedRecords1764300100000';

  async up(q: QueryRunner): Promise<void> {
    await removeSeedAdvisory(q);
    await forgetInventedPlanStages(q);
    await fileAtLocality(q, 'red-cultura:action:proyectos-pozo-almonte', 'CL:01401', 'CL:01401:pozo-almonte');
    await replaceSeedWording(q);
  }

  /** The old records were invented: putting them back would undo the correction, so there is nothing to revert. */
  async down(): Promise<void> {}
}

const SEED = 'seed 000: Red Cultura, región de Tarapacá';
const PLANS = ['alto-hospicio', 'pozo-almonte', 'pica', 'huara'].map((k) => `red-cultura:action:pmc-${k}`);

/**
 * The document gives the AGICM advisory areas for the line as a whole; the old seed made one advisory
 * session per allied centre out of them. Participations go with the action (ON DELETE CASCADE); figures
 * hang on it by id only, so they go first.
 */
async function removeSeedAdvisory(q: QueryRunner): Promise<void> {
  const ids = ['iquique', 'alto-hospicio', 'pozo-almonte', 'huara'].map((k) => `red-cultura:action:asesoria-${k}`);
  const seeded: { id: string }[] = await q.query(
    `SELECT id FROM action WHERE id = ANY($1) AND kind = 'ADVISORY' AND origin = 'SOURCE_DOCUMENT' AND source = $2`,
    [ids, SEED],
  );
  if (!seeded.length) return;
  const found = seeded.map((r) => r.id);
  await q.query(`DELETE FROM reported_figure WHERE subject_type = 'ACTION' AND subject_id = ANY($1)`, [found]);
  await q.query(`DELETE FROM action WHERE id = ANY($1)`, [found]);
}

/**
 * The document says the plans are in development, not at which stage. A seed plan whose only history is
 * the loader's row goes back to an unknown stage, that row removed; a plan an editor has moved since
 * (it has later history) keeps its stage and its history.
 */
async function forgetInventedPlanStages(q: QueryRunner): Promise<void> {
  const untouched: { id: string }[] = await q.query(
    `SELECT p.action_id AS id FROM municipal_culture_plan p JOIN action a ON a.id = p.action_id
     WHERE p.action_id = ANY($1) AND a.origin = 'SOURCE_DOCUMENT' AND p.stage = 'PARTICIPATORY_FORMULATION'
       AND (SELECT count(*) FROM plan_stage_change c WHERE c.plan_id = p.action_id) = 1
       AND EXISTS (SELECT 1 FROM plan_stage_change c WHERE c.plan_id = p.action_id AND c.from_stage IS NULL
                   AND c.to_stage = 'PARTICIPATORY_FORMULATION' AND c.changed_by IS NULL
                   AND c.note = 'Etapa indicada por el documento fuente')`,
    [PLANS],
  );
  if (!untouched.length) return;
  const ids = untouched.map((r) => r.id);
  await q.query(`DELETE FROM plan_stage_change WHERE plan_id = ANY($1)`, [ids]);
  await q.query(`UPDATE municipal_culture_plan SET stage = NULL WHERE action_id = ANY($1)`, [ids]);
  // The stage is not in the action row, but readers of the action should see that the plan changed.
  await q.query(`UPDATE action SET updated_at = now() WHERE id = ANY($1)`, [ids]);
}

/** Moves a seed action from a comuna to the locality the document names, with its lineage. */
async function fileAtLocality(q: QueryRunner, actionId: string, comuna: string, locality: string): Promise<void> {
  const lineage = territoryLineage(locality);
  if (!lineage) throw new Error(`${locality} is not a territory id`);
  await q.query(
    `UPDATE action SET territory_ids = $3, territory_lineage = $4, updated_at = now()
     WHERE id = $1 AND origin = 'SOURCE_DOCUMENT' AND territory_ids = $2`,
    [actionId, [comuna], [locality], lineage],
  );
}

/**
 * Words the old seed put in the source's mouth: a "current, undated" gloss for every period where the
 * document gives words of its own or none, a plan description claiming a stage, and a training with no
 * domain where its kind makes one certain. Each is replaced only while it still reads as the seed wrote it.
 */
async function replaceSeedWording(q: QueryRunner): Promise<void> {
  const OLD_UNDATED = 'En curso según el documento fuente, sin fecha';
  const OLD_ALLIANCE = 'Vigente según el documento fuente ("en la actualidad"), sin fecha de inicio';
  await q.query(
    `UPDATE action SET period_text = NULL, updated_at = now()
     WHERE origin = 'SOURCE_DOCUMENT' AND program_id = 'red-cultura' AND kind IN ('INTERVENTION', 'PARTICIPATORY_PROJECT', 'TRAINING')
       AND period_precision = 'UNDATED' AND period_text = $1`,
    [OLD_UNDATED],
  );
  await q.query(
    `UPDATE action SET period_text = 'Actualmente', updated_at = now()
     WHERE origin = 'SOURCE_DOCUMENT' AND id = ANY($1) AND period_precision = 'UNDATED' AND period_text = $2`,
    [PLANS, OLD_UNDATED],
  );
  await q.query(
    `UPDATE action SET description = $2, updated_at = now() WHERE origin = 'SOURCE_DOCUMENT' AND id = ANY($1) AND description = $3`,
    [
      PLANS,
      'Plan en desarrollo ("Actualmente se trabaja en el desarrollo de los PMC"), con participación ciudadana, para integrarse al PLADECO. El documento fuente no indica en qué etapa está.',
      'En desarrollo con participación ciudadana; se integrará al PLADECO. El documento dice "se trabaja en el desarrollo": la etapa de formulación participativa es la que esa frase describe.',
    ],
  );
  await q.query(
    `UPDATE action SET period_text = 'En la actualidad', updated_at = now()
     WHERE origin = 'SOURCE_DOCUMENT' AND program_id = 'red-cultura' AND kind = 'ALLIANCE' AND period_precision = 'UNDATED' AND period_text = $1`,
    [OLD_ALLIANCE],
  );
  await q.query(
    `UPDATE action SET domains = '{EDUCATION_AND_TRAINING}', description = $2, updated_at = now()
     WHERE id = $1 AND origin = 'SOURCE_DOCUMENT' AND domains = '{}' AND description IS NULL`,
    [
      'red-cultura:action:formacion-personal-municipal',
      'El documento fuente no indica dominios culturales. El proyecto clasificó esta acción en EDUCATION_AND_TRAINING (dominio transversal "educación y formación" del Marco de Estadísticas Culturales de la UNESCO, 2009) a partir de su tipo: la formación del personal municipal de cultura.',
    ],
  );
}
