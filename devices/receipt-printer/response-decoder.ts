/**
 * What a receipt printer sends back, decoded from a byte stream cut anywhere:
 * - `DLE EOT n` answers: one byte 0xx1xx10;
 * - Automatic Status Back: four bytes, the first 0xx1xx00, the others 0xx0xxxx;
 * - `GS ( H` process-ID answers: 37 22 d1 d2 d3 d4 00 (digits);
 * - `DLE DC4 8` clear answers: 37 25 00.
 * Anything else is dropped a byte at a time, so a real answer behind noise is still found.
 * At most one answer (7 bytes) is ever buffered.
 */
export type PrinterResponse =
  | { kind: 'status'; byte: number }
  | { kind: 'asb'; bytes: [number, number, number, number] }
  | { kind: 'processId'; id: string }
  | { kind: 'cleared' }
  | { kind: 'dropped'; bytes: number };

type Verdict = 'partial' | 'invalid' | PrinterResponse;

const isDigit = (b: number) => b >= 0x30 && b <= 0x39;

function judge(buf: number[]): Verdict {
  const b0 = buf[0] as number;
  if (b0 === 0x37) {
    if (buf.length < 2) return 'partial';
    const b1 = buf[1] as number;
    if (b1 === 0x22) {
      for (let i = 2; i < Math.min(buf.length, 6); i++) if (!isDigit(buf[i] as number)) return 'invalid';
      if (buf.length < 7) return 'partial';
      if (buf[6] !== 0x00) return 'invalid';
      return { kind: 'processId', id: String.fromCharCode(...buf.slice(2, 6)) };
    }
    if (b1 === 0x25) {
      if (buf.length < 3) return 'partial';
      return buf[2] === 0x00 ? { kind: 'cleared' } : 'invalid';
    }
    return 'invalid';
  }
  if ((b0 & 0x93) === 0x12) return { kind: 'status', byte: b0 };
  if ((b0 & 0x93) === 0x10) {
    for (let i = 1; i < buf.length; i++) if (((buf[i] as number) & 0x90) !== 0) return 'invalid';
    if (buf.length < 4) return 'partial';
    return { kind: 'asb', bytes: [b0, buf[1] as number, buf[2] as number, buf[3] as number] };
  }
  return 'invalid';
}

function countDrop(out: PrinterResponse[]): void {
  const last = out[out.length - 1];
  if (last?.kind === 'dropped') last.bytes++;
  else out.push({ kind: 'dropped', bytes: 1 });
}

export class ResponseDecoder {
  #buf: number[] = [];

  get buffered(): number {
    return this.#buf.length;
  }

  push(chunk: Uint8Array): PrinterResponse[] {
    const out: PrinterResponse[] = [];
    for (const byte of chunk) {
      this.#buf.push(byte);
      this.#settle(out);
    }
    return out;
  }

  /** The line went quiet: a partial answer will not complete; rescan what follows its first byte. */
  flush(): PrinterResponse[] {
    const out: PrinterResponse[] = [];
    while (this.#buf.length > 0) {
      this.#buf.shift();
      countDrop(out);
      this.#settle(out);
    }
    return out;
  }

  #settle(out: PrinterResponse[]): void {
    while (this.#buf.length > 0) {
      const v = judge(this.#buf);
      // A partial answer is at most 6 bytes: judge() decides by the 7th.
      if (v === 'partial') return;
      if (v === 'invalid') {
        // Drop the first byte only and re-read the rest: it may start a real answer (depth ≤ 6).
        const rest = this.#buf.slice(1);
        this.#buf = [];
        countDrop(out);
        for (const b of rest) {
          this.#buf.push(b);
          this.#settle(out);
        }
        return;
      }
      out.push(v);
      this.#buf.splice(0, v.kind === 'status' ? 1 : v.kind === 'asb' ? 4 : v.kind === 'processId' ? 7 : 3);
    }
  }
}
