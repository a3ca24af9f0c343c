import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The two schemes every database starts with, as they stood when countries became data. */
const BUILT_IN = [
  {
    country: 'CL',
    scheme: 'CUT',
    name: 'Código Único Territorial',
    source: 'Subsecretaría de Desarrollo Regional (SUBDERE), CUT 2018',
    levels: [
      { level: 'FIRST_LEVEL', codeLength: 2, kind: 'REGION', localKind: 'región' },
      { level: 'SECOND_LEVEL', codeLength: 3, kind: 'PROVINCE', localKind: 'provincia' },
      { level: 'THIRD_LEVEL', codeLength: 5, kind: 'COMMUNE', localKind: 'comuna' },
    ],
  },
  {
    country: 'PE',
    scheme: 'UBIGEO_INEI',
    name: 'Ubigeo INEI',
    source: 'Instituto Nacional de Estadística e Informática (INEI)',
    levels: [
      { level: 'FIRST_LEVEL', codeLength: 2, kind: 'DEPARTMENT', localKind: 'departamento' },
      { level: 'SECOND_LEVEL', codeLength: 4, kind: 'PROVINCE', localKind: 'provincia' },
      { level: 'THIRD_LEVEL', codeLength: 6, kind: 'DISTRICT', localKind: 'distrito' },
    ],
  },
];

/**
 * Countries become data: each country's code scheme (how its official codes nest) is a row, Chile's and
 * Peru's among them, and a territory's country must have one. A gazetteer import registers a new country.
 */
export class CountryCodeSchemes1765100000000 implements MigrationInterface {
  name = 'CountryCodeSchemes1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE code_scheme (
        country text PRIMARY KEY CHECK (country ~ '^[A-Z]{2}$'),
        scheme text NOT NULL UNIQUE,
        name text NOT NULL,
        levels jsonb NOT NULL,
        source text,
        origin text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    for (const s of BUILT_IN) {
      await q.query(
        `INSERT INTO code_scheme (country, scheme, name, levels, source, origin) VALUES ($1, $2, $3, $4, $5, 'DEFAULT_GAZETTEER')`,
        [s.country, s.scheme, s.name, JSON.stringify(s.levels), s.source],
      );
    }
    await q.query(`ALTER TABLE territory DROP CONSTRAINT territory_country_check`);
    await q.query(`ALTER TABLE territory ADD CONSTRAINT territory_country_fkey FOREIGN KEY (country) REFERENCES code_scheme (country)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM territory WHERE country NOT IN ('CL', 'PE')`);
    await q.query(`ALTER TABLE territory DROP CONSTRAINT territory_country_fkey`);
    await q.query(`ALTER TABLE territory ADD CONSTRAINT territory_country_check CHECK (country IN ('CL', 'PE'))`);
    await q.query(`DROP TABLE code_scheme`);
  }
}
