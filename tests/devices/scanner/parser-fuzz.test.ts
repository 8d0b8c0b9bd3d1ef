import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeKeyboardScan } from '../../../devices/scanner/keyboard-encoder.ts';
import { encodePosScan } from '../../../devices/scanner/pos-encoder.ts';
import { ScanParser, type ScanParserOptions } from '../../../devices/scanner/scan-parser.ts';
import type { ScanOutcome } from '../../../devices/scanner/types.ts';

const MAX = 64;
// eslint-disable-next-line no-control-regex -- control characters are what the parsers must keep out
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const options = (protocol: 'pos' | 'keyboard', keyboardReportId: number | null = null): ScanParserOptions => ({
  protocol,
  keyboardReportId,
  layout: 'us',
  maxLength: MAX,
  terminator: 'enter-or-tab',
  interKeyTimeoutMs: 300,
});

const printableAscii = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: MAX });
const report = fc.uint8Array({ minLength: 0, maxLength: 80 });
const gap = fc.integer({ min: 0, max: 1000 });

/** Every outcome the parser may produce: a printable scan within bounds, or a typed rejection without content. */
function checkOutcome(o: ScanOutcome): void {
  if (o.kind === 'scan') {
    expect(o.scan.text.length).toBeGreaterThan(0);
    expect([...o.scan.text].length).toBeLessThanOrEqual(MAX);
    expect(o.scan.text).not.toMatch(CONTROL);
  } else {
    expect(['tooLong', 'nonPrintable', 'incomplete', 'malformedReport', 'badEncoding']).toContain(o.error.code);
    expect(o.error.received).toBeGreaterThanOrEqual(0);
  }
}

describe('scan parsers under arbitrary input', () => {
  for (const [name, opts] of [
    ['keyboard', options('keyboard')],
    ['keyboard with report ID', options('keyboard', 1)],
    ['HID POS', options('pos')],
  ] as const) {
    it(`${name}: random reports at random times never throw, and every outcome is well-formed`, () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(report, gap), { maxLength: 60 }), (stream) => {
          const parser = new ScanParser(opts);
          let at = 0;
          for (const [r, g] of stream) {
            at += g;
            parser.push(r, at).forEach(checkOutcome);
          }
          const deadline = parser.deadline();
          if (deadline !== null) {
            const end = parser.tick(deadline);
            expect(end).toHaveLength(1);
            end.forEach(checkOutcome);
          }
          expect(parser.deadline()).toBeNull();
        }),
        { numRuns: 400 },
      );
    });
  }

  it('keyboard: any printable ASCII text, with any mix of quirks and suffix, reads back exactly', () => {
    fc.assert(
      fc.property(
        printableAscii,
        fc.record({ shiftReports: fc.boolean(), rollover: fc.boolean(), altNumpad: fc.boolean() }),
        fc.constantFrom('enter' as const, 'tab' as const),
        fc.constantFrom(null, 1),
        (text, quirks, suffix, reportId) => {
          const reps = encodeKeyboardScan(text, { layout: 'us', suffix, reportId, quirks });
          if (!reps.ok) throw new Error('printable ASCII must be typeable');
          const parser = new ScanParser(options('keyboard', reportId));
          const out = reps.value.flatMap((r, i) => parser.push(r, i));
          expect(out).toMatchObject([{ kind: 'scan', scan: { text, protocol: 'keyboard', aim: null, symbology: null } }]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('HID POS: any text without control characters reads back exactly, however many reports it takes', () => {
    const unicode = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => !CONTROL.test(s) && [...s].length <= MAX);
    fc.assert(
      fc.property(unicode, (text) => {
        const parser = new ScanParser(options('pos'));
        const out = encodePosScan(text).flatMap((r, i) => parser.push(r, i));
        expect(out).toMatchObject([{ kind: 'scan', scan: { text, protocol: 'pos', aim: ']Q1' } }]);
      }),
      { numRuns: 300 },
    );
  });

  it('HID POS: a scan with a broken scanned-data report inside is never accepted in part', () => {
    const broken = fc.oneof(
      fc.uint8Array({ minLength: 0, maxLength: 3 }).map((b) => Uint8Array.from([2, ...b])),
      fc.tuple(fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.integer({ min: 57, max: 255 })).map(([b, len]) => {
        b[0] = 2;
        b[1] = len;
        return b;
      }),
    );
    fc.assert(
      fc.property(printableAscii.filter((t) => t.length <= MAX / 3), broken, fc.nat(), (text, junk, cut) => {
        const reps = encodePosScan(text.repeat(3));
        const at = cut % (reps.length + 1);
        const stream = [...reps.slice(0, at), junk, ...reps.slice(at)];
        const parser = new ScanParser(options('pos'));
        const out = stream.flatMap((r, i) => parser.push(r, i));
        const end = parser.deadline();
        if (end !== null) out.push(...parser.tick(end));
        // Either the whole code or a rejection: never the tail or head of it on its own.
        for (const o of out) if (o.kind === 'scan') expect(o.scan.text).toBe(text.repeat(3));
      }),
      { numRuns: 300 },
    );
  });
});

