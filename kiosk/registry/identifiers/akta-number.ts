import { REGENCIES } from './regions.ts';
import { ddmmyyyy, isRealDate, isoDate } from './dates.ts';
import type { IsoDate } from '../../../core/domain.ts';

/** KM: akta kematian; LU: akta kelahiran registered on time; LT: registered late (assumption, DOMAIN.md). */
export type AktaKind = 'KM' | 'LU' | 'LT';
export type AktaProblemCode = 'shape' | 'unknown_regency' | 'unknown_kind' | 'impossible_date' | 'future_date' | 'zero_serial';

export interface DecodedAkta {
  aktaNumber: string;
  regencyCode: string;
  kind: AktaKind;
  registeredOn: IsoDate;
  serial: string;
}

const SHAPE = /^(\d{4})-([A-Z]{2})-(\d{2})(\d{2})(\d{4})-(\d{4})$/;

/** `3301-KM-21102020-0012`: regency code, kind, DDMMYYYY, serial. */
export function parseAktaNumber(input: string, today: IsoDate): { ok: true; value: DecodedAkta } | { ok: false; error: { code: AktaProblemCode; message: string } } {
  const fail = (code: AktaProblemCode, message: string) => ({ ok: false as const, error: { code, message } });
  const m = SHAPE.exec(input);
  if (!m) return fail('shape', 'an akta number looks like 3506-LU-15032021-0042');
  const [, regency = '', kind = '', dd = '', mm = '', yyyy = '', serial = ''] = m;
  if (REGENCIES[regency] === undefined) return fail('unknown_regency', `regency/city code ${regency} is not in the table`);
  if (kind !== 'KM' && kind !== 'LU' && kind !== 'LT') return fail('unknown_kind', `kind ${kind} is not KM, LU or LT`);
  if (!isRealDate(Number(yyyy), Number(mm), Number(dd))) return fail('impossible_date', `date ${dd}${mm}${yyyy} does not exist`);
  const registeredOn = isoDate(Number(yyyy), Number(mm), Number(dd));
  if (registeredOn > today) return fail('future_date', `date ${dd}-${mm}-${yyyy} is after today`);
  if (serial === '0000') return fail('zero_serial', 'the serial starts at 0001');
  return { ok: true, value: { aktaNumber: input, regencyCode: regency, kind, registeredOn, serial } };
}

export function makeAktaNumber(regencyCode: string, kind: AktaKind, registeredOn: IsoDate, serial: number): string {
  return `${regencyCode}-${kind}-${ddmmyyyy(registeredOn)}-${String(serial).padStart(4, '0')}`;
}
