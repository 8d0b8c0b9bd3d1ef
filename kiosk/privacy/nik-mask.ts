import { createHmac } from 'node:crypto';

/** A 16-digit run that is not part of a longer number: the shape of a NIK or a No. KK. */
const SIXTEEN_DIGITS = /(?<!\d)(\d{6})(\d{6})(\d{4})(?!\d)/g;

/** `3506********0001`: region and serial stay readable for a technician, the birth date does not. */
export function maskNik(nik: string): string {
  return nik.length === 16 ? `${nik.slice(0, 4)}********${nik.slice(12)}` : '****';
}

/**
 * A document number as a receipt may show it: a NIK or No. KK as `maskNik`; an akta number
 * `3506-LU-15032021-0042` keeps its region, kind and serial but not the date (a birth or death date).
 */
export function maskDocumentNumber(number: string): string {
  const akta = /^(\d{4})-([A-Z]{2})-\d{8}-(\d{4})$/.exec(number);
  if (akta) return `${akta[1] ?? ''}-${akta[2] ?? ''}-********-${akta[3] ?? ''}`;
  return maskNik(number);
}

/** Masks every NIK-shaped run in free text. */
export function maskNiksIn(text: string): string {
  return text.replace(SIXTEEN_DIGITS, (_m, a: string, _b: string, c: string) => `${a.slice(0, 4)}********${c}`);
}

/**
 * A keyed hash of a NIK, so log lines of one citizen can be tied together by someone who holds
 * the kiosk's secret, and by nobody else.
 */
export function nikRef(nik: string, secret: string): string {
  return createHmac('sha256', secret).update(nik).digest('base64url').slice(0, 12);
}
