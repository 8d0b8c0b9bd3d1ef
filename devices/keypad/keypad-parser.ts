import { err, ok, type Result } from '../../core/result.ts';
import { readBits } from '../common/hid/report-bits.ts';
import { keyMeaning } from './key-map.ts';
import type { KeypadLayout } from './keypad-layout.ts';
import type { KeyPress, KeypadReportError } from './types.ts';

/** Usages 1..3 in a key array: ErrorRollOver, POSTFail, ErrorUndefined (too many keys at once). */
const PHANTOM_MAX = 0x03;

export type ParsedKeypadReport = { kind: 'keys'; presses: KeyPress[] } | { kind: 'otherReport' } | { kind: 'phantom' };

/**
 * Driver side: the keypad's input reports → key presses. A press is a usage that is in this report
 * and was not in the previous one, so a held key is one press and rollover reads right; a phantom
 * report (too many keys) is skipped without forgetting what was held.
 */
export class KeypadParser {
  #held = new Set<number>();

  constructor(private readonly layout: KeypadLayout) {}

  push(report: Uint8Array): Result<ParsedKeypadReport, KeypadReportError> {
    let payload = report;
    if (this.layout.reportId !== 0) {
      if (report.length === 0) return err({ code: 'truncated', detail: 'empty report' });
      if (report[0] !== this.layout.reportId) return ok({ kind: 'otherReport' });
      payload = report.subarray(1);
    }
    if (payload.length < this.layout.reportBytes) return err({ code: 'truncated', detail: `${payload.length} bytes, the key report has ${this.layout.reportBytes}` });
    const usages: number[] = [];
    for (const slot of this.layout.slots) {
      const v = readBits(payload, slot.bitOffset, slot.bitSize);
      if (v === null || v === 0) continue;
      const usage = slot.firstUsage + (v - slot.logicalMin);
      if (usage > slot.lastUsage) continue;
      usages.push(usage);
    }
    if (usages.some((u) => u >= 0x01 && u <= PHANTOM_MAX)) return ok({ kind: 'phantom' });
    const presses: KeyPress[] = usages.filter((u) => !this.#held.has(u)).map((usage) => ({ usage, meaning: keyMeaning(usage) }));
    this.#held = new Set(usages);
    return ok({ kind: 'keys', presses });
  }

  reset(): void {
    this.#held = new Set();
  }
}
