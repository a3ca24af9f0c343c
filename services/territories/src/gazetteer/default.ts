import type { DataSource } from 'typeorm';
import type { CountryCode } from '../entities/Territory';
import { DEFAULT_GAZETTEER } from '../data/default-gazetteer';
import { upsertTerritories, type TerritoryRecord, type UpsertSummary } from './records';

export const DEFAULT_ORIGIN_DETAIL = 'default gazetteer';

/** The default records, all of them or those of some countries. */
export function defaultGazetteerRecords(countries?: readonly CountryCode[]): TerritoryRecord[] {
  return DEFAULT_GAZETTEER.filter((r) => !countries || countries.includes(r.country));
}

/**
 * Writes the gazetteer that ships with the project. Runs at every service start: when nothing changed
 * it costs one read of some sixty rows and writes nothing.
 */
export function loadDefaultGazetteer(dataSource: DataSource): Promise<UpsertSummary> {
  return upsertTerritories(dataSource, defaultGazetteerRecords(), {
    origin: 'DEFAULT_GAZETTEER',
    originDetail: DEFAULT_ORIGIN_DETAIL,
  });
}
