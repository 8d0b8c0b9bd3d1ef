import type { SealRow } from './rows.ts';

/**
 * Compares a page's text with its seal: every printed sealed value must appear, in print order,
 * among the page's words. An ordered alignment (longest common subsequence of words) rather than
 * a search, so a changed name is caught even when the same name is printed elsewhere on the page
 * (a mother's name in her children's rows). Returns the rows whose words are missing.
 */
// Both sides split the same way: on spaces and the punctuation layouts put between values, and a
// sentence's full stop ("dicatat pada tanggal 02-10-2026.") is not part of the value.
const words = (s: string): string[] => s.toUpperCase().split(/[\s,/:()]+/).map((w) => w.replace(/\.+$/, '')).filter((w) => w.length > 0);

export function rowsMissingFromText(rows: readonly SealRow[], pageText: string): SealRow[] {
  const page = words(pageText);
  const expected: Array<{ word: string; row: number }> = [];
  rows.forEach((r, i) => {
    if (r.printed !== null) for (const w of words(r.printed)) expected.push({ word: w, row: i });
  });
  const n = expected.length;
  const m = page.length;
  // LCS table as rows of Uint16 (a KK has a few hundred words a side).
  const table: Uint16Array[] = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    const here = table[i] as Uint16Array;
    const next = table[i + 1] as Uint16Array;
    const w = (expected[i] as { word: string }).word;
    for (let j = m - 1; j >= 0; j--) {
      here[j] = page[j] === w ? (next[j + 1] ?? 0) + 1 : Math.max(next[j] ?? 0, here[j + 1] ?? 0);
    }
  }
  const missing = new Set<number>();
  let i = 0;
  let j = 0;
  while (i < n) {
    const e = expected[i] as { word: string; row: number };
    if (j < m && page[j] === e.word && (table[i] as Uint16Array)[j] === ((table[i + 1] as Uint16Array)[j + 1] ?? 0) + 1) {
      i++;
      j++;
    } else if (j < m && ((table[i] as Uint16Array)[j + 1] ?? 0) >= ((table[i + 1] as Uint16Array)[j] ?? 0)) {
      j++;
    } else {
      missing.add(e.row);
      i++;
    }
  }
  return [...missing].sort((a, b) => a - b).map((k) => rows[k] as SealRow);
}
