import { createHmac } from 'node:crypto';

/**
 * What may stand between two digits of a NIK written by hand: spaces of any kind, dashes, dots,
 * slashes, underscores. `3506 1412 0384 9001`, `3506-1412-…` and `35.06.14.120384.9001` are all the
 * same NIK.
 */
const SEPARATOR = String.raw`[\s.\-\u2010-\u2015\u2212_/\u00b7\u30fb\uff0e\uff0d]`;
/** Digit groups joined by at most two separator characters. */
const DIGIT_RUN = new RegExp(String.raw`\p{Nd}+(?:${SEPARATOR}{1,2}\p{Nd}+)*`, 'gu');
const ONE_DIGIT = /\p{Nd}/u;
const SIXTEEN_DIGITS_ANYWHERE = /(?:\p{Nd}\P{Nd}*){16}/u;
/** A hex group with a letter in it, joined by a dash: the neighbour of a digit group in a UUID. */
const HEX_BEFORE = /(?:(?:^|[^0-9A-Za-z])[0-9A-Fa-f]*[A-Fa-f][0-9A-Fa-f]*-|[A-Fa-f])$/;
const HEX_AFTER = /^(?:-[0-9A-Fa-f]*[A-Fa-f][0-9A-Fa-f]*(?:$|[^0-9A-Za-z])|[A-Fa-f])/;

/** The value of any Unicode decimal digit (full-width `３`, Arabic-Indic `٣`, …): digits come in runs of ten from zero. */
function digitValue(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp >= 0x30 && cp <= 0x39) return cp - 0x30;
  let zero = cp;
  while (zero > 0 && ONE_DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
  return (cp - zero) % 10;
}

/** Every decimal digit in `text`, as ASCII. */
export function asciiDigits(text: string): string {
  let out = '';
  for (const ch of text) if (ONE_DIGIT.test(ch)) out += String(digitValue(ch));
  return out;
}

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

/**
 * Masks every NIK-shaped number in free text: sixteen digits in one run that is not part of a
 * longer number, or groups of digits joined by separators whose consecutive groups add up to
 * sixteen digits. Digits in any script count, after normalising to ASCII.
 */
export function maskNiksIn(text: string): string {
  // Most of what is logged has fewer than sixteen digits in all: nothing to look at.
  if (!SIXTEEN_DIGITS_ANYWHERE.test(text)) return text;
  return text.replace(DIGIT_RUN, (run: string, offset: number) => {
    const groups = [...run.matchAll(/\p{Nd}+/gu)].map((m) => ({ start: m.index, text: m[0], digits: asciiDigits(m[0]) }));
    if (groups.length === 1) {
      const only = groups[0];
      return only !== undefined && only.digits.length === 16 ? maskNik(only.digits) : run;
    }
    // Digit groups inside a hexadecimal identifier (a UUID, a hash) are not a NIK written in parts.
    if (HEX_BEFORE.test(text.slice(Math.max(0, offset - 64), offset)) || HEX_AFTER.test(text.slice(offset + run.length, offset + run.length + 64))) return run;
    // Windows of consecutive groups that hold exactly sixteen digits are NIKs written in parts.
    const masked: Array<{ from: number; to: number; nik: string }> = [];
    for (let i = 0; i < groups.length; i++) {
      let digits = '';
      for (let j = i; j < groups.length && digits.length < 16; j++) {
        digits += groups[j]?.digits ?? '';
        if (digits.length === 16) {
          const last = groups[j];
          const first = groups[i];
          if (first && last) masked.push({ from: first.start, to: last.start + last.text.length, nik: digits });
          i = j;
          break;
        }
      }
    }
    if (masked.length === 0) return run;
    let out = '';
    let at = 0;
    for (const m of masked) {
      out += run.slice(at, m.from) + maskNik(m.nik);
      at = m.to;
    }
    return out + run.slice(at);
  });
}

/** A pattern that finds this NIK however it is written: any digit script, any separators between digits. */
export function nikPattern(nik: string): string {
  return [...nik].map((d) => `[${d}\\uff1${d}]`).join(`${SEPARATOR}*`);
}

/**
 * A keyed hash of a NIK, so log lines of one citizen can be tied together by someone who holds
 * the kiosk's secret, and by nobody else.
 */
export function nikRef(nik: string, secret: string): string {
  return createHmac('sha256', secret).update(nik).digest('base64url').slice(0, 12);
}
