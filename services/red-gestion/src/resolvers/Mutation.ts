import { closeWorkshop, type CloseWorkshopInput } from '../writes/close-session';
import { importAttendance, type ImportAttendanceInput } from '../writes/import-attendance';
import { recordAttendance, type RecordAttendanceInput } from '../writes/record-attendance';
import { registerEntity, type RegisterEntityInput } from '../writes/register-entity';
import {
  scheduleTechnicalAssistance,
  scheduleWorkshop,
  type ScheduleTechnicalAssistanceInput,
  type ScheduleWorkshopInput,
} from '../writes/schedule-session';
import type { Ctx } from './context';

/**
 * The network team's writes, one command each in writes/. Each validates everything it can before opening
 * a transaction (the territories service is asked outside it), then writes in one transaction: on any
 * error nothing is kept.
 */
export const MutationResolvers = {
  Mutation: {
    registerEntity: (_: unknown, { input }: { input: RegisterEntityInput }, ctx: Ctx) => registerEntity(ctx, input),
    scheduleWorkshop: (_: unknown, { input }: { input: ScheduleWorkshopInput }, ctx: Ctx) => scheduleWorkshop(ctx, input),
    scheduleTechnicalAssistance: (_: unknown, { input }: { input: ScheduleTechnicalAssistanceInput }, ctx: Ctx) =>
      scheduleTechnicalAssistance(ctx, input),
    recordAttendance: (_: unknown, { input }: { input: RecordAttendanceInput }, ctx: Ctx) => recordAttendance(ctx, input),
    closeWorkshop: (_: unknown, { input }: { input: CloseWorkshopInput }, ctx: Ctx) => closeWorkshop(ctx, input),
    importAttendance: (_: unknown, { input }: { input: ImportAttendanceInput }, ctx: Ctx) => importAttendance(ctx, input),
  },
};
