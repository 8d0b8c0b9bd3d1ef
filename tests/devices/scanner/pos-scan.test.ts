import { describe, expect, it } from 'vitest';
import { encodePosScan } from '../../../devices/scanner/pos-encoder.ts';
import { ScanParser, type ScanParserOptions } from '../../../devices/scanner/scan-parser.ts';
import type { ScanOutcome } from '../../../devices/scanner/types.ts';
import * as fx from './fixtures.ts';

const base: ScanParserOptions = { protocol: 'pos', layout: 'us', maxLength: 256, terminator: 'enter-or-tab', interKeyTimeoutMs: 300 };

function feed(parser: ScanParser, reps: Uint8Array[], start = 1000): ScanOutcome[] {
  return reps.flatMap((r, i) => parser.push(r, start + i));
}

describe('HID POS scanned-data reports', () => {
  it('reads a one-report QR with its AIM symbology', () => {
    const out = feed(new ScanParser(base), [fx.posSingle()]);
    expect(out).toEqual([{ kind: 'scan', scan: { text: 'ADM-1', protocol: 'pos', aim: ']Q1', symbology: 'qr', at: 1000 } }]);
  });

  it('joins a long code sent over several reports, including a UTF-8 character split between two', () => {
    const text = `${'x'.repeat(55)}é${'y'.repeat(60)}`; // é straddles the 56-byte boundary
    const reps = encodePosScan(text);
    expect(reps).toHaveLength(3);
    expect(reps[0]![63]).toBe(1);
    expect(reps[2]![63]).toBe(0);
    expect(feed(new ScanParser(base), reps)).toMatchObject([{ kind: 'scan', scan: { text } }]);
  });

  it('strips the one suffix some scanners keep in HID POS mode', () => {
    expect(feed(new ScanParser(base), encodePosScan('QR-TEXT', { suffix: '\r\n' }))).toMatchObject([{ kind: 'scan', scan: { text: 'QR-TEXT' } }]);
  });

  it('names other symbologies from the AIM identifier', () => {
    expect(feed(new ScanParser(base), encodePosScan('12345', { aim: ']C0' }))).toMatchObject([{ kind: 'scan', scan: { symbology: 'code128' } }]);
  });

  it('ignores reports with other report IDs (attribute and status reports)', () => {
    const parser = new ScanParser(base);
    const other = new Uint8Array(64);
    other[0] = 4;
    expect(feed(parser, [other, fx.posSingle()])).toHaveLength(1);
    expect(parser.ignoredReports).toBe(1);
  });

  it('ignores an empty final report', () => {
    const empty = new Uint8Array(64);
    empty[0] = 2;
    expect(feed(new ScanParser(base), [empty])).toEqual([]);
  });

  it('rejects a multi-report code whose next report never comes, at its deadline', () => {
    const parser = new ScanParser(base);
    const reps = encodePosScan('z'.repeat(100));
    expect(feed(parser, [reps[0]!])).toEqual([]);
    expect(parser.tick(parser.deadline()!)).toMatchObject([{ kind: 'rejected', error: { code: 'incomplete', protocol: 'pos', received: 56 } }]);
  });

  it('rejects a data length that does not fit the report', () => {
    const bad = fx.posSingle();
    bad[1] = 60;
    expect(feed(new ScanParser(base), [bad])).toMatchObject([{ kind: 'rejected', error: { code: 'malformedReport' } }]);
  });

  it('rejects a report too short to be a scanned-data report, and absorbs what follows it', () => {
    const parser = new ScanParser(base);
    const out = feed(parser, [fx.hex('02 05 5d'), fx.posSingle()]);
    expect(out).toMatchObject([{ kind: 'rejected', error: { code: 'malformedReport' } }]);
  });

  it('rejects data that is not UTF-8', () => {
    const reps = encodePosScan(Uint8Array.from([0x41, 0xc3, 0x28]));
    expect(feed(new ScanParser(base), reps)).toMatchObject([{ kind: 'rejected', error: { code: 'badEncoding', received: 3 } }]);
  });

  it('rejects control characters (a GS1 group separator, an escape sequence)', () => {
    expect(feed(new ScanParser(base), encodePosScan('01\u001d17'))).toMatchObject([{ kind: 'rejected', error: { code: 'nonPrintable' } }]);
    expect(feed(new ScanParser(base), encodePosScan('\u001b[2J'))).toMatchObject([{ kind: 'rejected', error: { code: 'nonPrintable' } }]);
  });

  it('rejects over-long codes and stops keeping bytes past the bound', () => {
    const parser = new ScanParser({ ...base, maxLength: 16 });
    const out = feed(parser, encodePosScan('q'.repeat(17)));
    expect(out).toMatchObject([{ kind: 'rejected', error: { code: 'tooLong' } }]);
    const huge = feed(parser, encodePosScan('q'.repeat(5000)), 5000);
    expect(huge).toMatchObject([{ kind: 'rejected', error: { code: 'tooLong', received: 5000 } }]);
  });
});
