import type { DataSource } from 'typeorm';
import { badInput } from '@cultura/service-kit';
import { today } from '@cultura/vocabulary';
import { culturePointId, type NewCulturePoint } from '../registry';
import { existingActorIds, insertCulturePoints, taxIdOwners } from '../store/points';
import type { DistrictGazetteer } from '../territories';
import { conflictOnDuplicate } from './conflicts';
import type { Ctx } from './context';
import { problemOf, readRegistryCsv, RegistryFileError, type CsvRow, type ImportProblem } from './registry-csv';
import { districtsOfFile } from './registry-districts';
import { checkRow } from './registry-rows';

export interface ImportReport {
  rows: number;
  imported: number;
  unchanged: number;
  written: boolean;
  problems: ImportProblem[];
}

export interface ImportOptions {
  /** Write the good rows even when some rows are bad (otherwise nothing is written then). */
  keepValid?: boolean;
  /** Where the file comes from, kept as the provenance of every point written. */
  source: string;
}

interface Placed {
  row: CsvRow;
  point: NewCulturePoint;
  id: string;
}

/**
 * Reads, places and checks every row, then writes the good ones in one transaction: all of them only
 * when no row is bad, unless `keepValid`. Rows already in the registry (same district and name) are
 * left as they are, so running an import again changes nothing.
 */
export async function importRegistry(
  ds: DataSource,
  gazetteer: DistrictGazetteer,
  csv: string,
  opts: ImportOptions,
): Promise<ImportReport> {
  const rows = readRegistryCsv(csv);
  const problems: ImportProblem[] = [];
  const districts = await districtsOfFile(gazetteer, rows);

  const placed: Placed[] = [];
  const thisYear = Number(today().slice(0, 4));
  for (const row of rows) {
    const checked = checkRow(row, districts, { source: opts.source, thisYear });
    problems.push(...checked.problems);
    if (checked.point) placed.push({ row, point: checked.point, id: culturePointId(checked.point.districtId, checked.point.name) });
  }

  // Duplicates within the file, and tax ids that belong to another point already in the registry.
  const firstLine = new Map<string, number>();
  const firstRuc = new Map<string, number>();
  const distinct = placed.filter((p) => {
    const seen = firstLine.get(p.id);
    if (seen !== undefined) {
      problems.push(problemOf(p.row, 'name', `the same organisation in the same district as line ${seen}`));
      return false;
    }
    firstLine.set(p.id, p.row.line);
    const ruc = p.point.taxId;
    if (ruc && firstRuc.has(ruc)) {
      problems.push(problemOf(p.row, 'taxId', `RUC ${ruc} is also on line ${firstRuc.get(ruc)}`));
      return false;
    }
    if (ruc) firstRuc.set(ruc, p.row.line);
    return true;
  });
  const existing = await existingActorIds(
    ds,
    distinct.map((p) => p.id),
  );
  const rucOwners = await taxIdOwners(
    ds,
    distinct.flatMap((p) => (p.point.taxId ? [p.point.taxId] : [])),
  );
  const fresh = distinct.filter((p) => {
    if (existing.has(p.id)) return false;
    const owner = p.point.taxId ? rucOwners.get(p.point.taxId) : undefined;
    if (owner) {
      problems.push(problemOf(p.row, 'taxId', `RUC ${p.point.taxId} belongs to ${owner}, already in the registry`));
      return false;
    }
    return true;
  });
  const unchanged = distinct.filter((p) => existing.has(p.id)).length;
  problems.sort((a, b) => a.line - b.line);

  if (problems.length && !opts.keepValid) return { rows: rows.length, imported: 0, unchanged, written: false, problems };
  if (fresh.length)
    await ds.transaction((tx) =>
      insertCulturePoints(
        tx,
        fresh.map((p) => p.point),
      ),
    );
  return { rows: rows.length, imported: fresh.length, unchanged, written: fresh.length > 0, problems };
}

export interface ImportRegistryInput {
  csv: string;
  keepValid?: boolean | null;
  source?: string | null;
}

/** The import as the API runs it: a file that cannot be read, or a race with another import, is the caller's to fix. */
export async function importCulturePointRegistry(ctx: Ctx, input: ImportRegistryInput): Promise<ImportReport> {
  const source = input.source?.trim() || `api import by ${ctx.auth.subject ?? 'unknown'}`;
  try {
    return await conflictOnDuplicate(
      () => importRegistry(ctx.dataSource, ctx.loaders.gazetteer, input.csv, { keepValid: input.keepValid ?? false, source }),
      'input.csv',
      'Another import wrote some of these points meanwhile; run the import again',
    );
  } catch (err) {
    if (err instanceof RegistryFileError) throw badInput(err.message, 'input.csv');
    throw err;
  }
}
