import { CreateProgramVocabulary1763800000000 } from './entities/migration';
import { AddChangeOutbox1763800200000 } from './entities/outbox-migration';
import { PeriodPrecisionAndFigureScope1764200000000 } from './entities/precision-scope-migration';

export * from './types';
export * from './figures';
export * from './period';
export * from './code-schemes';
export * from './labels';
export * from './territory-ids';
export * from './entities';
export * from './loaders';
export * from './resolvers';
export * from './queries';
export * from './writes';
export * from './change-feed';
export * from './territories-client';
export * from './areas';
export { CreateProgramVocabulary1763800000000, AddChangeOutbox1763800200000, PeriodPrecisionAndFigureScope1764200000000 };

/** The shared migrations; TypeORM runs them with each service's own in timestamp order. */
export const VOCABULARY_MIGRATIONS = [
  CreateProgramVocabulary1763800000000,
  AddChangeOutbox1763800200000,
  PeriodPrecisionAndFigureScope1764200000000,
];
