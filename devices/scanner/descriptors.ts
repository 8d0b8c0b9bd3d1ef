import { CONSTANT, DATA_ARRAY_ABS, DATA_VAR_ABS, descriptor, hidItem as h } from '../common/hid/descriptor-builder.ts';

/** The boot keyboard of HID 1.11 appendix E.6, which keyboard-emulating scanners copy. */
export function bootKeyboardDescriptor(): Uint8Array {
  return descriptor(
    h.usagePage(0x01), h.usage(0x06), h.collection(1),
    h.usagePage(0x07), h.usageMin(0xe0), h.usageMax(0xe7), h.logicalMin(0), h.logicalMax(1), h.reportSize(1), h.reportCount(8), h.input(DATA_VAR_ABS),
    h.reportCount(1), h.reportSize(8), h.input(CONSTANT),
    h.reportCount(5), h.reportSize(1), h.usagePage(0x08), h.usageMin(1), h.usageMax(5), h.output(DATA_VAR_ABS),
    h.reportCount(1), h.reportSize(3), h.output(CONSTANT),
    h.reportCount(6), h.reportSize(8), h.logicalMin(0), h.logicalMax(0xff), h.usagePage(0x07), h.usageMin(0), h.usageMax(0xff), h.input(DATA_ARRAY_ABS),
    h.endCollection(),
  );
}

/**
 * A HID POS bar code scanner (usage page 0x8C, usage 0x02) with the 63-byte scanned-data input
 * report 2 laid out as Honeywell and Access-IS document it, and a vendor output report for commands.
 */
export function posScannerDescriptor(): Uint8Array {
  return descriptor(
    h.usagePage(0x8c), h.usage(0x02), h.collection(1),
    h.reportId(2), h.usage(0x12), h.collection(2),
    h.logicalMin(0), h.logicalMax(0xff), h.reportSize(8),
    h.usagePage(0xff00), h.usage(0x01), h.reportCount(1), h.input(DATA_VAR_ABS), // data length
    h.usagePage(0x8c), h.usage(0xfb), h.usage(0xfc), h.usage(0xfd), h.reportCount(3), h.input(DATA_VAR_ABS), // AIM symbology identifier
    h.usage(0xfe), h.reportCount(56), h.input(DATA_ARRAY_ABS | 0x100), // decoded data (buffered bytes)
    h.usagePage(0xff00), h.usage(0x02), h.reportCount(2), h.input(DATA_VAR_ABS), // vendor symbology, reserved
    h.usagePage(0x8c), h.usage(0xff), h.logicalMax(1), h.reportSize(1), h.reportCount(1), h.input(DATA_VAR_ABS), // decode data continued
    h.reportSize(7), h.input(CONSTANT),
    h.endCollection(),
    h.reportId(0xfd), h.usagePage(0xff00), h.usage(0x03), h.logicalMax(0xff), h.reportSize(8), h.reportCount(63), h.output(DATA_VAR_ABS),
    h.endCollection(),
  );
}
