import { badInput, conflict, requiredText, slugify } from '@cultura/service-kit';
import {
  ActionRecord,
  ActorRecord,
  actorRecord,
  parseIsoDate,
  saveAction,
  validatePeriod,
  type ActionStatus,
  type CulturalDomain,
  type FigureInput,
  type ParticipationInput,
  type PeriodInput,
} from '@cultura/vocabulary';
import { AGICM_AREAS, CRCA_ID, PROGRAM_ID, type AdvisoryArea } from '../data/facts';
import type { Ctx } from './context';
import { PlanMutationResolvers } from './PlanMutations';
import { assertActorsExist, assertComunaId, author, loadActorOfKind, municipalityOf, MAX_TEXT, newId } from './write-helpers';

interface RecordActivityInput {
  kind: 'INTERVENTION' | 'PARTICIPATORY_PROJECT' | 'TRAINING';
  title: string;
  territoryIds: string[];
  status?: ActionStatus | null;
  period?: PeriodInput | null;
  domains?: CulturalDomain[] | null;
  participants?: ParticipationInput[] | null;
  figures?: FigureInput[] | null;
  description?: string | null;
}

const LINE_OF_ACTIVITY: Record<RecordActivityInput['kind'], string> = {
  INTERVENTION: 'FDCL',
  PARTICIPATORY_PROJECT: 'FDCL',
  TRAINING: 'FGCM',
};

export const MutationResolvers = {
  Mutation: {
    ...PlanMutationResolvers,

    recordActivity: async (_: unknown, { input }: { input: RecordActivityInput }, ctx: Ctx) => {
      const title = requiredText(input.title, 'input.title', MAX_TEXT);
      if (!input.territoryIds.length) throw badInput('input.territoryIds needs at least one territory', 'input.territoryIds');
      if (input.territoryIds.some((t) => !t.startsWith('CL')))
        throw badInput('Red Cultura works in Chile: every territory must be Chilean', 'input.territoryIds');
      validatePeriod(input.period, 'input.period');
      await ctx.loaders.territories.assertKnown(input.territoryIds, 'input.territoryIds');
      return ctx.dataSource.transaction(async (tx) => {
        const participants = input.participants ?? [];
        await assertActorsExist(tx, participants, 'input.participants');
        return saveAction(
          tx,
          {
            id: newId('action', title),
            programId: PROGRAM_ID,
            kind: input.kind,
            lineCode: LINE_OF_ACTIVITY[input.kind],
            title,
            status: input.status ?? 'IN_PROGRESS',
            period: input.period,
            territoryIds: input.territoryIds,
            domains: input.domains ?? [],
            description: input.description ?? null,
            origin: 'USER',
            source: author(ctx),
          },
          participants,
          input.figures ?? [],
        );
      });
    },

    recordAdvisorySession: async (
      _: unknown,
      {
        input,
      }: {
        input: {
          centreId: string;
          areas: AdvisoryArea[];
          date: string;
          title?: string | null;
          note?: string | null;
          figures?: FigureInput[] | null;
        };
      },
      ctx: Ctx,
    ) => {
      const date = parseIsoDate(input.date, 'input.date');
      const areas = [...new Set(input.areas)];
      if (!areas.length) throw badInput('input.areas needs at least one advisory area', 'input.areas');
      if (areas.some((a) => !AGICM_AREAS.includes(a))) throw badInput('input.areas has an unknown area', 'input.areas');
      return ctx.dataSource.transaction(async (tx) => {
        const centre = await loadActorOfKind(tx, input.centreId, 'CULTURAL_CENTRE', 'input.centreId');
        const title = input.title ? requiredText(input.title, 'input.title', MAX_TEXT) : `Asesoría a ${centre.name} (${date})`;
        return saveAction(
          tx,
          {
            id: newId('action', title),
            programId: PROGRAM_ID,
            kind: 'ADVISORY',
            lineCode: 'AGICM',
            title,
            status: 'COMPLETED',
            period: { start: date, end: date },
            territoryIds: centre.territoryId ? [centre.territoryId] : [],
            description: input.note?.trim() || null,
            details: { centreId: centre.id, areas, coManaged: true },
            origin: 'USER',
            source: author(ctx),
          },
          [
            { actorId: CRCA_ID, role: 'ADVISOR' },
            { actorId: centre.id, role: 'BENEFICIARY' },
          ],
          input.figures ?? [],
        );
      });
    },

    registerCulturalCentre: async (
      _: unknown,
      { input }: { input: { name: string; comunaId: string; domains?: CulturalDomain[] | null } },
      ctx: Ctx,
    ) => {
      const name = requiredText(input.name, 'input.name', MAX_TEXT);
      assertComunaId(input.comunaId, 'input.comunaId');
      await ctx.loaders.territories.assertKnown([input.comunaId], 'input.comunaId');
      return ctx.dataSource.transaction(async (tx) => {
        const record = actorRecord({
          id: `${PROGRAM_ID}:actor:${slugify(name)}`,
          programId: PROGRAM_ID,
          kind: 'CULTURAL_CENTRE',
          governmentLevel: 'LOCAL',
          name,
          territoryId: input.comunaId,
          domains: input.domains ?? [],
          origin: 'USER',
          source: author(ctx),
        });
        const clash = await tx
          .getRepository(ActorRecord)
          .createQueryBuilder('a')
          .where('a.id = :id OR (a.kind = :kind AND a.territory_id = :territory AND a.sort_name = :sortName)', {
            id: record.id,
            kind: 'CULTURAL_CENTRE',
            territory: input.comunaId,
            sortName: record.sortName,
          })
          .getOne();
        if (clash)
          throw conflict(`A cultural centre "${clash.name}" is already registered (${clash.id})`, 'input.name', { existingId: clash.id });
        const municipality = await municipalityOf(tx, input.comunaId, null, author(ctx));
        record.details = { municipalityId: municipality.id };
        return tx.getRepository(ActorRecord).save(tx.getRepository(ActorRecord).create(record));
      });
    },

    registerAlliance: async (
      _: unknown,
      { input }: { input: { centreId: string; since?: string | null; note?: string | null } },
      ctx: Ctx,
    ) => {
      const since = input.since ? parseIsoDate(input.since, 'input.since') : null;
      return ctx.dataSource.transaction(async (tx) => {
        const centre = await loadActorOfKind(tx, input.centreId, 'CULTURAL_CENTRE', 'input.centreId');
        const existing = await tx
          .getRepository(ActionRecord)
          .createQueryBuilder('a')
          .where(`a.kind = 'ALLIANCE' AND a.details ->> 'centreId' = :centre AND a.status <> 'CANCELLED'`, { centre: centre.id })
          .getOne();
        if (existing)
          throw conflict(`${centre.name} already has an alliance with the CRCA (${existing.id})`, 'input.centreId', {
            existingId: existing.id,
          });
        const title = `Alianza CRCA – ${centre.name}`;
        return saveAction(
          tx,
          {
            id: newId('action', title),
            programId: PROGRAM_ID,
            kind: 'ALLIANCE',
            lineCode: 'AGICM',
            title,
            status: 'IN_PROGRESS',
            period: since ? { start: since } : null,
            territoryIds: centre.territoryId ? [centre.territoryId] : [],
            description: input.note?.trim() || null,
            details: { centreId: centre.id, councilId: CRCA_ID },
            origin: 'USER',
            source: author(ctx),
          },
          [
            { actorId: CRCA_ID, role: 'PARTNER' },
            { actorId: centre.id, role: 'PARTNER' },
          ],
        );
      });
    },
  },
};
