import { z } from 'zod';

/** A USB id as a number or as `lsusb` shows it (`"0x0c2e"`). */
const usbId = z.union([z.number().int().min(0).max(0xffff), z.string().regex(/^0x[0-9a-fA-F]{1,4}$/, 'a number or a hex string such as "0x0c2e"').transform((s) => parseInt(s, 16))]);
const corner = z.enum(['topLeft', 'topRight', 'bottomRight', 'bottomLeft']);

/** `devices.touchscreen` in the kiosk configuration; docs/devices/touchscreen.md explains each key. */
export const touchscreenConfigSchema = z.strictObject({
  mode: z.enum(['simulated', 'hid', 'none']).default('simulated'),
  /** USB vendor/product id (`lsusb`); without them any HID touch screen (usage page 0x0D, usage 0x04) is used. */
  vendorId: usbId.optional(),
  productId: usbId.optional(),
  pollIntervalMs: z.number().int().min(200).max(60000).default(2000),
  /** The hidden technician entry: taps in these corners, in this order, within `windowMs`. */
  gesture: z
    .strictObject({
      sequence: z.array(corner).min(3).max(8).default(['topLeft', 'topRight', 'bottomRight', 'bottomLeft']),
      /** Corner zone as a fraction of width and height. */
      cornerSize: z.number().min(0.02).max(0.3).default(0.1),
      windowMs: z.number().int().min(1000).max(30000).default(8000),
      /** Longest press that still counts as a tap. */
      maxTapMs: z.number().int().min(100).max(3000).default(800),
    })
    .prefault({}),
  /** Dead-zone hints: the panel is a grid; a cell untouched for long while the rest is used is reported. */
  health: z
    .strictObject({
      columns: z.number().int().min(1).max(16).default(4),
      rows: z.number().int().min(1).max(16).default(3),
      silentAfterMs: z.number().int().min(60_000).default(7 * 24 * 3600 * 1000),
      minTouchesElsewhere: z.number().int().min(1).default(300),
      checkIntervalMs: z.number().int().min(1000).default(60_000),
    })
    .prefault({}),
});

export type TouchscreenConfig = z.output<typeof touchscreenConfigSchema>;
