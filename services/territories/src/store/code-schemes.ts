import type { DataSource, EntityManager } from 'typeorm';
import { registerCodeScheme, type CountryCodeScheme, type TreeLevel } from '@cultura/vocabulary';
import type { TerritoryKind, TerritoryOrigin } from '../entities/Territory';

/** One level of a stored scheme: its code length, and what the country calls its units. */
export interface SchemeLevel {
  level: TreeLevel;
  codeLength: number;
  kind: TerritoryKind;
  /** The country's own name for the level: región, departamento, municipio… */
  localKind: string;
}

/** A country's code scheme as the territories service stores and serves it. */
export interface StoredCodeScheme extends CountryCodeScheme {
  /** The scheme's own name: `Código Único Territorial`. */
  name: string;
  levels: SchemeLevel[];
  source: string | null;
  origin: TerritoryOrigin;
}

type Queryable = DataSource | EntityManager;

const SELECT = `SELECT country, scheme, name, levels, source, origin FROM code_scheme`;

/** The stored schemes, of some countries or of all, by country. */
export function readCodeSchemes(db: Queryable, countries?: readonly string[] | null): Promise<StoredCodeScheme[]> {
  return countries ? db.query(`${SELECT} WHERE country = ANY($1) ORDER BY country`, [countries]) : db.query(`${SELECT} ORDER BY country`);
}

/**
 * Stores a country's scheme unless it is stored already. Returns why it cannot be stored (the country or
 * the scheme's name already stands for another scheme: ids already stored follow that one), or null.
 */
export async function saveCodeScheme(manager: EntityManager, s: StoredCodeScheme): Promise<string | null> {
  const [stored] = await manager.query(`${SELECT} WHERE country = $1 OR scheme = $2 FOR UPDATE`, [s.country, s.scheme]);
  if (stored) {
    const same = stored.country === s.country && stored.scheme === s.scheme && sameLevels(stored.levels, s.levels);
    return same
      ? null
      : `${stored.country} is already coded with ${stored.scheme} (${lengths(stored.levels)} digits); this file says ${s.country}, ${s.scheme} (${lengths(s.levels)})`;
  }
  await manager.query(`INSERT INTO code_scheme (country, scheme, name, levels, source, origin) VALUES ($1, $2, $3, $4, $5, $6)`, [
    s.country,
    s.scheme,
    s.name,
    JSON.stringify(s.levels),
    s.source,
    s.origin,
  ]);
  return null;
}

const lengths = (levels: SchemeLevel[]) => levels.map((l) => l.codeLength).join('/');
const sameLevels = (a: SchemeLevel[], b: SchemeLevel[]) =>
  a.length === b.length && a.every((l, i) => l.level === b[i].level && l.codeLength === b[i].codeLength && l.kind === b[i].kind);

/** Makes every stored scheme readable by this process's id rules (vocabulary's `territoryLevelOf`). */
export async function registerStoredCodeSchemes(db: Queryable): Promise<void> {
  for (const s of await readCodeSchemes(db)) registerCodeScheme(s);
}
