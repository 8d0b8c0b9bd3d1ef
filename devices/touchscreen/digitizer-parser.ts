import { err, ok, type Result } from '../../core/result.ts';
import { readBits } from '../common/hid/report-bits.ts';
import type { ReportField } from '../common/hid/report-descriptor.ts';
import type { DigitizerLayout } from './digitizer-layout.ts';
import type { Contact } from './types.ts';
import type { DigitizerReportError } from './errors.ts';

export type ParsedReport = { kind: 'contacts'; contacts: Contact[] } | { kind: 'otherReport' };

const signedField = (f: ReportField) => f.logicalMin < 0;
const read = (payload: Uint8Array, f: ReportField) => readBits(payload, f.bitOffset, f.bitSize, signedField(f));

/**
 * Reads touch reports laid out by the device's own descriptor. Multi-touch screens in hybrid mode
 * send a frame of N contacts over several reports: the first carries the count, the rest carry 0,
 * and slots past the count hold leftovers that must not be read as fingers.
 */
export class DigitizerParser {
  #remaining = 0;

  constructor(private readonly layout: DigitizerLayout) {}

  push(report: Uint8Array): Result<ParsedReport, DigitizerReportError> {
    const { layout } = this;
    let payload = report;
    if (layout.reportId !== 0) {
      if (report[0] !== layout.reportId) return ok({ kind: 'otherReport' });
      payload = report.subarray(1);
    }
    if (payload.length < layout.reportBytes) return err({ code: 'truncated', detail: `touch report of ${payload.length} bytes, ${layout.reportBytes} expected` });

    let valid = layout.slots.length;
    if (layout.contactCount) {
      const count = read(payload, layout.contactCount) ?? 0;
      if (count > 0) {
        valid = Math.min(count, layout.slots.length);
        this.#remaining = count - valid;
      } else {
        valid = Math.min(this.#remaining, layout.slots.length);
        this.#remaining -= valid;
      }
    }
    const contacts: Contact[] = [];
    for (let i = 0; i < valid; i++) {
      const slot = layout.slots[i]!;
      const rawX = read(payload, slot.x)!;
      const rawY = read(payload, slot.y)!;
      const tipField = slot.tip ?? slot.inRange;
      const touching = tipField ? read(payload, tipField) === 1 : true;
      // Confidence 0 is a palm or an accidental contact: the device asks the host to treat it as lifted.
      const confident = slot.confidence ? read(payload, slot.confidence) === 1 : true;
      if (touching && (rawX < slot.x.logicalMin || rawX > slot.x.logicalMax || rawY < slot.y.logicalMin || rawY > slot.y.logicalMax)) {
        this.#remaining = 0;
        return err({ code: 'outOfRange', detail: `contact ${i} at (${rawX}, ${rawY}) outside the logical range` });
      }
      contacts.push({
        id: slot.contactId ? read(payload, slot.contactId)! : i,
        tip: touching && confident,
        x: clamp01((rawX - slot.x.logicalMin) / (slot.x.logicalMax - slot.x.logicalMin)),
        y: clamp01((rawY - slot.y.logicalMin) / (slot.y.logicalMax - slot.y.logicalMin)),
      });
    }
    return ok({ kind: 'contacts', contacts });
  }
}

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);
