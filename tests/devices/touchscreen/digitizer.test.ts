import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { descriptor, DATA_VAR_ABS, hidItem as h } from '../../../devices/common/hid/descriptor-builder.ts';
import { parseReportDescriptor } from '../../../devices/common/hid/report-descriptor.ts';
import { multiTouchDescriptor, singleTouchDescriptor } from '../../../devices/touchscreen/descriptors.ts';
import { encodeTouchFrame } from '../../../devices/touchscreen/digitizer-encoder.ts';
import { digitizerLayout, type DigitizerLayout } from '../../../devices/touchscreen/digitizer-layout.ts';
import { DigitizerParser } from '../../../devices/touchscreen/digitizer-parser.ts';

const hex = (s: string) => Uint8Array.from(s.trim().split(/\s+/).map((b) => parseInt(b, 16)));

function layoutOf(desc: Uint8Array): DigitizerLayout {
  const parsed = parseReportDescriptor(desc);
  if (!parsed.ok) throw new Error(parsed.error.detail);
  const layout = digitizerLayout(parsed.value);
  if (!layout.ok) throw new Error(layout.error.detail);
  return layout.value;
}

/**
 * Multi-touch report 1, written by hand: per finger [flags: tip|inRange<<1|confidence<<2] [contact id]
 * [X lo hi] [Y lo hi], two fingers, scan time (2 bytes), contact count. Logical range 0..4095.
 */
const FIX = {
  oneFingerDown: hex('01  07 05 ff 07 00 04  00 00 00 00 00 00  10 00  01'),
  oneFingerUp: hex('01  06 05 ff 07 00 04  00 00 00 00 00 00  20 00  01'),
  // Hybrid mode: 3 fingers. First report: count 3, fingers 0 and 1. Second: count 0, finger 2, then leftovers.
  hybridFirst: hex('01  07 00 00 00 00 00  07 01 ff 0f ff 0f  30 00  03'),
  hybridSecond: hex('01  07 02 00 08 00 08  07 09 34 12 34 12  30 00  00'),
  palm: hex('01  03 04 00 08 00 08  00 00 00 00 00 00  40 00  01'),
  mouse: hex('02  01  00 08 00 08'),
  outOfRange: hex('01  07 00 00 10 00 00  00 00 00 00 00 00  10 00  01'),
};

describe('digitizer reports from fixtures', () => {
  const layout = layoutOf(multiTouchDescriptor());

  it('finds two finger slots, the contact count and the report length in the descriptor', () => {
    expect(layout.reportId).toBe(1);
    expect(layout.reportBytes).toBe(15);
    expect(layout.slots).toHaveLength(2);
    expect(layout.contactCount?.bitOffset).toBe(14 * 8);
  });

  it('reads a finger down and up, normalised to the logical range', () => {
    const p = new DigitizerParser(layout);
    const down = p.push(FIX.oneFingerDown);
    expect(down).toEqual({ ok: true, value: { kind: 'contacts', contacts: [{ id: 5, tip: true, x: 2047 / 4095, y: 1024 / 4095 }] } });
    expect(p.push(FIX.oneFingerUp)).toMatchObject({ ok: true, value: { contacts: [{ id: 5, tip: false }] } });
  });

  it('reads a hybrid-mode frame and ignores the leftover slot past the count', () => {
    const p = new DigitizerParser(layout);
    const a = p.push(FIX.hybridFirst);
    const b = p.push(FIX.hybridSecond);
    expect(a.ok && a.value.kind === 'contacts' && a.value.contacts.map((c) => c.id)).toEqual([0, 1]);
    expect(b.ok && b.value.kind === 'contacts' && b.value.contacts.map((c) => [c.id, c.x, c.y])).toEqual([[2, 2048 / 4095, 2048 / 4095]]);
  });

  it('takes a contact with confidence 0 (a palm) as not touching', () => {
    expect(new DigitizerParser(layout).push(FIX.palm)).toMatchObject({ ok: true, value: { contacts: [{ id: 4, tip: false }] } });
  });

  it('ignores the mouse-emulation report of the same panel', () => {
    expect(new DigitizerParser(layout).push(FIX.mouse)).toEqual({ ok: true, value: { kind: 'otherReport' } });
  });

  it('rejects a truncated report and a coordinate outside the logical range', () => {
    const p = new DigitizerParser(layout);
    expect(p.push(FIX.oneFingerDown.subarray(0, 10))).toMatchObject({ ok: false, error: { code: 'truncated' } });
    expect(p.push(FIX.outOfRange)).toMatchObject({ ok: false, error: { code: 'outOfRange' } });
  });

  it('reads an old single-touch panel without report IDs', () => {
    const single = layoutOf(singleTouchDescriptor());
    expect(single.reportId).toBe(0);
    expect(new DigitizerParser(single).push(hex('01 ff 03 00 00'))).toEqual({ ok: true, value: { kind: 'contacts', contacts: [{ id: 0, tip: true, x: 1, y: 0 }] } });
  });

  it('reads a bit-packed panel (5-bit contact id, 12-bit X/Y)', () => {
    const packed = layoutOf(
      descriptor(
        h.usagePage(0x0d), h.usage(0x04), h.collection(1), h.reportId(3),
        h.usage(0x22), h.collection(2),
        h.logicalMin(0), h.logicalMax(1), h.reportSize(1), h.reportCount(1), h.usage(0x42), h.input(DATA_VAR_ABS),
        h.usage(0x32), h.input(DATA_VAR_ABS), h.usage(0x47), h.input(DATA_VAR_ABS),
        h.usage(0x51), h.reportSize(5), h.logicalMax(31), h.input(DATA_VAR_ABS),
        h.usagePage(0x01), h.reportSize(12), h.logicalMax(1000), h.usage(0x30), h.input(DATA_VAR_ABS), h.usage(0x31), h.input(DATA_VAR_ABS),
        h.endCollection(), h.endCollection(),
      ),
    );
    // byte0: tip=1 inRange=1 conf=1 id=9 (01001) → 0b01001_111 = 0x4f; X=500 (0x1f4) Y=250 (0x0fa) packed 12+12 bits.
    expect(new DigitizerParser(packed).push(hex('03 4f f4 a1 0f'))).toEqual({ ok: true, value: { kind: 'contacts', contacts: [{ id: 9, tip: true, x: 0.5, y: 0.25 }] } });
  });

  it('reports a descriptor without a touch collection or coordinates as typed errors', () => {
    const keyboard = parseReportDescriptor(hex('05 01 09 06 a1 01 75 08 95 08 81 02 c0'));
    expect(keyboard.ok && digitizerLayout(keyboard.value)).toMatchObject({ ok: false, error: { code: 'noTouchCollection' } });
    const noXY = parseReportDescriptor(hex('05 0d 09 04 a1 01 09 42 15 00 25 01 75 01 95 08 81 02 c0'));
    expect(noXY.ok && digitizerLayout(noXY.value)).toMatchObject({ ok: false, error: { code: 'noCoordinates' } });
  });
});

describe('digitizer parser under arbitrary input', () => {
  const layouts = [layoutOf(multiTouchDescriptor()), layoutOf(singleTouchDescriptor())];

  it('never throws on random reports, and contacts are always inside the screen', () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 1), fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 30 }), (which, reports) => {
        const p = new DigitizerParser(layouts[which]!);
        for (const r of reports) {
          const out = p.push(r);
          if (!out.ok) {
            expect(['truncated', 'outOfRange']).toContain(out.error.code);
            continue;
          }
          if (out.value.kind === 'otherReport') continue;
          expect(out.value.contacts.length).toBeLessThanOrEqual(layouts[which]!.slots.length);
          for (const c of out.value.contacts) {
            expect(c.x).toBeGreaterThanOrEqual(0);
            expect(c.x).toBeLessThanOrEqual(1);
            expect(c.y).toBeGreaterThanOrEqual(0);
            expect(c.y).toBeLessThanOrEqual(1);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('reads back any frame of up to 10 fingers the encoder writes (hybrid mode included)', () => {
    const layout = layouts[0]!;
    const coord = fc.integer({ min: 0, max: 4095 }).map((v) => v / 4095);
    const frame = fc.uniqueArray(fc.record({ id: fc.integer({ min: 0, max: 255 }), tip: fc.boolean(), x: coord, y: coord }), { selector: (c) => c.id, minLength: 1, maxLength: 10 });
    fc.assert(
      fc.property(frame, (contacts) => {
        const p = new DigitizerParser(layout);
        const read = encodeTouchFrame(layout, contacts).flatMap((r) => {
          const out = p.push(r);
          return out.ok && out.value.kind === 'contacts' ? out.value.contacts : [];
        });
        expect(read).toEqual(contacts);
      }),
      { numRuns: 500 },
    );
  });
});
