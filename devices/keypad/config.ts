import { z } from 'zod';

/** A USB id as a number or as `lsusb` shows it (`"0x0c2e"`). */
const usbId = z.union([z.number().int().min(0).max(0xffff), z.string().regex(/^0x[0-9a-fA-F]{1,4}$/, 'a number or a hex string such as "0x0c2e"').transform((s) => parseInt(s, 16))]);

/** `devices.keypad` in the kiosk configuration; docs/devices/keypad.md explains each key. */
export const keypadConfigSchema = z.strictObject({
  mode: z.enum(['simulated', 'hid', 'none']).default('simulated'),
  /** USB vendor/product id (`lsusb`); without them the first HID keypad/keyboard collection that is not the scanner is used. */
  vendorId: usbId.optional(),
  productId: usbId.optional(),
  pollIntervalMs: z.number().int().min(200).max(60000).default(2000),
});

export type KeypadConfig = z.output<typeof keypadConfigSchema>;
