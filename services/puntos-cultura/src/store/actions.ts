import { In, type DataSource, type EntityManager } from 'typeorm';
import { ActionRecord, saveAction, type FigureInput, type NewAction, type ParticipationInput } from '@cultura/vocabulary';

export function actionExists(tx: EntityManager, id: string): Promise<boolean> {
  return tx.getRepository(ActionRecord).existsBy({ id });
}

/** Which of the ids are actions already. */
export async function existingActionIds(tx: EntityManager, ids: string[]): Promise<Set<string>> {
  return new Set((await tx.getRepository(ActionRecord).find({ select: { id: true }, where: { id: In(ids) } })).map((a) => a.id));
}

/** Writes an action with its participants and figures, through the shared vocabulary. */
export function insertAction(
  tx: EntityManager,
  action: NewAction,
  participants: ParticipationInput[],
  figures: FigureInput[],
): Promise<ActionRecord> {
  return saveAction(tx, action, participants, figures);
}

/**
 * The ids of the first `perPoint` actions of each point (of the kinds, when given), newest first, undated
 * last: one statement for every point.
 */
export async function actionIdsOfPoints(
  ds: DataSource,
  pointIds: string[],
  kinds: string[] | null,
  perPoint: number,
): Promise<{ pointId: string; actionId: string }[]> {
  // A window per point caps each point's rows, so one statement serves every point of the page.
  const rows: { actor_id: string; action_id: string }[] = await ds.query(
    `SELECT ranked.actor_id, ranked.action_id FROM (
       SELECT p.actor_id, a.id AS action_id,
              row_number() OVER (PARTITION BY p.actor_id ORDER BY COALESCE(a.sort_at, '-infinity'::timestamptz) DESC, a.id DESC) AS rn
       FROM (SELECT DISTINCT actor_id, action_id FROM participation WHERE actor_id = ANY($1)) p
       JOIN action a ON a.id = p.action_id
       WHERE ($2::text[] IS NULL OR a.kind = ANY($2))
     ) ranked WHERE ranked.rn <= $3 ORDER BY ranked.actor_id, ranked.rn`,
    [pointIds, kinds, perPoint],
  );
  return rows.map((r) => ({ pointId: r.actor_id, actionId: r.action_id }));
}

/** How many actions (of the kinds, when given) each point takes part in; points with none are absent. */
export async function actionCountsOfPoints(ds: DataSource, pointIds: string[], kinds: string[] | null): Promise<Map<string, number>> {
  const rows: { actor_id: string; n: number }[] = await ds.query(
    `SELECT p.actor_id, count(DISTINCT p.action_id)::int AS n
     FROM participation p JOIN action a ON a.id = p.action_id
     WHERE p.actor_id = ANY($1) AND ($2::text[] IS NULL OR a.kind = ANY($2))
     GROUP BY p.actor_id`,
    [pointIds, kinds],
  );
  return new Map(rows.map((r) => [r.actor_id, r.n]));
}
