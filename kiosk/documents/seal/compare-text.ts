import type { SealRow } from './rows.ts';

/**
 * Compares a page's text with its seal: every printed sealed value must appear, in print order,
 * among the page's words. An ordered alignment rather than a search, so a changed name is caught
 * even when the same name is printed elsewhere on the page (a mother's name in her children's
 * rows). Returns the rows whose words are missing or changed.
 */
// Both sides split the same way: on spaces and the punctuation layouts put between values, and a
// sentence's full stop ("dicatat pada tanggal 02-10-2026.") is not part of the value.
const words = (s: string): string[] => s.toUpperCase().split(/[\s,/:()]+/).map((w) => w.replace(/\.+$/, '')).filter((w) => w.length > 0);

/** Words that look like a changed copy of each other ("PARE"/"PAREX", "28-06-1975"/"28-06-1976"): an aligned pair of them is a change, not a coincidence. */
const similar = (a: string, b: string): boolean => a.length >= 3 && b.length >= 3 && a.slice(0, 3) === b.slice(0, 3);
const MATCH = 4;
const CHANGE = 1;

/**
 * Aligns the sealed words with the page's words (a global alignment: a word printed as sealed
 * scores 4, a sealed word facing a look-alike 1, anything else 0), so every sealed word the page
 * still prints is found in order, and a changed one is named where it was printed even when the
 * same value stands next to it (village and district both PARE).
 */
export function rowsMissingFromText(rows: readonly SealRow[], pageText: string): SealRow[] {
  const page = words(pageText);
  const expected: Array<{ word: string; row: number }> = [];
  rows.forEach((r, i) => {
    if (r.printed !== null) for (const w of words(r.printed)) expected.push({ word: w, row: i });
  });
  const n = expected.length;
  const m = page.length;
  const score: Uint16Array[] = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  const pair = (i: number, j: number): number => {
    const w = (expected[i] as { word: string }).word;
    const p = page[j] as string;
    return p === w ? MATCH : similar(p, w) ? CHANGE : 0;
  };
  for (let i = n - 1; i >= 0; i--) {
    const here = score[i] as Uint16Array;
    const next = score[i + 1] as Uint16Array;
    for (let j = m - 1; j >= 0; j--) {
      const p = pair(i, j);
      here[j] = Math.max(next[j] as number, here[j + 1] as number, p > 0 ? (next[j + 1] as number) + p : 0);
    }
  }
  const missing = new Set<number>();
  let i = 0;
  let j = 0;
  while (i < n) {
    const row = (expected[i] as { row: number }).row;
    const here = score[i] as Uint16Array;
    const next = score[i + 1] as Uint16Array;
    const p = j < m ? pair(i, j) : 0;
    if (p > 0 && here[j] === (next[j + 1] as number) + p) {
      if (p !== MATCH) missing.add(row);
      i++;
      j++;
    } else if (j < m && here[j] === here[j + 1]) {
      j++;
    } else {
      missing.add(row);
      i++;
    }
  }
  return [...missing].sort((a, b) => a - b).map((k) => rows[k] as SealRow);
}
