/**
 * The kiosk's own emblem (not a state emblem): a ring around a five-pointed star above an open
 * book, on a 100 x 100 grid. One definition serves the PDF pages (vector) and the receipt logo (SVG
 * rendered by sharp).
 */

function starPath(cx: number, cy: number, outer: number, inner: number): string {
  const pts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    pts.push(`${(cx + r * Math.cos(a)).toFixed(2)} ${(cy + r * Math.sin(a)).toFixed(2)}`);
  }
  return `M${pts.join(' L')} Z`;
}

/** Filled shapes, each drawn with the non-zero rule. */
export const EMBLEM_PATHS = {
  /** Ring: outer circle, then inner circle drawn the other way round so it stays hollow. */
  ring: 'M50 2 A48 48 0 1 1 49.99 2 Z M50 9 A41 41 0 1 0 50.01 9 Z',
  star: starPath(50, 38, 20, 8),
  /** Two pages of an open book. */
  book: 'M22 64 Q36 58 49 64 L49 80 Q36 74 22 80 Z M51 64 Q64 58 78 64 L78 80 Q64 74 51 80 Z',
} as const;

export const EMBLEM_COLOURS = { ring: '#1f4e8c', star: '#c9a227', book: '#1f4e8c' } as const;

/** The emblem as SVG, in colour or in black for a thermal printer. */
export function emblemSvg(sizePx: number, mono = false): string {
  const fill = (k: keyof typeof EMBLEM_COLOURS): string => (mono ? '#000' : EMBLEM_COLOURS[k]);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${sizePx}" height="${sizePx}" viewBox="0 0 100 100">` +
    `<path d="${EMBLEM_PATHS.ring}" fill="${fill('ring')}" fill-rule="evenodd"/>` +
    `<path d="${EMBLEM_PATHS.star}" fill="${fill('star')}"/>` +
    `<path d="${EMBLEM_PATHS.book}" fill="${fill('book')}"/>` +
    `</svg>`
  );
}
