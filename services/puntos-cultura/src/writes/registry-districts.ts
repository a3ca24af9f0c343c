import { TERRITORY_AREAS, regionalAreaOf } from '@cultura/vocabulary';
import { nameKey, type District, type DistrictGazetteer } from '../territories';
import { RowProblem, type CsvRow } from './registry-csv';

/** Placing an imported row in its district: by its ubigeo, or by its district's name in the gazetteer. */

/** A ubigeo as directories write it (the leading zero may be missing) as a district id. */
export function ubigeoOf(raw: string): string {
  const digits = raw.replace(/\s/g, '');
  if (!/^\d{5,6}$/.test(digits)) throw new RowProblem(`"${raw}" is not a district ubigeo (six digits)`);
  return `PE:${digits.padStart(6, '0')}`;
}

/** The districts a file's rows name, as the gazetteer answers them. */
export interface DistrictsOfFile {
  byId: Map<string, District>;
  byName: Map<string, District[]>;
}

/** Asks the gazetteer, once for every ubigeo and once for every name of a row without one. */
export async function districtsOfFile(gazetteer: DistrictGazetteer, rows: CsvRow[]): Promise<DistrictsOfFile> {
  const byId = await gazetteer.districtsByIds(
    rows.flatMap((r) => {
      try {
        return r.values.ubigeo ? [ubigeoOf(r.values.ubigeo)] : [];
      } catch {
        return [];
      }
    }),
  );
  const byName = await gazetteer.districtsNamed(
    rows.filter((r) => !r.values.ubigeo && r.values.district).map((r) => r.values.district ?? ''),
  );
  return { byId, byName };
}

/** The district a row means, by its ubigeo (which its district name, if any, must agree with) or its district's name. */
export function placeRow(row: CsvRow, districts: DistrictsOfFile): District {
  const v = row.values;
  if (v.ubigeo) {
    const id = ubigeoOf(v.ubigeo);
    const d = districts.byId.get(id);
    if (!d) throw new RowProblem(`ubigeo ${id.slice(3)} is not a district of Peru's gazetteer`);
    if (v.district && ![d.name, ...d.alternateNames].some((n) => nameKey(n) === nameKey(v.district ?? ''))) {
      throw new RowProblem(`ubigeo ${id.slice(3)} is ${describe(d)}, not "${v.district}"`);
    }
    return d;
  }
  if (!v.district) throw new RowProblem('the row has neither a district nor a ubigeo');
  return placeByName(row, districts.byName.get(v.district) ?? []);
}

function describe(d: District): string {
  return [d.name, d.province?.name, d.firstLevel?.name].filter(Boolean).join(', ') + ` (${d.id})`;
}

/**
 * Names a department column may use for a district: its department's, and in the department of Lima the
 * regional-government area's too ("Lima Metropolitana", "Lima Provincias"), which directories also write
 * in that column. "Lima" stays a name of every district of department 15 whatever the gazetteer files
 * them under.
 */
function departmentNames(d: District): string[] {
  const first = d.firstLevel;
  if (!first) return [];
  const area = TERRITORY_AREAS.find((a) => a.id === regionalAreaOf(d.id));
  return [first.name, ...first.alternateNames, ...(area ? [area.name, 'Lima'] : [])];
}

/** Picks the one district a row means, or explains why it cannot. */
function placeByName(row: CsvRow, candidates: District[]): District {
  const name = row.values.district ?? '';
  const province = row.values.province;
  const department = row.values.department;
  if (!candidates.length) throw new RowProblem(`no district named "${name}" in Peru's gazetteer`);
  const matches = candidates.filter(
    (d) =>
      (!province ||
        (d.province !== null && [d.province.name, ...d.province.alternateNames].some((n) => nameKey(n) === nameKey(province)))) &&
      (!department || departmentNames(d).some((n) => nameKey(n) === nameKey(department))),
  );
  const where = [province && `province "${province}"`, department && `department "${department}"`].filter(Boolean).join(' and ');
  if (!matches.length) {
    throw new RowProblem(`no district named "${name}" in ${where}; the gazetteer has ${candidates.map(describe).join('; ')}`);
  }
  if (matches.length > 1) {
    const missing = [!province && 'province', !department && 'department', 'ubigeo'].filter(Boolean).join(' or ');
    throw new RowProblem(
      `"${name}" is the name of ${matches.length} districts${where ? ` in ${where}` : ''}: ${matches.map(describe).join('; ')}. ` +
        `Add the ${missing} to say which`,
    );
  }
  return matches[0];
}
