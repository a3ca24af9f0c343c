import { badInput } from '@cultura/service-kit';
import type { PeriodPrecision } from './types';

/**
 * Today's date in UTC, `YYYY-MM-DD`: the bound for "not in the future". The programs' countries are behind
 * UTC, so a date that is today where it was written is never refused as future.
 */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a calendar date `YYYY-MM-DD`, refusing impossible ones (2026-02-30) with the field named. */
export function parseIsoDate(value: string, field: string): string {
  const m = ISO_DATE.exec(value);
  if (m) {
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    if (d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3])) {
      return value;
    }
  }
  throw badInput(`${field} must be a real date written YYYY-MM-DD, got "${value}"`, field);
}

export interface PeriodInput {
  start?: string | null;
  end?: string | null;
  year?: number | null;
  /** How precise the source is; derived from the fields given when absent (dates: DAY, a year: YEAR, nothing: UNDATED). */
  precision?: PeriodPrecision | null;
  text?: string | null;
}

export interface ValidPeriod {
  start: string | null;
  end: string | null;
  year: number | null;
  precision: PeriodPrecision;
  text: string | null;
}

const lastDayOfMonth = (date: string) => {
  const d = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)), 0));
  return d.toISOString().slice(0, 10);
};

/**
 * Validates a period: real dates, start not after end, a plausible year consistent with the dates, and a
 * precision that matches what is given. A period with neither dates nor year is UNDATED: nothing is guessed.
 * A month is given as its first day with precision MONTH (its end defaults to the month's last day).
 */
export function validatePeriod(p: PeriodInput | null | undefined, field: string): ValidPeriod {
  const start = p?.start ? parseIsoDate(p.start, `${field}.start`) : null;
  let end = p?.end ? parseIsoDate(p.end, `${field}.end`) : null;
  if (start && end && start > end) throw badInput(`${field}.start (${start}) is after ${field}.end (${end})`, `${field}.start`);
  let year = p?.year ?? null;
  if (year !== null && (!Number.isInteger(year) || year < 1900 || year > 2100)) {
    throw badInput(`${field}.year must be a year between 1900 and 2100, got ${year}`, `${field}.year`);
  }
  if (year === null && start) year = Number(start.slice(0, 4));
  // `year` is the period's first year: with a start it is the start's, whatever the end.
  if (year !== null && start && Number(start.slice(0, 4)) !== year) {
    throw badInput(`${field}.year ${year} does not match ${field}.start ${start}`, `${field}.year`);
  }
  if (end && !start && year === null) throw badInput(`${field}.end needs a start or a year`, `${field}.end`);
  if (end && !start && year !== null && Number(end.slice(0, 4)) < year) {
    throw badInput(`${field}.end ${end} is before ${field}.year ${year}`, `${field}.end`);
  }
  const given: PeriodPrecision = start ? 'DAY' : year !== null ? 'YEAR' : 'UNDATED';
  const precision = p?.precision ?? given;
  if (precision === 'UNDATED' && given !== 'UNDATED') {
    throw badInput(`${field}.precision is UNDATED but the period gives ${start ? 'dates' : 'a year'}`, `${field}.precision`);
  }
  if (precision !== 'UNDATED' && given === 'UNDATED') {
    throw badInput(`${field}.precision ${precision} needs ${precision === 'YEAR' ? 'a year' : 'a start date'}`, `${field}.precision`);
  }
  if (precision === 'MONTH') {
    if (!start || !start.endsWith('-01'))
      throw badInput(`${field}.start must be the first day of the month when precision is MONTH`, `${field}.start`);
    end ??= lastDayOfMonth(start);
    if (end !== lastDayOfMonth(end)) throw badInput(`${field}.end must be the last day of a month when precision is MONTH`, `${field}.end`);
  }
  if (precision === 'YEAR' && start && (!start.endsWith('-01-01') || (end !== null && !end.endsWith('-12-31')))) {
    throw badInput(`${field}.start and end must be 1 January and 31 December when precision is YEAR`, `${field}.start`);
  }
  return { start, end, year, precision, text: p?.text?.trim() || null };
}

/** The calendar years a period covers, first to last; empty when undated. */
export function periodYears(p: { start: string | null; end: string | null; year: number | null }): [number, number] | null {
  const first = p.start ? Number(p.start.slice(0, 4)) : p.year;
  if (first === null) return null;
  const last = p.end ? Number(p.end.slice(0, 4)) : first;
  return [first, Math.max(first, last)];
}
