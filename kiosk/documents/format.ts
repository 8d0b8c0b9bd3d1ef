/** How dates and numbers are written on Indonesian population documents. */

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'] as const;

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** A real calendar date in `YYYY-MM-DD`, or null. */
export function parseIsoDate(iso: string): CalendarDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return { year, month, day };
}

function mustParse(iso: string): CalendarDate {
  const d = parseIsoDate(iso);
  if (!d) throw new Error(`bug: not a calendar date: ${iso}`);
  return d;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** `15-03-2021`, as in the KK tables and on cards. */
export function numericDate(iso: string): string {
  const { year, month, day } = mustParse(iso);
  return `${pad2(day)}-${pad2(month)}-${year}`;
}

/** `15 Maret 2021`. */
export function longDate(iso: string): string {
  const { year, month, day } = mustParse(iso);
  return `${day} ${MONTHS[month - 1] ?? ''} ${year}`;
}

const UNITS = ['', 'satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'delapan', 'sembilan', 'sepuluh', 'sebelas'] as const;

/** Indonesian number words ("terbilang") for 0 ≤ n < 1,000,000. */
export function numberInWords(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 1_000_000) throw new Error(`bug: numberInWords(${n})`);
  if (n === 0) return 'nol';
  const words = (x: number): string => {
    if (x < 12) return UNITS[x] ?? '';
    if (x < 20) return `${words(x - 10)} belas`;
    if (x < 100) return `${words(Math.floor(x / 10))} puluh ${words(x % 10)}`.trim();
    if (x < 200) return `seratus ${words(x - 100)}`.trim();
    if (x < 1000) return `${words(Math.floor(x / 100))} ratus ${words(x % 100)}`.trim();
    if (x < 2000) return `seribu ${words(x - 1000)}`.trim();
    return `${words(Math.floor(x / 1000))} ribu ${words(x % 1000)}`.trim();
  };
  return words(n);
}

/** `lima belas Maret dua ribu dua puluh satu`: how a kutipan akta spells a date out. */
export function dateInWords(iso: string): string {
  const { year, month, day } = mustParse(iso);
  return `${numberInWords(day)} ${MONTHS[month - 1] ?? ''} ${numberInWords(year)}`;
}

/** `-` for an empty optional value, as the forms print it. */
export const orDash = (v: string | null | undefined): string => (v === null || v === undefined || v.trim() === '' ? '-' : v);
