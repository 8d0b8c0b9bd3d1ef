import { z } from 'zod';

/** What the dev panel can do to the simulators and the journey clock (simulator mode only). */
export const devPanelActionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('card.tap'), nik: z.string().regex(/^\d{16}$/) }),
  z.strictObject({ action: z.literal('card.tapForeign') }),
  z.strictObject({ action: z.literal('card.remove') }),
  /** Holds the reader's answer to opening the card (a slow chip), or lets it go. */
  z.strictObject({ action: z.literal('card.hold'), held: z.boolean() }),
  z.strictObject({ action: z.literal('finger.next'), quality: z.enum(['good', 'bad', 'poor', 'none']), times: z.number().int().min(1).max(10).default(1) }),
  z.strictObject({ action: z.literal('scanner.scan'), text: z.string().min(1).max(2000) }),
  z.strictObject({ action: z.literal('touch.gesture') }),
  z.strictObject({ action: z.literal('printer.faults'), printer: z.enum(['a4', 'card']), mediaEmpty: z.boolean().optional(), jam: z.boolean().optional(), offline: z.boolean().optional() }),
  z.strictObject({ action: z.literal('receipt.paper'), state: z.enum(['full', 'nearEnd', 'out']) }),
  z.strictObject({ action: z.literal('receipt.cover'), open: z.boolean() }),
  z.strictObject({ action: z.literal('device.plug'), device: z.enum(['cardReader', 'receiptPrinter', 'scanner']), plugged: z.boolean() }),
  z.strictObject({ action: z.literal('keypad.press'), key: z.enum(['up', 'down', 'left', 'right', 'ok', 'back', 'help', 'volumeUp', 'volumeDown', 'speed', 'erase']) }),
  z.strictObject({ action: z.literal('keypad.digit'), digit: z.number().int().min(0).max(9) }),
  z.strictObject({ action: z.literal('keypad.plug'), plugged: z.boolean() }),
  z.strictObject({ action: z.literal('headphones.plug'), plugged: z.boolean() }),
  z.strictObject({ action: z.literal('clock.skip'), ms: z.number().int().min(1).max(3_600_000) }),
  z.strictObject({ action: z.literal('service.fleet'), outOfService: z.boolean() }),
  z.strictObject({ action: z.literal('ups.power'), status: z.enum(['OL', 'OL CHRG', 'OB DISCHRG', 'OB DISCHRG LB']), chargePct: z.number().min(0).max(100), runtimeS: z.number().int().min(0).max(86400) }),
  z.strictObject({ action: z.literal('ups.fault'), fault: z.enum(['none', 'garbage', 'silent', 'stale', 'driver-gone']) }),
]);

export type DevPanelAction = z.infer<typeof devPanelActionSchema>;
