import { crc16 } from './crc16.ts';

/**
 * The reader's frame: STX | LEN (u16 BE, = 2 + payload length) | SEQ | CMD | PAYLOAD | CRC-16 (BE,
 * over LEN..PAYLOAD) | ETX. See docs/devices/card-reader.md.
 */
export const STX = 0x02;
export const ETX = 0x03;
export const MAX_PAYLOAD = 4096;
/** Bytes around the payload: STX, LEN×2, SEQ, CMD, CRC×2, ETX. */
export const FRAME_OVERHEAD = 8;

export interface Frame {
  seq: number;
  cmd: number;
  payload: Uint8Array;
}

export class FrameTooLarge extends Error {
  override readonly name = 'FrameTooLarge';
}

export function encodeFrame(frame: Frame, maxPayload = MAX_PAYLOAD): Uint8Array {
  const n = frame.payload.length;
  if (n > maxPayload) throw new FrameTooLarge(`payload of ${n} bytes exceeds ${maxPayload}`);
  const len = n + 2;
  const out = new Uint8Array(n + FRAME_OVERHEAD);
  out[0] = STX;
  out[1] = len >> 8;
  out[2] = len & 0xff;
  out[3] = frame.seq & 0xff;
  out[4] = frame.cmd & 0xff;
  out.set(frame.payload, 5);
  const crc = crc16(out, 1, 5 + n);
  out[5 + n] = crc >> 8;
  out[6 + n] = crc & 0xff;
  out[7 + n] = ETX;
  return out;
}

/** Why bytes were thrown away: noise between frames, an impossible length, a bad CRC, a missing ETX, or a frame cut short. */
export type DropReason = 'garbage' | 'length' | 'crc' | 'framing' | 'incomplete';

export type Decoded = { kind: 'frame'; frame: Frame } | { kind: 'dropped'; reason: DropReason; bytes: number };

/**
 * Reassembles frames from a byte stream cut anywhere. Noise is skipped up to the next STX; a
 * candidate with an absurd length, a bad CRC or no ETX loses only its STX, and the search goes on
 * from the next byte, so a good frame hidden behind a false start is still found. The buffer never
 * holds more than one maximal frame.
 */
export class FrameDecoder {
  readonly #buf: Uint8Array;
  #len = 0;

  constructor(private readonly maxPayload = MAX_PAYLOAD) {
    this.#buf = new Uint8Array(maxPayload + FRAME_OVERHEAD);
  }

  /** Bytes held waiting for the rest of a frame. */
  get buffered(): number {
    return this.#len;
  }

  get capacity(): number {
    return this.#buf.length;
  }

  push(chunk: Uint8Array): Decoded[] {
    const out: Decoded[] = [];
    let i = 0;
    while (i < chunk.length) {
      const n = Math.min(this.#buf.length - this.#len, chunk.length - i);
      this.#buf.set(chunk.subarray(i, i + n), this.#len);
      this.#len += n;
      i += n;
      this.#scan(out);
    }
    return out;
  }

  /** The line went quiet: a partial frame will never complete, so give up its start and rescan the rest. */
  flush(): Decoded[] {
    const out: Decoded[] = [];
    while (this.#len > 0) {
      this.#drop(1, 'incomplete', out);
      this.#scan(out);
    }
    return out;
  }

  reset(): void {
    this.#len = 0;
  }

  #drop(n: number, reason: DropReason, out: Decoded[]): void {
    this.#buf.copyWithin(0, n, this.#len);
    this.#len -= n;
    const last = out[out.length - 1];
    if (reason === 'garbage' && last?.kind === 'dropped' && last.reason === 'garbage') last.bytes += n;
    else out.push({ kind: 'dropped', reason, bytes: n });
  }

  #scan(out: Decoded[]): void {
    const b = this.#buf;
    for (;;) {
      if (this.#len === 0) return;
      const s = b.subarray(0, this.#len).indexOf(STX);
      if (s < 0) {
        this.#drop(this.#len, 'garbage', out);
        return;
      }
      if (s > 0) this.#drop(s, 'garbage', out);
      if (this.#len < 3) return;
      const len = ((b[1] as number) << 8) | (b[2] as number);
      if (len < 2 || len > this.maxPayload + 2) {
        this.#drop(1, 'length', out);
        continue;
      }
      const total = len + 6;
      if (this.#len < total) return;
      if (b[total - 1] !== ETX) {
        this.#drop(1, 'framing', out);
        continue;
      }
      const crc = ((b[3 + len] as number) << 8) | (b[4 + len] as number);
      if (crc16(b, 1, 3 + len) !== crc) {
        this.#drop(1, 'crc', out);
        continue;
      }
      out.push({ kind: 'frame', frame: { seq: b[3] as number, cmd: b[4] as number, payload: b.slice(5, 3 + len) } });
      this.#buf.copyWithin(0, total, this.#len);
      this.#len -= total;
    }
  }
}
