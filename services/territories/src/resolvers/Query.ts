import { badInput, keysetPage, normalizeText } from '@cultura/service-kit';
import { checkArea } from '@cultura/vocabulary';
import { Territory, type CodeScheme } from '../entities/Territory';
import type { QueryResolvers } from '../generated/graphql';
import { readCodeSchemes } from '../store/code-schemes';
import { whereGeography } from '../store/geography';
import type { Ctx } from './context';

/** Valid lengths of each numeric scheme, so codes that lost their leading zeros in a spreadsheet still match. */
const CODE_LENGTHS: Partial<Record<CodeScheme, number[]>> = {
  CUT: [2, 3, 5],
  UBIGEO_INEI: [2, 4, 6],
  UBIGEO_RENIEC: [2, 4, 6],
};

async function assertExists(ctx: Ctx, id: string, field: string): Promise<void> {
  if (!(await ctx.loaders.territoryById.load(id))) throw badInput(`Unknown territory "${id}"`, field);
}

export const Query: QueryResolvers = {
  territory: (_, args, ctx) => ctx.loaders.territoryById.load(args.id),

  territoriesByIds: async (_, args, ctx) => {
    if (args.ids.length > 1000) throw badInput('At most 1000 ids per call', 'ids');
    // A failed batch is the request's error, not an entry of the list.
    return (await ctx.loaders.territoryById.loadMany(args.ids)).map((t) => {
      if (t instanceof Error) throw t;
      return t;
    });
  },

  territoryByCode: async (_, args, ctx) => {
    const code = args.code.trim();
    const repo = ctx.dataSource.getRepository(Territory);
    const candidates = [code];
    if (/^\d+$/.test(code)) {
      for (const len of CODE_LENGTHS[args.scheme] ?? []) if (len > code.length) candidates.push(code.padStart(len, '0'));
    }
    const qb = repo.createQueryBuilder('t');
    switch (args.scheme) {
      case 'ISO_3166_1':
      case 'ISO_3166_2':
        qb.where('upper(t.iso_code) = upper(:code)', { code });
        break;
      case 'UBIGEO_RENIEC':
        qb.where(
          `EXISTS (SELECT 1 FROM jsonb_array_elements(t.alternate_codes) c
                  WHERE c->>'scheme' = 'UBIGEO_RENIEC' AND c->>'code' = ANY(:codes))`,
          { codes: candidates },
        );
        break;
      default:
        qb.where('t.code_scheme = :scheme AND t.official_code = ANY(:codes)', { scheme: args.scheme, codes: candidates });
    }
    // The exact code wins over a zero-padded reading of it.
    const rows = await qb.getMany();
    return rows.find((r) => r.officialCode === code || r.isoCode?.toUpperCase() === code.toUpperCase()) ?? rows[0] ?? null;
  },

  codeSchemes: (_, args, ctx) => readCodeSchemes(ctx.dataSource, args.countries),

  territories: async (_, args, ctx) => {
    checkArea(args);
    const qb = ctx.dataSource.getRepository(Territory).createQueryBuilder('t');
    whereGeography(qb, args);
    if (args.country) qb.andWhere('t.country = :country', { country: args.country });
    if (args.level) qb.andWhere('t.level = :level', { level: args.level });
    if (args.kind) qb.andWhere('t.kind = :kind', { kind: args.kind });
    if (args.parent) {
      await assertExists(ctx, args.parent, 'parent');
      qb.andWhere('t.parent_id = :parent', { parent: args.parent });
      // As `children` lists them: a department's areas only when they are what is asked for.
      if (args.level !== 'AREA') qb.andWhere(`t.level <> 'AREA'`);
    }
    if (args.within) {
      await assertExists(ctx, args.within, 'within');
      // The lineage holds ancestors, areas and the territory itself: one GIN-indexed containment test.
      qb.andWhere('t.lineage @> ARRAY[CAST(:within AS text)] AND t.id <> :within', { within: args.within });
    }
    if (args.search !== undefined && args.search !== null) {
      const needle = normalizeText(args.search);
      if (!needle) throw badInput('search must contain at least one letter or digit', 'search');
      // Other names count too ("Región de Tarapacá", "Cuzco"); a territory is listed once, under its own name.
      qb.andWhere(
        `(t.sort_name LIKE :needle ESCAPE '\\' OR EXISTS (SELECT 1 FROM unnest(t.alternate_sort_names) AS other(name) WHERE other.name LIKE :needle ESCAPE '\\'))`,
        { needle: `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%` },
      );
    }
    return keysetPage(qb, args, { sortExpr: 't.sort_name', idColumn: 't.id', sortKeyOf: (r) => r.sortName, idOf: (r) => r.id });
  },
};
