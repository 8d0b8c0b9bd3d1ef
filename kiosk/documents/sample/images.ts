import sharp from 'sharp';

/** Drawn sample images (no real person): a head-and-shoulders silhouette and a handwritten-looking stroke. */

export async function samplePhoto(seed = 0): Promise<Buffer> {
  const bg = seed % 2 === 0 ? '#c8102e' : '#1f5fb4';
  const skin = ['#e0b48a', '#c68e5f', '#a86f45'][seed % 3] ?? '#c68e5f';
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="640"><rect width="480" height="640" fill="${bg}"/>` +
    `<ellipse cx="240" cy="250" rx="110" ry="135" fill="${skin}"/>` +
    `<path d="M130 215 Q140 100 240 95 Q340 100 350 215 Q320 150 240 150 Q160 150 130 215 Z" fill="#222"/>` +
    `<circle cx="200" cy="245" r="10" fill="#222"/><circle cx="280" cy="245" r="10" fill="#222"/>` +
    `<path d="M205 320 Q240 345 275 320" stroke="#7a3b2e" stroke-width="8" fill="none"/>` +
    `<path d="M40 640 Q60 430 240 420 Q420 430 440 640 Z" fill="#f4f4f4"/>` +
    `<path d="M200 430 L240 520 L280 430 Z" fill="#333"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

export async function sampleSignature(seed = 0): Promise<Buffer> {
  const w = 40 + (seed % 5) * 6;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="220"><rect width="600" height="220" fill="#fff"/>` +
    `<path d="M30 150 C 80 ${w} 120 ${w} 150 140 S 220 200 250 110 S 330 ${w + 20} 360 150 S 470 170 570 90" stroke="#111" stroke-width="7" fill="none" stroke-linecap="round"/>` +
    `<path d="M60 180 L540 170" stroke="#111" stroke-width="4" fill="none"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
