import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ResponseDecoder, type PrinterResponse } from '../../../devices/receipt-printer/response-decoder.ts';
import { EscPosParser, MAX_FUNCTION_BYTES, MAX_RASTER_BYTES, type EscPosOp } from '../../../devices/receipt-printer/escpos-parser.ts';
import { encodeReceipt } from '../../../devices/receipt-printer/encoder.ts';
import { asbFromCondition, conditionFromAsb, conditionFromRealtime, GOOD_CONDITION, realtimeByte, statusPatchOf, type PrinterCondition } from '../../../devices/receipt-printer/status-bits.ts';
import { cmd } from '../../../devices/receipt-printer/escpos.ts';
import { sampleReceipt } from './fixtures.ts';

function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  out.push(bytes.subarray(prev));
  return out;
}
const concat = (parts: ArrayLike<number>[]) => Uint8Array.from(parts.flatMap((p) => Array.from(p)));

const conditionArb: fc.Arbitrary<PrinterCondition> = fc.record({
  offline: fc.boolean(),
  coverOpen: fc.boolean(),
  paperNearEnd: fc.boolean(),
  paperOut: fc.boolean(),
  cutterError: fc.boolean(),
  mechanicalError: fc.boolean(),
  unrecoverable: fc.boolean(),
  autoRecoverable: fc.boolean(),
});

/** Multi-byte printer answers: ASB blocks, process-ID answers, clear answers. */
const answerArb = fc.oneof(
  conditionArb.map((c) => ({ bytes: asbFromCondition(c), expect: { kind: 'asb', bytes: asbFromCondition(c) } as PrinterResponse })),
  fc.stringMatching(/^\d{4}$/).map((id) => ({ bytes: [0x37, 0x22, ...[...id].map((c) => c.charCodeAt(0)), 0], expect: { kind: 'processId', id } as PrinterResponse })),
  fc.constant({ bytes: [0x37, 0x25, 0x00], expect: { kind: 'cleared' } as PrinterResponse }),
);

describe('printer answer decoder', () => {
  it('status bits: ASB and DLE EOT answers say the same thing', () => {
    fc.assert(
      fc.property(conditionArb, (c) => {
        const asb = conditionFromAsb(asbFromCondition(c));
        expect(asb).toEqual(c);
        const rt = conditionFromRealtime([realtimeByte(1, c), realtimeByte(2, c), realtimeByte(3, c), realtimeByte(4, c)]);
        expect(rt).toEqual(c);
      }),
    );
  });

  it('maps conditions to the common vocabulary', () => {
    expect(statusPatchOf(GOOD_CONDITION)).toEqual({ device: 'online', paper: 'full', reasons: [] });
    expect(statusPatchOf({ ...GOOD_CONDITION, paperOut: true })).toMatchObject({ device: 'online', paper: 'out', reasons: ['media-empty'] });
    expect(statusPatchOf({ ...GOOD_CONDITION, paperNearEnd: true })).toMatchObject({ paper: 'low', reasons: ['media-low'] });
    expect(statusPatchOf({ ...GOOD_CONDITION, coverOpen: true })).toMatchObject({ device: 'userError', reasons: ['cover-open'], action: 'clear' });
    expect(statusPatchOf({ ...GOOD_CONDITION, cutterError: true })).toMatchObject({ device: 'hardwareError', reasons: ['cutter-error'], action: 'clear' });
    expect(statusPatchOf({ ...GOOD_CONDITION, unrecoverable: true })).toMatchObject({ device: 'hardwareError', action: 'maintenance' });
  });

  it('property: arbitrary bytes cut anywhere never throw and never hold more than one answer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), fc.array(fc.nat(), { maxLength: 30 }), (bytes, cuts) => {
        const d = new ResponseDecoder();
        for (const part of split(bytes, cuts)) {
          d.push(part);
          expect(d.buffered).toBeLessThanOrEqual(6);
        }
        d.flush();
        expect(d.buffered).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('property: answers embedded in garbage, cut anywhere, are all found in order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.uint8Array({ maxLength: 20 }), answerArb), { minLength: 1, maxLength: 10 }), fc.array(fc.nat(), { maxLength: 20 }), (pieces, cuts) => {
        const stream = concat(pieces.flatMap(([g, a]) => [g, a.bytes]));
        const d = new ResponseDecoder();
        const found: PrinterResponse[] = [];
        for (const part of split(stream, cuts)) found.push(...d.push(part));
        found.push(...d.flush());
        const wanted = pieces.map(([, a]) => JSON.stringify(a.expect));
        let i = 0;
        for (const f of found) if (i < wanted.length && JSON.stringify(f) === wanted[i]) i++;
        // Garbage can forge an answer only by ending in a near-complete one (e.g. `37 22 d d d`): ~1 in 2^35.
        expect(i).toBe(wanted.length);
      }),
      { numRuns: 400 },
    );
  });
});

describe('ESC/POS parser (printer side)', () => {
  it('parses what the encoder writes, whatever the chunking', async () => {
    const encoded = await encodeReceipt(await sampleReceipt(), { paperDots: 576 });
    if (!encoded.ok) throw new Error(encoded.error.message);
    const whole = new EscPosParser().push(encoded.value);
    const kinds = whole.map((o) => o.op);
    expect(kinds).toEqual(expect.arrayContaining(['init', 'codePage', 'raster', 'align', 'bold', 'size', 'text', 'lf', 'qrModel', 'qrModuleSize', 'qrErrorCorrection', 'qrStore', 'qrPrint', 'feedLines', 'cut']));
    expect(kinds).not.toContain('unknown');
    const norm = (ops: EscPosOp[]) => {
      // Text runs may be cut differently; join adjacent ones.
      const out: string[] = [];
      for (const o of ops) {
        const s = o.op === 'text' ? `T:${Buffer.from(o.bytes).toString('latin1')}` : JSON.stringify(o, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));
        const last = out[out.length - 1];
        if (s.startsWith('T:') && last?.startsWith('T:')) out[out.length - 1] = last + s.slice(2);
        else out.push(s);
      }
      return out;
    };
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 60 }), (cuts) => {
        const p = new EscPosParser();
        const ops = split(encoded.value, cuts).flatMap((part) => p.push(part));
        expect(norm(ops)).toEqual(norm(whole));
      }),
      { numRuns: 100 },
    );
  });

  it('property: arbitrary bytes never throw and memory stays bounded', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 10_000 }), fc.array(fc.nat(), { maxLength: 30 }), (bytes, cuts) => {
        const p = new EscPosParser();
        for (const part of split(bytes, cuts)) {
          p.push(part);
          expect(p.buffered).toBeLessThanOrEqual(MAX_RASTER_BYTES + 16);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a declared raster or function larger than the buffer is consumed without being kept', () => {
    const p = new EscPosParser();
    // GS v 0 with 255 × 65535 bytes declared; then GS ( k with 60,000 bytes declared.
    const ops = p.push(Uint8Array.from([0x1d, 0x76, 0x30, 0, 255, 0, 255, 255]));
    expect(ops).toEqual([]);
    for (let i = 0; i < 100; i++) p.push(new Uint8Array(10_000));
    expect(p.buffered).toBe(0);
    const q = new EscPosParser();
    q.push(Uint8Array.from([0x1d, 0x28, 0x6b, 0x60, 0xea, 0x31, 0x50, 0x30]));
    const out = q.push(new Uint8Array(60_000 - 3));
    expect(out).toEqual([{ op: 'qrStore', data: null }]);
    expect(q.buffered).toBeLessThanOrEqual(MAX_FUNCTION_BYTES);
  });

  it('real-time status queries embedded among text and commands are all found', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 30 }), fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<1 | 2 | 3 | 4>)), fc.array(fc.nat(), { maxLength: 20 }), (pieces, cuts) => {
        const stream = concat(pieces.flatMap(([t, n]) => [Buffer.from(t.replace(/[^\x20-\x7e]/g, ''), 'latin1'), cmd.bold(true), cmd.realtimeStatus(n)]));
        const p = new EscPosParser();
        const ops = split(stream, cuts).flatMap((part) => p.push(part));
        expect(ops.filter((o) => o.op === 'realtimeStatus').map((o) => (o as { n: number }).n)).toEqual(pieces.map(([, n]) => n));
      }),
      { numRuns: 200 },
    );
  });
});
