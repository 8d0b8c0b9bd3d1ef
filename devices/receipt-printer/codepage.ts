/**
 * Text goes to the printer in code page WPC1252 (`ESC t 16`): Latin-1 plus the Windows extras,
 * which covers Bahasa Indonesia and English. Characters it lacks print as `?`.
 */
export const CODE_PAGE_WPC1252 = 16;

const EXTRA: Record<number, number> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87, 0x02c6: 0x88,
  0x2030: 0x89, 0x0160: 0x8a, 0x2039: 0x8b, 0x0152: 0x8c, 0x017d: 0x8e, 0x2018: 0x91, 0x2019: 0x92, 0x201c: 0x93,
  0x201d: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98, 0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b,
  0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f,
};
const BACK: Record<number, number> = Object.fromEntries(Object.entries(EXTRA).map(([u, b]) => [b, Number(u)]));

export function encodeCp1252(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const u = ch.codePointAt(0) as number;
    if (u === 0x0a || u === 0x0d || u === 0x09) out.push(0x20); // layout decides line breaks, not the text
    else if (u >= 0x20 && u < 0x7f) out.push(u);
    else if (u >= 0xa0 && u <= 0xff) out.push(u);
    else out.push(EXTRA[u] ?? 0x3f);
  }
  return Uint8Array.from(out);
}

export function decodeCp1252(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCodePoint(b >= 0x80 && b < 0xa0 ? (BACK[b] ?? 0x3f) : b);
  return s;
}
