import { DC4, DLE, ENQ, EOT, ESC, GS, LF } from './escpos.ts';

/** One command a printer understood from the stream (what the simulator then does). */
export type EscPosOp =
  | { op: 'text'; bytes: Uint8Array }
  | { op: 'lf' }
  | { op: 'init' }
  | { op: 'codePage'; n: number }
  | { op: 'align'; n: number }
  | { op: 'bold'; on: boolean }
  /** GS ! n: width multiplier in the high nibble, height in the low (0 = ×1). */
  | { op: 'size'; n: number }
  | { op: 'printMode'; n: number }
  | { op: 'feedLines'; n: number }
  | { op: 'feedDots'; n: number }
  | { op: 'lineSpacing'; dots: number | null }
  | { op: 'cut'; partial: boolean }
  /** `data` is null when the image was larger than the printer holds (its bytes were skipped). */
  | { op: 'raster'; widthBytes: number; height: number; data: Uint8Array | null }
  | { op: 'qrModel'; model: number }
  | { op: 'qrModuleSize'; n: number }
  | { op: 'qrErrorCorrection'; n: number }
  | { op: 'qrStore'; data: Uint8Array | null }
  | { op: 'qrPrint' }
  | { op: 'asb'; n: number }
  | { op: 'realtimeStatus'; n: number }
  | { op: 'recover'; n: number }
  | { op: 'clearBuffers' }
  | { op: 'processId'; id: string }
  | { op: 'unknown'; bytes: number[] };

/** Largest raster the simulated printer buffers (bytes); bigger images are consumed and dropped. */
export const MAX_RASTER_BYTES = 256 * 1024;
/** Largest `GS ( …` function payload buffered (a model 2 QR needs at most 7,092). */
export const MAX_FUNCTION_BYTES = 8 * 1024;
const TEXT_RUN = 256;

/** Fixed parameter counts of the one-letter commands this printer knows. */
const ESC_PARAMS: Record<number, number> = {
  0x40: 0, 0x74: 1, 0x61: 1, 0x45: 1, 0x64: 1, 0x4a: 1, 0x32: 0, 0x33: 1, 0x21: 1, 0x2d: 1, 0x47: 1, 0x4d: 1, 0x70: 3, 0x52: 1, 0x7b: 1,
};
const GS_PARAMS: Record<number, number> = { 0x21: 1, 0x61: 1, 0x42: 1, 0x48: 1, 0x66: 1, 0x68: 1, 0x77: 1, 0x4c: 2, 0x57: 2 };

/** A payload being gathered; `finish` turns it into the op once the last byte is in (maybe in a later chunk). */
type Collector = { need: number; buf: number[] | null; store: boolean; finish: (bytes: Uint8Array | null) => EscPosOp };

/**
 * A streaming ESC/POS interpreter for the printer side: bytes in any chunks, commands out. Memory
 * is bounded: text runs, function payloads and rasters have caps, and anything larger is consumed
 * without being kept, as a printer with a finite buffer would.
 */
export class EscPosParser {
  #prefix: number[] = [];
  #text: number[] = [];
  #collect: Collector | null = null;
  #skip = 0;

  /** Bytes held right now (for the bounded-memory property). */
  get buffered(): number {
    return this.#prefix.length + this.#text.length + (this.#collect?.buf?.length ?? 0);
  }

  push(chunk: Uint8Array): EscPosOp[] {
    const out: EscPosOp[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (this.#skip > 0) {
        this.#skip--;
        continue;
      }
      if (this.#collect) {
        const c = this.#collect;
        if (c.store) c.buf?.push(b);
        c.need--;
        if (c.need === 0) {
          this.#collect = null;
          out.push(c.finish(c.store && c.buf ? Uint8Array.from(c.buf) : null));
        }
        continue;
      }
      this.#byte(b, out);
    }
    this.#flushText(out);
    return out;
  }

  #flushText(out: EscPosOp[]): void {
    if (this.#text.length > 0) {
      out.push({ op: 'text', bytes: Uint8Array.from(this.#text) });
      this.#text = [];
    }
  }

  #collectThen(need: number, cap: number, out: EscPosOp[], finish: Collector['finish']): void {
    if (need === 0) return void out.push(finish(new Uint8Array(0)));
    this.#collect = { need, buf: need <= cap ? [] : null, store: need <= cap, finish };
  }

  #byte(b: number, out: EscPosOp[]): void {
    const p = this.#prefix;
    if (p.length === 0) {
      if (b >= 0x20 || b === 0x09) {
        this.#text.push(b === 0x09 ? 0x20 : b);
        if (this.#text.length >= TEXT_RUN) this.#flushText(out);
        return;
      }
      this.#flushText(out);
      if (b === LF) return void out.push({ op: 'lf' });
      if (b === 0x0d) return;
      if (b === ESC || b === GS || b === DLE) return void p.push(b);
      return void out.push({ op: 'unknown', bytes: [b] });
    }
    p.push(b);
    const [lead, letter] = p as [number, number, ...number[]];
    if (lead === ESC) {
      const n = ESC_PARAMS[letter];
      if (n === undefined) return this.#emit(out, { op: 'unknown', bytes: [...p] });
      if (p.length < 2 + n) return;
      return this.#emit(out, escOp(letter, p.slice(2)));
    }
    if (lead === GS) return this.#gs(p, out);
    // DLE
    if (letter === EOT || letter === ENQ) {
      if (p.length < 3) return;
      const n = p[2] as number;
      return this.#emit(out, letter === EOT ? { op: 'realtimeStatus', n } : { op: 'recover', n });
    }
    if (letter === DC4) {
      if (p.length < 3) return;
      const fn = p[2] as number;
      const more = fn === 1 || fn === 2 ? 2 : fn === 8 ? 7 : -1;
      if (more < 0) return this.#emit(out, { op: 'unknown', bytes: [...p] });
      if (p.length < 3 + more) return;
      return this.#emit(out, fn === 8 ? { op: 'clearBuffers' } : { op: 'unknown', bytes: [...p] });
    }
    this.#emit(out, { op: 'unknown', bytes: [...p] });
  }

  #emit(out: EscPosOp[], op: EscPosOp): void {
    this.#prefix = [];
    out.push(op);
  }

  #gs(p: number[], out: EscPosOp[]): void {
    const letter = p[1] as number;
    if (letter === 0x56) {
      // GS V m [n]: function B (m = 65/66/97/98/103/104) carries a feed amount.
      if (p.length < 3) return;
      const m = p[2] as number;
      const withN = [65, 66, 97, 98, 103, 104].includes(m);
      if (withN && p.length < 4) return;
      return this.#emit(out, { op: 'cut', partial: m === 1 || m === 49 || m === 66 || m === 98 || m === 104 });
    }
    if (letter === 0x76) {
      // GS v 0 m xL xH yL yH d…
      if (p.length < 8) return;
      if (p[2] !== 0x30) return this.#emit(out, { op: 'unknown', bytes: [...p] });
      const widthBytes = (p[4] as number) + (p[5] as number) * 256;
      const height = (p[6] as number) + (p[7] as number) * 256;
      this.#prefix = [];
      return this.#collectThen(widthBytes * height, MAX_RASTER_BYTES, out, (data) => ({ op: 'raster', widthBytes, height, data }));
    }
    if (letter === 0x28) {
      // GS ( X pL pH payload
      if (p.length < 5) return;
      const fnLetter = p[2] as number;
      const len = (p[3] as number) + (p[4] as number) * 256;
      this.#prefix = [];
      return this.#collectThen(len, MAX_FUNCTION_BYTES, out, (data) => functionOp(fnLetter, data, len));
    }
    const n = GS_PARAMS[letter];
    if (n === undefined) return this.#emit(out, { op: 'unknown', bytes: [...p] });
    if (p.length < 2 + n) return;
    const a = p[2] as number;
    if (letter === 0x21) return this.#emit(out, { op: 'size', n: a });
    if (letter === 0x61) return this.#emit(out, { op: 'asb', n: a });
    this.#emit(out, { op: 'unknown', bytes: [...p] });
  }
}

function escOp(letter: number, args: number[]): EscPosOp {
  const a = args[0] ?? 0;
  switch (letter) {
    case 0x40:
      return { op: 'init' };
    case 0x74:
      return { op: 'codePage', n: a };
    case 0x61:
      return { op: 'align', n: a % 48 };
    case 0x45:
      return { op: 'bold', on: (a & 1) === 1 };
    case 0x64:
      return { op: 'feedLines', n: a };
    case 0x4a:
      return { op: 'feedDots', n: a };
    case 0x32:
      return { op: 'lineSpacing', dots: null };
    case 0x33:
      return { op: 'lineSpacing', dots: a };
    case 0x21:
      return { op: 'printMode', n: a };
    default:
      return { op: 'unknown', bytes: [ESC, letter, ...args] };
  }
}

function functionOp(letter: number, data: Uint8Array | null, len: number): EscPosOp {
  if (data === null) return letter === 0x6b ? { op: 'qrStore', data: null } : { op: 'unknown', bytes: [GS, 0x28, letter] };
  if (letter === 0x48 && len === 6 && data[0] === 0x30 && data[1] === 0x30) {
    return { op: 'processId', id: String.fromCharCode(...data.subarray(2, 6)) };
  }
  if (letter === 0x6b && data[0] === 0x31) {
    const fn = data[1];
    if (fn === 0x41) return { op: 'qrModel', model: data[2] ?? 0 };
    if (fn === 0x43) return { op: 'qrModuleSize', n: data[2] ?? 0 };
    if (fn === 0x45) return { op: 'qrErrorCorrection', n: data[2] ?? 0 };
    if (fn === 0x50 && data[2] === 0x30) return { op: 'qrStore', data: data.slice(3) };
    if (fn === 0x51) return { op: 'qrPrint' };
  }
  return { op: 'unknown', bytes: [GS, 0x28, letter, ...data.subarray(0, 8)] };
}
