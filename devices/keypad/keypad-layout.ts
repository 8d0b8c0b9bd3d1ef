import { err, ok, type Result } from '../../core/result.ts';
import type { ReportDescriptor } from '../common/hid/report-descriptor.ts';
import { USAGE_KEYBOARD, USAGE_KEYPAD, USAGE_PAGE_GENERIC_DESKTOP, USAGE_PAGE_KEYBOARD } from '../common/hid/usages.ts';
import type { KeypadLayoutError } from './types.ts';


/** Where the pressed keys sit in the keypad's input report, read from its descriptor. */
export interface KeypadLayout {
  /** 0 when the device uses no report IDs. */
  reportId: number;
  /** Payload bytes after the report ID. */
  reportBytes: number;
  /** The key array slots: bit offset and size of each. */
  /** The key array slots; a slot's value v means usage `firstUsage + (v - logicalMin)` (0 = no key). */
  slots: Array<{ bitOffset: number; bitSize: number; logicalMin: number; firstUsage: number; lastUsage: number }>;
}

/**
 * Finds the key array (page 0x07 array field) inside the keypad or keyboard application
 * collection. Any vendor's layout reads the same way; a device without one is reported, not guessed.
 */
export function keypadLayout(d: ReportDescriptor): Result<KeypadLayout, KeypadLayoutError> {
  const app = d.applications.find((a) => a.usagePage === USAGE_PAGE_GENERIC_DESKTOP && (a.usage === USAGE_KEYPAD || a.usage === USAGE_KEYBOARD));
  if (!app) return err({ code: 'noKeyArray', detail: 'no keypad (0x01/0x07) or keyboard (0x01/0x06) application collection' });
  const fields = d.fields.filter((f) => f.kind === 'input' && f.arrayUsages !== null && f.usagePage === USAGE_PAGE_KEYBOARD && f.collections[0]?.index === app.index);
  const first = fields[0];
  if (!first) return err({ code: 'noKeyArray', detail: 'the keypad collection has no key array on the keyboard page' });
  const slots = fields
    .filter((f) => f.reportId === first.reportId)
    .map((f) => {
      const [lo, hi] = f.arrayUsages?.[0] ?? [0, 0];
      return { bitOffset: f.bitOffset, bitSize: f.bitSize, logicalMin: f.logicalMin, firstUsage: lo & 0xffff, lastUsage: hi & 0xffff };
    });
  const reportBytes = d.reportBytes.get(`input:${first.reportId}`) ?? 0;
  return ok({ reportId: first.reportId, reportBytes, slots });
}
