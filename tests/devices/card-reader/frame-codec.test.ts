import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { crc16 } from '../../../devices/card-reader/crc16.ts';
import { encodeFrame, FrameDecoder, FrameTooLarge, MAX_PAYLOAD, type Decoded, type Frame } from '../../../devices/card-reader/frame-codec.ts';

const frameArb = fc.record({
  seq: fc.integer({ min: 0, max: 255 }),
  cmd: fc.integer({ min: 0, max: 255 }),
  payload: fc.uint8Array({ maxLength: 300 }),
});

/** Cuts `bytes` at the given points (any order, duplicates allowed). */
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

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const framesOf = (ds: Decoded[]): Frame[] => ds.flatMap((d) => (d.kind === 'frame' ? [d.frame] : []));

describe('reader frame codec', () => {
  it('CRC-16/CCITT-FALSE check value', () => {
    expect(crc16(new TextEncoder().encode('123456789'))).toBe(0x29b1);
  });

  it('round-trips a frame', () => {
    const f = { seq: 7, cmd: 0x41, payload: Uint8Array.from([0, 1, 2, 3]) };
    expect(framesOf(new FrameDecoder().push(encodeFrame(f)))).toEqual([f]);
  });

  it('refuses to encode an oversized payload', () => {
    expect(() => encodeFrame({ seq: 1, cmd: 1, payload: new Uint8Array(MAX_PAYLOAD + 1) })).toThrow(FrameTooLarge);
  });

  it('drops a frame with a bad CRC, one with no ETX, and an absurd length, then finds the next good one', () => {
    const good = encodeFrame({ seq: 2, cmd: 0x41, payload: Uint8Array.from([9]) });
    const badCrc = Uint8Array.from(good);
    badCrc[badCrc.length - 2] = (badCrc[badCrc.length - 2] as number) ^ 1;
    const noEtx = Uint8Array.from(good);
    noEtx[noEtx.length - 1] = 0x00;
    const absurd = Uint8Array.from([0x02, 0xff, 0xff]);
    const d = new FrameDecoder();
    const out = [...d.push(concat([badCrc, noEtx, absurd, good]))];
    expect(framesOf(out)).toHaveLength(1);
    const reasons = out.flatMap((x) => (x.kind === 'dropped' ? [x.reason] : []));
    expect(reasons).toEqual(expect.arrayContaining(['crc', 'framing', 'length', 'garbage']));
  });

  it('flush() abandons a frame cut short so a good frame behind its false start is found', () => {
    const good = encodeFrame({ seq: 3, cmd: 0x41, payload: Uint8Array.from([1, 2]) });
    // A false start that claims 1000 bytes; the good frame would otherwise wait inside it.
    const d = new FrameDecoder();
    expect(framesOf(d.push(concat([Uint8Array.from([0x02, 0x03, 0xe8, 0x00]), good])))).toHaveLength(0);
    expect(framesOf(d.flush())).toHaveLength(1);
    expect(d.buffered).toBe(0);
  });

  it('property: arbitrary bytes cut anywhere never throw and the buffer stays within one maximal frame', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20_000 }), fc.array(fc.nat(), { maxLength: 40 }), (bytes, cuts) => {
        const d = new FrameDecoder();
        for (const part of split(bytes, cuts)) {
          d.push(part);
          expect(d.buffered).toBeLessThanOrEqual(d.capacity);
          expect(d.capacity).toBe(MAX_PAYLOAD + 8);
        }
        d.flush();
        expect(d.buffered).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('property: valid frames embedded in garbage, cut at arbitrary points, are all found in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.uint8Array({ maxLength: 64 }), frameArb), { minLength: 1, maxLength: 8 }),
        fc.uint8Array({ maxLength: 64 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (pieces, tail, cuts) => {
          const stream = concat([...pieces.flatMap(([garbage, f]) => [garbage, encodeFrame(f)]), tail]);
          const d = new FrameDecoder();
          const found: Frame[] = [];
          for (const part of split(stream, cuts)) found.push(...framesOf(d.push(part)));
          found.push(...framesOf(d.flush()));
          // Garbage could in theory forge a frame (CRC + ETX: ~1 in 16 million); the sent ones must all be there, in order.
          const expected = pieces.map(([, f]) => f);
          let i = 0;
          for (const f of found) if (i < expected.length && Buffer.from(encodeFrame(f)).equals(Buffer.from(encodeFrame(expected[i] as Frame)))) i++;
          expect(i).toBe(expected.length);
        },
      ),
      { numRuns: 400 },
    );
  });
});
