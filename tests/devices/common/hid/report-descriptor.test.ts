import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONSTANT, DATA_VAR_ABS, descriptor, hidItem as h } from '../../../../devices/common/hid/descriptor-builder.ts';
import { readBits, writeBits } from '../../../../devices/common/hid/report-bits.ts';
import { MAX_DESCRIPTOR_BYTES, parseReportDescriptor, reportKey } from '../../../../devices/common/hid/report-descriptor.ts';
import { bootKeyboardDescriptor, posScannerDescriptor } from '../../../../devices/scanner/descriptors.ts';
import { multiTouchDescriptor } from '../../../../devices/touchscreen/descriptors.ts';

const hex = (s: string) => Uint8Array.from(s.trim().split(/\s+/).map((b) => parseInt(b, 16)));

describe('HID report descriptor parser', () => {
  it('reads the boot keyboard of HID 1.11 appendix E.6, written out byte by byte', () => {
    const bytes = hex(`05 01 09 06 a1 01 05 07 19 e0 29 e7 15 00 25 01 75 01 95 08 81 02 95 01 75 08 81 01
      95 05 75 01 05 08 19 01 29 05 91 02 95 01 75 03 91 01 95 06 75 08 15 00 25 65 05 07 19 00 29 65 81 00 c0`);
    const parsed = parseReportDescriptor(bytes);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const d = parsed.value;
    expect(d.usesReportIds).toBe(false);
    expect(d.applications).toEqual([{ index: 0, usagePage: 1, usage: 6, inputReportIds: [0] }]);
    expect(d.reportBytes.get(reportKey('input', 0))).toBe(8);
    expect(d.reportBytes.get(reportKey('output', 0))).toBe(1);
    const inputs = d.fields.filter((f) => f.kind === 'input');
    // 8 modifier bits, then (after the constant byte) 6 array slots at byte 2.
    expect(inputs.slice(0, 8).map((f) => [f.usagePage, f.usage, f.bitOffset])).toEqual(
      Array.from({ length: 8 }, (_, i) => [7, 0xe0 + i, i]),
    );
    expect(inputs.slice(8).map((f) => [f.bitOffset, f.bitSize, f.arrayUsages])).toEqual(
      Array.from({ length: 6 }, (_, i) => [16 + 8 * i, 8, [[0x70000, 0x70065]]]),
    );
    // Our simulated keyboard's descriptor is the same keyboard.
    const ours = parseReportDescriptor(bootKeyboardDescriptor());
    expect(ours.ok && ours.value.reportBytes.get('input:0')).toBe(8);
  });

  it('places bit-packed fields (5-bit contact id, 12-bit X/Y) and reads them back', () => {
    const bytes = descriptor(
      h.usagePage(0x0d), h.usage(0x04), h.collection(1), h.reportId(7),
      h.usage(0x22), h.collection(2),
      h.logicalMin(0), h.logicalMax(1), h.reportSize(1), h.reportCount(1), h.usage(0x42), h.input(DATA_VAR_ABS),
      h.usage(0x51), h.reportSize(5), h.logicalMax(31), h.input(DATA_VAR_ABS),
      h.reportSize(2), h.input(CONSTANT),
      h.push(), h.usagePage(0x01), h.reportSize(12), h.logicalMax(4000), h.usage(0x30), h.input(DATA_VAR_ABS), h.usage(0x31), h.input(DATA_VAR_ABS), h.pop(),
      h.endCollection(),
      h.usage(0x54), h.reportSize(8), h.logicalMax(10), h.input(DATA_VAR_ABS),
      h.endCollection(),
    );
    const parsed = parseReportDescriptor(bytes);
    if (!parsed.ok) throw new Error(parsed.error.detail);
    const f = (page: number, usage: number) => parsed.value.fields.find((x) => x.usagePage === page && x.usage === usage)!;
    expect([f(0x0d, 0x42).bitOffset, f(0x0d, 0x51).bitOffset, f(1, 0x30).bitOffset, f(1, 0x31).bitOffset, f(0x0d, 0x54).bitOffset]).toEqual([0, 1, 8, 20, 32]);
    // Pop restored the digitizer page and report size 2 → the count after the collection is page 0x0D again.
    expect(f(0x0d, 0x54).usagePage).toBe(0x0d);
    expect(parsed.value.reportBytes.get('input:7')).toBe(5);
    const payload = new Uint8Array(5);
    writeBits(payload, 8, 12, 3999);
    writeBits(payload, 20, 12, 17);
    writeBits(payload, 1, 5, 29);
    expect([readBits(payload, 8, 12), readBits(payload, 20, 12), readBits(payload, 1, 5)]).toEqual([3999, 17, 29]);
    expect(f(0x0d, 0x51).collections.map((c) => c.type)).toEqual([1, 2]);
  });

  it('reads a logical maximum written as a negative number as unsigned (a common firmware quirk)', () => {
    const bytes = hex('05 01 09 02 a1 01 09 30 15 00 26 ff ff 75 10 95 01 81 02 c0');
    const parsed = parseReportDescriptor(bytes);
    expect(parsed.ok && parsed.value.fields[0]!.logicalMax).toBe(65535);
    const signedAxis = parseReportDescriptor(hex('05 01 09 02 a1 01 09 30 15 81 25 7f 75 08 95 01 81 06 c0'));
    expect(signedAxis.ok && [signedAxis.value.fields[0]!.logicalMin, signedAxis.value.fields[0]!.logicalMax]).toEqual([-127, 127]);
  });

  it('reads 32-bit usages that carry their own page, and skips long items', () => {
    const bytes = hex('0b 04 00 0d 00 a1 01 fe 02 01 aa bb 0b 42 00 0d 00 15 00 25 01 75 01 95 08 81 02 c0');
    const parsed = parseReportDescriptor(bytes);
    expect(parsed.ok && parsed.value.applications[0]).toMatchObject({ usagePage: 0x0d, usage: 0x04 });
    expect(parsed.ok && parsed.value.fields[0]).toMatchObject({ usagePage: 0x0d, usage: 0x42 });
  });

  it('lists the applications and input report IDs of our simulated devices', () => {
    const touch = parseReportDescriptor(multiTouchDescriptor());
    expect(touch.ok && touch.value.applications.map((a) => [a.usagePage, a.usage, a.inputReportIds])).toEqual([[0x0d, 0x04, [1]], [0x01, 0x02, [2]]]);
    const pos = parseReportDescriptor(posScannerDescriptor());
    expect(pos.ok && pos.value.applications.map((a) => [a.usagePage, a.usage, a.inputReportIds])).toEqual([[0x8c, 0x02, [2]]]);
    expect(pos.ok && pos.value.reportBytes.get('input:2')).toBe(63);
  });

  it.each([
    ['truncated', '05'],
    ['truncated', 'fe 05 00 01'],
    ['unbalancedCollection', 'c0'],
    ['unbalancedCollection', '05 01 09 06 a1 01'],
    ['popWithoutPush', 'b4'],
    ['badReportId', '85 00'],
    ['reportTooLong', '75 20 97 ff ff 00 00 81 02'],
    ['stackOverflow', 'a4 '.repeat(17)],
    ['stackOverflow', 'a1 00 '.repeat(33)],
    ['tooManyFields', '09 01 '.repeat(1025)],
  ])('rejects a broken descriptor: %s', (code, bytes) => {
    const parsed = parseReportDescriptor(hex(bytes));
    expect(parsed).toMatchObject({ ok: false, error: { code } });
  });

  it('rejects a descriptor longer than the kernel allows', () => {
    expect(parseReportDescriptor(new Uint8Array(MAX_DESCRIPTOR_BYTES + 1))).toMatchObject({ ok: false, error: { code: 'tooLong' } });
  });

  it('never throws on arbitrary bytes, and every field it yields lies inside its report', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const parsed = parseReportDescriptor(bytes);
        if (!parsed.ok) return;
        for (const f of parsed.value.fields) {
          const len = parsed.value.reportBytes.get(reportKey(f.kind, f.reportId))!;
          expect(f.bitOffset + f.bitSize).toBeLessThanOrEqual(len * 8);
          expect(f.bitSize).toBeGreaterThanOrEqual(1);
          expect(f.bitSize).toBeLessThanOrEqual(32);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('bit fields', () => {
  it('round-trips any value through any placement, and refuses fields past the end', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 32 }), fc.integer({ min: 0, max: 64 }), fc.double({ min: 0, max: 1, noNaN: true }), (size, offset, frac) => {
        const bytes = new Uint8Array(16);
        const value = Math.floor(frac * (2 ** size - 1));
        writeBits(bytes, offset, size, value);
        expect(readBits(bytes, offset, size)).toBe(value);
        const signed = value >= 2 ** (size - 1) ? value - 2 ** size : value;
        expect(readBits(bytes, offset, size, true)).toBe(signed);
      }),
    );
    expect(readBits(new Uint8Array(2), 10, 8)).toBeNull();
    expect(() => writeBits(new Uint8Array(2), 10, 8, 1)).toThrow(RangeError);
  });
});
