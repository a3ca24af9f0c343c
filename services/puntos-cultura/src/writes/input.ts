import { badInput } from '@cultura/service-kit';
import { parseIsoDate, today } from '@cultura/vocabulary';

/** Checks of what callers send, each naming the field it refuses. */

export function optionalText(value: string | null | undefined, field: string, max = 5000): string | null {
  if (value === undefined || value === null) return null;
  const text = value.trim();
  if (text.length > max) throw badInput(`${field} must be at most ${max} characters`, field);
  return text || null;
}

/** A real calendar date, not after today. */
export function pastOrPresentDate(value: string, field: string): string {
  const date = parseIsoDate(value.trim(), field);
  if (date > today()) throw badInput(`${field} (${date}) is in the future`, field);
  return date;
}

/** Culture points are placed in districts: `PE:` and a six-digit INEI ubigeo. */
export function districtId(value: string, field: string): string {
  const id = value.trim();
  if (!/^PE:\d{6}$/.test(id))
    throw badInput(`"${value}" is not a Peruvian district id (PE: and a six-digit INEI ubigeo, e.g. PE:150132)`, field);
  return id;
}

/** RUC: eleven digits; spaces and dashes as people type them are dropped. */
export function taxId(value: string | null | undefined, field: string): string | null {
  if (value === undefined || value === null || !value.trim()) return null;
  const digits = value.replace(/[\s-]/g, '');
  if (!/^\d{11}$/.test(digits)) throw badInput(`${field} must be a RUC of 11 digits, got "${value}"`, field);
  return digits;
}

export function email(value: string | null | undefined, field: string): string | null {
  const text = optionalText(value, field, 320);
  if (text !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) throw badInput(`${field} is not an email address: "${text}"`, field);
  return text;
}

export function phone(value: string | null | undefined, field: string): string | null {
  const text = optionalText(value, field, 40);
  if (text !== null && !/^\+?[\d\s().-]{6,}$/.test(text)) throw badInput(`${field} is not a phone number: "${text}"`, field);
  return text;
}

export function httpUrl(value: string | null | undefined, field: string): string | null {
  const text = optionalText(value, field, 2000);
  if (text === null) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badInput(`${field} is not a URL: "${text}"`, field);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badInput(`${field} must be an http(s) link`, field);
  return text;
}

export function unique<T>(values: readonly T[] | null | undefined): T[] {
  return [...new Set(values ?? [])];
}
