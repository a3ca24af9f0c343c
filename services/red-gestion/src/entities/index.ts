import { AttendanceRecord, ServantAttendanceRecord } from './Attendance';
import { RedEntityRecord } from './GovernmentEntity';
import { PublicServantRecord } from './PublicServant';
import { SessionRecord } from './Session';
import { StatementRecord } from './Statement';
import { TrainingProgrammeRecord } from './TrainingProgramme';

export {
  AttendanceRecord,
  ServantAttendanceRecord,
  RedEntityRecord,
  PublicServantRecord,
  SessionRecord,
  StatementRecord,
  TrainingProgrammeRecord,
};
export type { StatementTopic } from './Statement';

export const RED_GESTION_ENTITIES = [
  RedEntityRecord,
  TrainingProgrammeRecord,
  SessionRecord,
  AttendanceRecord,
  ServantAttendanceRecord,
  PublicServantRecord,
  StatementRecord,
];
