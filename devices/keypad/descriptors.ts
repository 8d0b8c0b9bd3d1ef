import { CONSTANT, DATA_ARRAY_ABS, DATA_VAR_ABS, descriptor, hidItem as h } from '../common/hid/descriptor-builder.ts';

/**
 * The simulated accessibility keypad: a keypad application collection (Generic Desktop 0x07) with
 * report ID 1 = modifiers, reserved byte and a six-key array over the whole keyboard page, which is
 * how tactile kiosk keypads describe themselves. A second vendor collection (report ID 3, the
 * keypad's LED/beeper feature) is there so the parser has to pick the right report.
 */
export function accessibilityKeypadDescriptor(): Uint8Array {
  return descriptor(
    h.usagePage(0x01), h.usage(0x07), h.collection(1),
    h.reportId(1),
    h.usagePage(0x07), h.usageMin(0xe0), h.usageMax(0xe7), h.logicalMin(0), h.logicalMax(1), h.reportSize(1), h.reportCount(8), h.input(DATA_VAR_ABS),
    h.reportCount(1), h.reportSize(8), h.input(CONSTANT),
    h.reportCount(6), h.reportSize(8), h.logicalMin(0), h.logicalMax(0xff), h.usagePage(0x07), h.usageMin(0), h.usageMax(0xff), h.input(DATA_ARRAY_ABS),
    h.endCollection(),
    h.usagePage(0xff00), h.usage(0x01), h.collection(1),
    h.reportId(3), h.usage(0x02), h.logicalMin(0), h.logicalMax(0xff), h.reportSize(8), h.reportCount(4), h.input(DATA_VAR_ABS),
    h.endCollection(),
  );
}
