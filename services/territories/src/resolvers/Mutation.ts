import { badInput, conflict, normalizeText, slugify } from '@cultura/service-kit';
import { Territory, type TerritoryLevel } from '../entities/Territory';
import type { LocalTerritoryKind, MutationResolvers } from '../generated/graphql';
import { areasOf } from '../gazetteer/areas';
import { readCodeSchemes } from '../store/code-schemes';

/**
 * Where a locality or neighbourhood may hang: localities below the deepest official level of the
 * country's scheme (comunas, districts; a two-level country's municipios), neighbourhoods below either.
 */
const ALLOWED_PARENTS: Record<LocalTerritoryKind, (TerritoryLevel | 'DEEPEST_OFFICIAL')[]> = {
  LOCALITY: ['DEEPEST_OFFICIAL'],
  NEIGHBOURHOOD: ['DEEPEST_OFFICIAL', 'LOCALITY'],
};

/** What the country calls a local territory; the Spanish name for a country without its own. */
const LOCAL_KIND: Record<LocalTerritoryKind, { level: TerritoryLevel; names: Record<string, string>; otherwise: string }> = {
  LOCALITY: { level: 'LOCALITY', names: { CL: 'localidad', PE: 'centro poblado' }, otherwise: 'localidad' },
  NEIGHBOURHOOD: { level: 'NEIGHBOURHOOD', names: { CL: 'barrio', PE: 'barrio' }, otherwise: 'barrio' },
};

export const Mutation: MutationResolvers = {
  addLocalTerritory: async (_, { input }, ctx) => {
    const name = input.name.trim().replace(/\s+/g, ' ');
    if (!name) throw badInput('name must not be empty', 'input.name');
    if (name.length > 200) throw badInput('name must be at most 200 characters', 'input.name');
    const sortName = normalizeText(name);
    const slug = slugify(name);
    if (!slug) throw badInput('name must contain at least one letter or digit', 'input.name');
    if (input.centroid) {
      const { latitude, longitude } = input.centroid;
      if (!(latitude >= -90 && latitude <= 90)) throw badInput(`latitude ${latitude} is outside −90…90`, 'input.centroid.latitude');
      if (!(longitude >= -180 && longitude <= 180))
        throw badInput(`longitude ${longitude} is outside −180…180`, 'input.centroid.longitude');
    }
    const parent = await ctx.loaders.territoryById.load(input.parentId);
    if (!parent) throw badInput(`Unknown territory "${input.parentId}"`, 'input.parentId');
    const [scheme] = await readCodeSchemes(ctx.dataSource, [parent.country]);
    const deepest = scheme?.levels.at(-1)?.level ?? 'THIRD_LEVEL';
    const allowed = ALLOWED_PARENTS[input.kind].map((l) => (l === 'DEEPEST_OFFICIAL' ? deepest : l));
    if (!allowed.includes(parent.level)) {
      throw badInput(
        `A ${input.kind.toLowerCase()} must be placed under a ${allowed.join(' or ').toLowerCase().replace(/_/g, ' ')} territory; ${parent.name} is ${parent.level}`,
        'input.parentId',
      );
    }

    return ctx.dataSource.transaction(async (tx) => {
      const repo = tx.getRepository(Territory);
      const id = `${parent.id}:${slug}`;
      const ancestorIds = [...parent.ancestorIds, parent.id];
      const clash = await repo
        .createQueryBuilder('t')
        .where('t.id = :id OR (t.parent_id = :parentId AND t.kind = :kind AND t.sort_name = :sortName)', {
          id,
          parentId: parent.id,
          kind: input.kind,
          sortName,
        })
        .getOne();
      if (clash) throw conflict(`${parent.name} already has "${clash.name}" (${clash.id})`, 'input.name', { existingId: clash.id });
      return repo.save(
        repo.create({
          id,
          country: parent.country,
          level: LOCAL_KIND[input.kind].level,
          kind: input.kind,
          localKind: LOCAL_KIND[input.kind].names[parent.country] ?? LOCAL_KIND[input.kind].otherwise,
          name,
          sortName,
          officialCode: null,
          codeScheme: 'LOCAL',
          isoCode: null,
          alternateCodes: [],
          alternateNames: [],
          alternateSortNames: [],
          parentId: parent.id,
          ancestorIds,
          areaIds: areasOf(id, ancestorIds),
          latitude: input.centroid?.latitude ?? null,
          longitude: input.centroid?.longitude ?? null,
          origin: 'USER',
          originDetail: input.source?.trim() || `api:${ctx.auth.subject ?? 'unknown'}`,
        }),
      );
    });
  },
};
