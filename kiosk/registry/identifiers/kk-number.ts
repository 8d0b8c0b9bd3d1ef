import { checkRegion, type Region } from './regions.ts';
import { isRealDate, isoDate } from './dates.ts';
import type { IsoDate } from '../../../core/domain.ts';

export type KkProblemCode = 'length' | 'not_digits' | 'unknown_province' | 'unknown_regency' | 'unknown_district' | 'impossible_date' | 'zero_serial';

export interface DecodedKk {
  kkNumber: string;
  region: Region;
  /** Registration date (assumption from DOMAIN.md: DDMMYY after the region code). */
  registeredOn: IsoDate;
  serial: string;
}

/** No. KK: six-digit region code, DDMMYY registration date, four-digit serial. */
export function parseKkNumber(input: string, today: IsoDate): { ok: true; value: DecodedKk } | { ok: false; error: { code: KkProblemCode; message: string } } {
  const fail = (code: KkProblemCode, message: string) => ({ ok: false as const, error: { code, message } });
  if (!/^\d*$/.test(input)) return fail('not_digits', 'a No. KK has only digits');
  if (input.length !== 16) return fail('length', `a No. KK has 16 digits; this one has ${input.length}`);
  const region = checkRegion(input.slice(0, 6));
  if (!region.ok) return fail(region.problem.code, region.problem.message);
  const day = Number(input.slice(6, 8));
  const month = Number(input.slice(8, 10));
  const yy = Number(input.slice(10, 12));
  const century = Math.floor(Number(today.slice(0, 4)) / 100) * 100;
  let year = century + yy;
  if (isRealDate(year, month, day) && isoDate(year, month, day) > today) year -= 100;
  if (!isRealDate(year, month, day)) return fail('impossible_date', `registration date ${input.slice(6, 12)} does not exist`);
  if (input.slice(12) === '0000') return fail('zero_serial', 'the serial (last four digits) starts at 0001');
  return { ok: true, value: { kkNumber: input, region: region.region, registeredOn: isoDate(year, month, day), serial: input.slice(12) } };
}
