import { checkRegion, type Region } from './regions.ts';
import { isRealDate, isoDate } from './dates.ts';
import type { IsoDate, Sex } from '../../../core/domain.ts';

/** What is wrong with a NIK, named so that a kiosk, a CLI and a test can tell the cases apart. */
export type NikProblemCode =
  | 'length'
  | 'not_digits'
  | 'unknown_province'
  | 'unknown_regency'
  | 'unknown_district'
  | 'bad_day'
  | 'impossible_date'
  | 'zero_serial';

export interface NikProblem {
  code: NikProblemCode;
  message: string;
}

export interface DecodedNik {
  nik: string;
  region: Region;
  /** Day of birth as written in the NIK (41–71 for women). */
  birthDateRaw: string;
  birthDate: IsoDate;
  sex: Sex;
  serial: string;
}

/**
 * Decodes `PP KK CC DD MM YY NNNN`. The century is the latest one that puts the birth date on or
 * before `today` (a NIK is only issued after birth).
 */
export function parseNik(input: string, today: IsoDate): { ok: true; value: DecodedNik } | { ok: false; error: NikProblem } {
  const fail = (code: NikProblemCode, message: string) => ({ ok: false as const, error: { code, message } });
  if (!/^\d*$/.test(input)) {
    const bad = [...input].find((c) => !/\d/.test(c)) ?? '';
    return fail('not_digits', `a NIK has only digits; found ${JSON.stringify(bad)}`);
  }
  if (input.length !== 16) return fail('length', `a NIK has 16 digits; this one has ${input.length}`);
  const region = checkRegion(input.slice(0, 6));
  if (!region.ok) return fail(region.problem.code, region.problem.message);

  const rawDay = Number(input.slice(6, 8));
  const month = Number(input.slice(8, 10));
  const yy = Number(input.slice(10, 12));
  let sex: Sex;
  let day: number;
  if (rawDay >= 1 && rawDay <= 31) {
    sex = 'LAKI-LAKI';
    day = rawDay;
  } else if (rawDay >= 41 && rawDay <= 71) {
    sex = 'PEREMPUAN';
    day = rawDay - 40;
  } else {
    return fail('bad_day', `birth day ${input.slice(6, 8)} is neither 01–31 (men) nor 41–71 (women: day + 40)`);
  }
  let year = Math.floor(Number(today.slice(0, 4)) / 100) * 100 + yy;
  if (!isRealDate(year, month, day)) {
    return fail('impossible_date', `birth date ${String(day).padStart(2, '0')}-${input.slice(8, 10)}-${String(yy).padStart(2, '0')} does not exist`);
  }
  // A birth after today belongs to the previous century.
  if (isoDate(year, month, day) > today) year -= 100;
  if (!isRealDate(year, month, day)) return fail('impossible_date', `birth date ${day}-${month}-${year} does not exist`);
  const birthDate = isoDate(year, month, day);
  const serial = input.slice(12);
  if (serial === '0000') return fail('zero_serial', 'the serial (last four digits) starts at 0001');
  return { ok: true, value: { nik: input, region: region.region, birthDateRaw: input.slice(6, 12), birthDate, sex, serial } };
}

/** Builds a NIK from its parts (the generator's side of `parseNik`). */
export function makeNik(region6: string, birthDate: IsoDate, sex: Sex, serial: number): string {
  const [y, m, d] = birthDate.split('-');
  const day = Number(d) + (sex === 'PEREMPUAN' ? 40 : 0);
  return `${region6}${String(day).padStart(2, '0')}${m}${(y ?? '').slice(2)}${String(serial).padStart(4, '0')}`;
}
