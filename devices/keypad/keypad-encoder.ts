import { writeBits } from '../common/hid/report-bits.ts';
import type { KeypadLayout } from './keypad-layout.ts';

/** Simulator side: the usages held down → the keypad's input report, laid out by its descriptor. */
export function encodeKeyReport(layout: KeypadLayout, held: readonly number[]): Uint8Array {
  const payload = new Uint8Array(layout.reportBytes);
  const keys = held.length > layout.slots.length ? Array(layout.slots.length).fill(0x01) : held;
  keys.forEach((usage, i) => {
    const slot = layout.slots[i]!;
    writeBits(payload, slot.bitOffset, slot.bitSize, usage - slot.firstUsage + slot.logicalMin);
  });
  return layout.reportId === 0 ? payload : Uint8Array.from([layout.reportId, ...payload]);
}
