import { z } from 'zod';

/** A USB id as a number or as `lsusb` shows it (`"0x0c2e"`). */
const usbId = z.union([z.number().int().min(0).max(0xffff), z.string().regex(/^0x[0-9a-fA-F]{1,4}$/, 'a number or a hex string such as "0x0c2e"').transform((s) => parseInt(s, 16))]);

/** `devices.scanner` in the kiosk configuration; docs/devices/scanner.md explains each key. */
export const scannerConfigSchema = z
  .strictObject({
    mode: z.enum(['simulated', 'hid', 'none']).default('simulated'),
    /** USB vendor/product id (`lsusb`); required for keyboard emulation, where the usage page cannot tell a scanner from a keyboard. */
    vendorId: usbId.optional(),
    productId: usbId.optional(),
    /** `auto` reads the report descriptor: usage page 0x8C means HID POS, a keyboard collection means keyboard emulation. */
    protocol: z.enum(['auto', 'pos', 'keyboard']).default('auto'),
    /** Host keyboard layout the scanner is programmed for (keyboard emulation). */
    layout: z.enum(['us', 'id']).default('us'),
    /** Suffix the scanner sends after each code in keyboard emulation. */
    terminator: z.enum(['enter', 'tab', 'enter-or-tab', 'none']).default('enter-or-tab'),
    /** Longest text accepted; kiosk QR codes are far shorter. */
    maxLength: z.number().int().min(16).max(4096).default(1024),
    /** A pause this long inside a scan ends it (`terminator: none`) or marks it as cut off. */
    interKeyTimeoutMs: z.number().int().min(20).max(5000).default(300),
    /** The same text again within this window is ignored (presentation-mode re-reads). */
    repeatWindowMs: z.number().int().min(0).max(60000).default(3000),
    /** How often the HID bus is listed to find the scanner plugged or unplugged. */
    pollIntervalMs: z.number().int().min(200).max(60000).default(2000),
  })
  .superRefine((v, ctx) => {
    if (v.mode === 'hid' && v.protocol === 'keyboard' && (v.vendorId === undefined || v.productId === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['vendorId'], message: 'vendorId and productId are required for a keyboard-emulation scanner', input: undefined });
    }
  });

export type ScannerConfig = z.output<typeof scannerConfigSchema>;
