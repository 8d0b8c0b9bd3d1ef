import { describe, expect, it } from 'vitest';
import { ScanParser, type ScanParserOptions } from '../../../devices/scanner/scan-parser.ts';
import type { ScanOutcome } from '../../../devices/scanner/types.ts';
import * as fx from './fixtures.ts';

const base: ScanParserOptions = { protocol: 'keyboard', layout: 'us', maxLength: 64, terminator: 'enter-or-tab', interKeyTimeoutMs: 300 };

/** Feeds reports 2 ms apart, as a scanner bursts them; returns everything that came out and the time reached. */
function feed(parser: ScanParser, reps: Uint8Array[], start = 1000): { out: ScanOutcome[]; at: number } {
  const out: ScanOutcome[] = [];
  let at = start;
  for (const r of reps) {
    out.push(...parser.push(r, at));
    at += 2;
  }
  return { out, at };
}

const texts = (out: ScanOutcome[]) => out.map((o) => (o.kind === 'scan' ? o.scan.text : `!${o.error.code}`));

describe('keyboard-emulation scans from report fixtures', () => {
  it('reads shift held in the key report', () => {
    const { out } = feed(new ScanParser(base), fx.plainWithShift);
    expect(texts(out)).toEqual(['Ab1']);
    expect(out[0]).toMatchObject({ kind: 'scan', scan: { protocol: 'keyboard', aim: null } });
  });

  it('reads shift sent in reports of its own', () => {
    expect(texts(feed(new ScanParser(base), fx.shiftReports).out)).toEqual(['Ab']);
  });

  it('reads key rollover, whatever slot the new key lands in', () => {
    expect(texts(feed(new ScanParser(base), fx.rollover).out)).toEqual(['abc']);
    expect(texts(feed(new ScanParser(base), fx.rolloverReordered).out)).toEqual(['ab']);
  });

  it('ends a scan at a Tab suffix and at keypad Enter', () => {
    expect(texts(feed(new ScanParser(base), fx.tabSuffix).out)).toEqual(['ok']);
    expect(texts(feed(new ScanParser(base), fx.keypadDigitsAndEnter).out)).toEqual(['5']);
  });

  it('reads Alt + keypad codes', () => {
    expect(texts(feed(new ScanParser(base), fx.altNumpad).out)).toEqual(['A']);
  });

  it('skips an ErrorRollOver phantom report without losing the scan', () => {
    expect(texts(feed(new ScanParser(base), fx.phantomInside).out)).toEqual(['ab']);
  });

  it('reads keyboard reports behind a report ID and ignores the other reports of a composite device', () => {
    const parser = new ScanParser({ ...base, keyboardReportId: 1 });
    expect(texts(feed(parser, fx.withReportId).out)).toEqual(['Hi']);
    expect(parser.ignoredReports).toBe(1);
  });

  it('uses the same positions for the Indonesian layout', () => {
    expect(texts(feed(new ScanParser({ ...base, layout: 'id' }), fx.plainWithShift).out)).toEqual(['Ab1']);
  });

  it('ignores a stray Enter with nothing before it', () => {
    expect(feed(new ScanParser(base), fx.reports('00 00 28 00 00 00 00 00', '00 00 00 00 00 00 00 00')).out).toEqual([]);
  });
});

describe('keyboard-emulation rejections', () => {
  it('rejects a Ctrl+key inside a scan as non-printable, and the whole scan with it', () => {
    const { out } = feed(new ScanParser(base), fx.ctrlInside);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ kind: 'rejected', error: { code: 'nonPrintable', protocol: 'keyboard', received: 2 } });
  });

  it('rejects a function key as non-printable', () => {
    expect(texts(feed(new ScanParser(base), fx.functionKey).out)).toEqual(['!nonPrintable']);
  });

  it('rejects a half-finished scan when the pause runs out, and says so at the deadline', () => {
    const parser = new ScanParser(base);
    const { out, at } = feed(parser, fx.halfFinished);
    expect(out).toEqual([]);
    const deadline = parser.deadline();
    expect(deadline).not.toBeNull();
    expect(parser.tick(deadline! - 1)).toEqual([]);
    const late = parser.tick(deadline!);
    expect(late).toMatchObject([{ kind: 'rejected', error: { code: 'incomplete', received: 2 } }]);
    expect(parser.deadline()).toBeNull();
    // The next scan starts clean.
    expect(texts(feed(parser, fx.tabSuffix, at + 1000).out)).toEqual(['ok']);
  });

  it('rejects a scan cut off by the next one: the pause between them ends the first', () => {
    const parser = new ScanParser(base);
    const first = feed(parser, fx.halfFinished, 0);
    const second = feed(parser, fx.tabSuffix, first.at + 500);
    expect(texts([...first.out, ...second.out])).toEqual(['!incomplete', 'ok']);
  });

  it('rejects an over-long scan without keeping what came past the limit', () => {
    const parser = new ScanParser({ ...base, maxLength: 16 });
    const key = fx.reports('00 00 04 00 00 00 00 00', '00 00 00 00 00 00 00 00');
    const many = Array.from({ length: 40 }, () => key).flat();
    const { out } = feed(parser, [...many, ...fx.reports('00 00 28 00 00 00 00 00')]);
    expect(out).toMatchObject([{ kind: 'rejected', error: { code: 'tooLong', received: 40 } }]);
  });

  it('accepts exactly maxLength characters', () => {
    const parser = new ScanParser({ ...base, maxLength: 16 });
    const key = fx.reports('00 00 04 00 00 00 00 00', '00 00 00 00 00 00 00 00');
    const { out } = feed(parser, [...Array.from({ length: 16 }, () => key).flat(), ...fx.reports('00 00 28 00 00 00 00 00')]);
    expect(texts(out)).toEqual(['a'.repeat(16)]);
  });

  it('rejects a Tab when the scanner is set to end with Enter', () => {
    const parser = new ScanParser({ ...base, terminator: 'enter' });
    const { out } = feed(parser, [...fx.tabSuffix, ...fx.reports('00 00 28 00 00 00 00 00')]);
    expect(texts(out)).toEqual(['!nonPrintable']);
  });

  it('ends a scan by its pause when the scanner sends no suffix', () => {
    const parser = new ScanParser({ ...base, terminator: 'none' });
    feed(parser, fx.halfFinished);
    expect(texts(parser.tick(parser.deadline()!))).toEqual(['ab']);
  });

  it('rejects a malformed report inside a scan and absorbs the rest of that scan', () => {
    const parser = new ScanParser(base);
    const { out } = feed(parser, [fx.hex('00 00 04 00 00 00 00 00'), fx.hex('00 00'), ...fx.tabSuffix]);
    expect(out).toMatchObject([{ kind: 'rejected', error: { code: 'malformedReport' } }]);
  });

  it('rejects a keyboard report too short to hold modifiers and keys', () => {
    const parser = new ScanParser({ ...base, keyboardReportId: 1 });
    const { out } = feed(parser, fx.reports('01 00'));
    expect(parser.ignoredReports).toBe(0);
    const t = parser.tick(parser.deadline()!);
    expect(texts([...out, ...t])).toEqual(['!malformedReport']);
  });

  it('never puts the scanned text in a rejection', () => {
    const { out } = feed(new ScanParser(base), fx.ctrlInside);
    expect(JSON.stringify(out)).not.toMatch(/"a"|"b"|"ab"/);
  });
});

describe('Alt codes', () => {
  it('rejects an Alt code that is no printable character (Alt+0765)', () => {
    const r = fx.reports(
      '04 00 00 00 00 00 00 00',
      '04 00 62 00 00 00 00 00', '04 00 00 00 00 00 00 00',
      '04 00 5f 00 00 00 00 00', '04 00 00 00 00 00 00 00',
      '04 00 5e 00 00 00 00 00', '04 00 00 00 00 00 00 00',
      '04 00 5d 00 00 00 00 00', '04 00 00 00 00 00 00 00',
      '00 00 00 00 00 00 00 00',
      '00 00 28 00 00 00 00 00', '00 00 00 00 00 00 00 00',
    );
    expect(texts(feed(new ScanParser(base), r).out)).toEqual(['!nonPrintable']);
  });
});
