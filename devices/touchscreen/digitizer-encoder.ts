import { writeBits } from '../common/hid/report-bits.ts';
import type { DigitizerLayout } from './digitizer-layout.ts';
import type { Contact } from './types.ts';

/**
 * One frame of contacts → the touch reports a panel sends for it, laid out by its descriptor
 * (hybrid mode when the frame has more fingers than a report has slots). Used by the simulator.
 */
export function encodeTouchFrame(layout: DigitizerLayout, contacts: readonly Contact[]): Uint8Array[] {
  const reports: Uint8Array[] = [];
  const perReport = layout.slots.length;
  const chunks = Math.max(1, layout.contactCount ? Math.ceil(contacts.length / perReport) : 1);
  for (let r = 0; r < chunks; r++) {
    const payload = new Uint8Array(layout.reportBytes);
    const chunk = contacts.slice(r * perReport, (r + 1) * perReport);
    chunk.forEach((c, i) => {
      const slot = layout.slots[i]!;
      const scale = (f: { logicalMin: number; logicalMax: number }, v: number) => Math.round(f.logicalMin + v * (f.logicalMax - f.logicalMin));
      writeBits(payload, slot.x.bitOffset, slot.x.bitSize, scale(slot.x, c.x));
      writeBits(payload, slot.y.bitOffset, slot.y.bitSize, scale(slot.y, c.y));
      for (const f of [slot.tip, slot.inRange]) if (f) writeBits(payload, f.bitOffset, f.bitSize, c.tip ? 1 : 0);
      if (slot.confidence) writeBits(payload, slot.confidence.bitOffset, slot.confidence.bitSize, 1);
      if (slot.contactId) writeBits(payload, slot.contactId.bitOffset, slot.contactId.bitSize, c.id);
    });
    if (layout.contactCount) writeBits(payload, layout.contactCount.bitOffset, layout.contactCount.bitSize, r === 0 ? contacts.length : 0);
    reports.push(layout.reportId === 0 ? payload : Uint8Array.from([layout.reportId, ...payload]));
  }
  return reports;
}
