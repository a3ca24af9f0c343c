import { In, type DataSource, type EntityManager } from 'typeorm';
import { ApplicationRecord } from '../entities';

/** An application as a submission records it. */
export type NewApplication = Omit<ApplicationRecord, 'createdAt' | 'updatedAt'>;

export function applicationsByIds(ds: DataSource, ids: readonly string[]): Promise<ApplicationRecord[]> {
  return ds.getRepository(ApplicationRecord).findBy({ id: In([...ids]) });
}

/** The applications of these points, latest submitted first. */
export function applicationsOfPoints(ds: DataSource, pointIds: readonly string[]): Promise<ApplicationRecord[]> {
  return ds.getRepository(ApplicationRecord).find({
    where: { culturePointId: In([...pointIds]) },
    order: { submittedOn: 'DESC', id: 'DESC' },
  });
}

/** The application, locked for the rest of the transaction. */
export function lockApplication(tx: EntityManager, id: string): Promise<ApplicationRecord> {
  return tx
    .getRepository(ApplicationRecord)
    .createQueryBuilder('ap')
    .setLock('pessimistic_write')
    .where('ap.id = :id', { id })
    .getOneOrFail();
}

/** An application under review from the same organisation: same name in the same district, or same tax id. */
export function findPendingApplication(
  tx: EntityManager,
  organisation: { sortName: string; districtId: string; taxId: string | null },
): Promise<ApplicationRecord | null> {
  return tx
    .getRepository(ApplicationRecord)
    .createQueryBuilder('ap')
    .where(`ap.status = 'UNDER_REVIEW'`)
    .andWhere('((ap.sort_name = :sortName AND ap.district_id = :district) OR ap.tax_id = :ruc)', {
      sortName: organisation.sortName,
      district: organisation.districtId,
      ruc: organisation.taxId,
    })
    .getOne();
}

/** The next number of the application sequence. */
export async function nextApplicationNumber(tx: EntityManager): Promise<number> {
  const [{ n }] = (await tx.query(`SELECT nextval('application_number_seq')::int AS n`)) as { n: number }[];
  return n;
}

/** Writes an application and reads it back. */
export async function insertApplication(tx: EntityManager, application: NewApplication): Promise<ApplicationRecord> {
  const repo = tx.getRepository(ApplicationRecord);
  await repo.insert(repo.create(application));
  return repo.findOneByOrFail({ id: application.id });
}

/** Records the decision on an application and reads it back. */
export async function recordDecision(
  tx: EntityManager,
  id: string,
  decision: Pick<ApplicationRecord, 'status' | 'resolutionNumber' | 'culturePointId'>,
): Promise<ApplicationRecord> {
  await tx.getRepository(ApplicationRecord).update({ id }, decision);
  return tx.getRepository(ApplicationRecord).findOneByOrFail({ id });
}
