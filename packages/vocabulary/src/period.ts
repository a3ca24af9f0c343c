import { badInput } from '@cultura/service-kit';

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
  text?: string | null;
}

/** Validates a period: real dates, start not after end, a plausible year consistent with the dates. */
export function validatePeriod(p: PeriodInput | null | undefined, field: string) {
  const start = p?.start ? parseIsoDate(p.start, `${field}.start`) : null;
  const end = p?.end ? parseIsoDate(p.end, `${field}.end`) : null;
  if (start && end && start > end) throw badInput(`${field}.start (${start}) is after ${field}.end (${end})`, `${field}.start`);
  let year = p?.year ?? null;
  if (year !== null && (!Number.isInteger(year) || year < 1900 || year > 2100)) {
    throw badInput(`${field}.year must be a year between 1900 and 2100, got ${year}`, `${field}.year`);
  }
  if (year === null && start) year = Number(start.slice(0, 4));
  if (year !== null && start && Number(start.slice(0, 4)) !== year && !end) {
    throw badInput(`${field}.year ${year} does not match ${field}.start ${start}`, `${field}.year`);
  }
  return { start, end, year, text: p?.text?.trim() || null };
}
