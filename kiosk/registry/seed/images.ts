import sharp from 'sharp';
import type { SeededRandom } from './random.ts';

/**
 * Generated pas foto and signatures, drawn as SVG and encoded by sharp: a JPEG head-and-shoulders
 * portrait on the KTP-el backgrounds (red for an odd birth year, blue for even), and a PNG
 * handwritten-looking scribble on transparent ground. No real faces are used anywhere.
 */

const SKIN = ['#f1c9a5', '#e0ac84', '#c68c5f', '#a8714b', '#8d5a3b'];
const HAIR = ['#1b1410', '#2b1d14', '#3b2a1e', '#6b6b6b', '#bfbfbf'];
const CLOTH = ['#ffffff', '#1d3557', '#2a2a2a', '#7b2d26', '#2f5d50', '#5b4b8a', '#c9a227'];
const HIJAB = ['#ffffff', '#1d3557', '#6d2e46', '#2f5d50', '#c4a484', '#3d3d3d', '#8e6c8a'];

export interface PortraitTraits {
  sex: 'LAKI-LAKI' | 'PEREMPUAN';
  birthYear: number;
  age: number;
  hijab: boolean;
}

export function portraitSvg(rnd: SeededRandom, t: PortraitTraits): string {
  const bg = t.birthYear % 2 === 1 ? '#c1272d' : '#1f4ea1';
  const skin = rnd.pick(SKIN);
  const hair = t.age >= 55 ? rnd.pick(HAIR.slice(3)) : rnd.pick(HAIR.slice(0, 3));
  const cloth = rnd.pick(CLOTH);
  const faceW = 62 + rnd.int(-6, 6);
  const faceH = 82 + rnd.int(-6, 6);
  const eyeY = 165 + rnd.int(-4, 4);
  const parts: string[] = [
    `<rect width="300" height="400" fill="${bg}"/>`,
    `<path d="M20 400 C30 300 90 280 150 280 C210 280 270 300 280 400 Z" fill="${cloth}"/>`,
    `<rect x="128" y="225" width="44" height="65" rx="12" fill="${skin}"/>`,
  ];
  if (t.hijab) {
    const h = rnd.pick(HIJAB);
    parts.push(`<path d="M${150 - faceW - 22} 330 C${150 - faceW - 30} 120 ${150 + faceW + 30} 120 ${150 + faceW + 22} 330 Z" fill="${h}"/>`);
    parts.push(`<ellipse cx="150" cy="178" rx="${faceW - 6}" ry="${faceH - 8}" fill="${skin}"/>`);
    parts.push(`<path d="M${150 - faceW} 150 C${150 - faceW} 70 ${150 + faceW} 70 ${150 + faceW} 150 C${150 + faceW / 2} 118 ${150 - faceW / 2} 118 ${150 - faceW} 150 Z" fill="${h}"/>`);
  } else {
    const long = t.sex === 'PEREMPUAN';
    if (long) parts.push(`<path d="M${150 - faceW - 14} 290 C${150 - faceW - 30} 90 ${150 + faceW + 30} 90 ${150 + faceW + 14} 290 Z" fill="${hair}"/>`);
    parts.push(`<ellipse cx="150" cy="175" rx="${faceW}" ry="${faceH}" fill="${skin}"/>`);
    parts.push(`<path d="M${150 - faceW - 4} 160 C${150 - faceW} 75 ${150 + faceW} 75 ${150 + faceW + 4} 160 C${150 + 20} ${118 + rnd.int(-8, 8)} ${150 - 30} 120 ${150 - faceW - 4} 160 Z" fill="${hair}"/>`);
  }
  parts.push(
    `<ellipse cx="${150 - 24}" cy="${eyeY}" rx="7" ry="4" fill="#1b1410"/>`,
    `<ellipse cx="${150 + 24}" cy="${eyeY}" rx="7" ry="4" fill="#1b1410"/>`,
    `<path d="M${150 - 34} ${eyeY - 14} q10 -5 20 0 M${150 + 14} ${eyeY - 14} q10 -5 20 0" stroke="${hair}" stroke-width="3" fill="none"/>`,
    `<path d="M150 ${eyeY + 8} l-6 ${22 + rnd.int(-3, 3)} h12" stroke="#00000033" stroke-width="2" fill="none"/>`,
    `<path d="M${150 - 18} ${eyeY + 48} q18 ${6 + rnd.int(0, 6)} 36 0" stroke="#7a3b32" stroke-width="3" fill="none"/>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="400" viewBox="0 0 300 400">${parts.join('')}</svg>`;
}

export async function portraitJpeg(rnd: SeededRandom, t: PortraitTraits): Promise<Uint8Array> {
  const jpeg = await sharp(Buffer.from(portraitSvg(rnd, t))).jpeg({ quality: 78, chromaSubsampling: '4:2:0' }).toBuffer();
  return new Uint8Array(jpeg);
}

export function signatureSvg(rnd: SeededRandom, name: string): string {
  // One flowing stroke per word of the name, then an underline flourish.
  const words = name.split(' ').slice(0, 2);
  let x = 20 + rnd.int(0, 20);
  const paths: string[] = [];
  for (const w of words) {
    let y = 60 + rnd.int(-8, 8);
    let d = `M${x} ${y}`;
    const loops = Math.min(6, Math.max(3, w.length - 1));
    for (let i = 0; i < loops; i++) {
      // Absolute points kept between 25 and 75 so the stroke stays inside the box.
      const dx = 12 + rnd.int(0, 12);
      const ny = Math.min(75, Math.max(35, y + rnd.int(-12, 12)));
      d += ` C${x + rnd.int(2, 8)} ${Math.max(5, y - rnd.int(20, 45))} ${x + dx} ${Math.max(5, ny - rnd.int(15, 35))} ${x + dx} ${ny}`;
      x += dx;
      y = ny;
    }
    paths.push(`<path d="${d}" fill="none" stroke="#1a2a6c" stroke-width="${2 + rnd.int(0, 1)}" stroke-linecap="round"/>`);
    x += 12 + rnd.int(0, 10);
  }
  paths.push(`<path d="M${10 + rnd.int(0, 20)} ${80 + rnd.int(-4, 4)} q${x / 2} ${rnd.int(-18, 8)} ${x} ${rnd.int(-10, 4)}" fill="none" stroke="#1a2a6c" stroke-width="2" stroke-linecap="round"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100" viewBox="0 0 300 100">${paths.join('')}</svg>`;
}

export async function signaturePng(rnd: SeededRandom, name: string): Promise<Uint8Array> {
  const png = await sharp(Buffer.from(signatureSvg(rnd, name))).png({ compressionLevel: 9 }).toBuffer();
  return new Uint8Array(png);
}
