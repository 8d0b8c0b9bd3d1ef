import type { IsoDate } from '../../../core/domain.ts';

/** Calendar arithmetic on ISO dates (`YYYY-MM-DD`) without time zones: documents speak in days. */

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function parseIsoDate(s: string): { year: number; month: number; day: number } | null {
  const m = ISO.exec(s);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isRealDate(year, month, day) ? { year, month, day } : null;
}

export function isIsoDate(s: string): boolean {
  return parseIsoDate(s) !== null;
}

function must(s: IsoDate): { year: number; month: number; day: number } {
  const d = parseIsoDate(s);
  if (!d) throw new Error(`bug: not an ISO date: ${s}`);
  return d;
}

/** The same day `years` later; 29 February becomes 1 March in a common year (the day after 28 Feb). */
export function addYears(date: IsoDate, years: number): IsoDate {
  const d = must(date);
  const y = d.year + years;
  if (d.month === 2 && d.day === 29 && !isRealDate(y, 2, 29)) return isoDate(y, 3, 1);
  return isoDate(y, d.month, d.day);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = must(date);
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Whole years completed on `today`. */
export function ageOn(birthDate: IsoDate, today: IsoDate): number {
  const b = must(birthDate);
  const t = must(today);
  let age = t.year - b.year;
  if (t.month < b.month || (t.month === b.month && t.day < b.day)) age -= 1;
  return age;
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  const a = must(from);
  const b = must(to);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

/** The kiosk's local calendar day of an instant (WIB, UTC+7, unless a zone offset is given). */
export function localDay(at: Date, offsetMinutes = 7 * 60): IsoDate {
  const t = new Date(at.getTime() + offsetMinutes * 60_000);
  return isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** `DDMMYYYY` as printed inside akta numbers. */
export const ddmmyyyy = (date: IsoDate): string => {
  const d = must(date);
  return `${String(d.day).padStart(2, '0')}${String(d.month).padStart(2, '0')}${d.year}`;
};

/** `DDMMYY` as inside NIK and No. KK. */
export const ddmmyy = (date: IsoDate, dayOffset = 0): string => {
  const d = must(date);
  return `${String(d.day + dayOffset).padStart(2, '0')}${String(d.month).padStart(2, '0')}${String(d.year % 100).padStart(2, '0')}`;
};
