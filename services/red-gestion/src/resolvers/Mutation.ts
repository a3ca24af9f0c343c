import type { MutationResolvers as MutationFieldResolvers } from '../generated/graphql';
import { closeWorkshop } from '../writes/close-session';
import { importAttendance } from '../writes/import-attendance';
import { recordAttendance } from '../writes/record-attendance';
import { registerEntity } from '../writes/register-entity';
import { scheduleTechnicalAssistance, scheduleWorkshop } from '../writes/schedule-session';

/**
 * The network team's writes, one command each in writes/. Each validates everything it can before opening
 * a transaction (the territories service is asked outside it), then writes in one transaction: on any
 * error nothing is kept. The generated input types are assignable to the commands' own.
 */
export const MutationResolvers: { Mutation: MutationFieldResolvers } = {
  Mutation: {
    registerEntity: (_, { input }, ctx) => registerEntity(ctx, input),
    scheduleWorkshop: (_, { input }, ctx) => scheduleWorkshop(ctx, input),
    scheduleTechnicalAssistance: (_, { input }, ctx) => scheduleTechnicalAssistance(ctx, input),
    recordAttendance: (_, { input }, ctx) => recordAttendance(ctx, input),
    closeWorkshop: (_, { input }, ctx) => closeWorkshop(ctx, input),
    importAttendance: (_, { input }, ctx) => importAttendance(ctx, input),
  },
};
