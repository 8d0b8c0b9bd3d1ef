import { CONSTANT, DATA_VAR_ABS, descriptor, hidItem as h } from '../common/hid/descriptor-builder.ts';

/** One finger's logical collection in the Windows multi-touch layout most kiosk panels use. */
function finger(max: number): number[][] {
  return [
    h.usagePage(0x0d), h.usage(0x22), h.collection(2),
    h.logicalMin(0), h.logicalMax(1), h.reportSize(1), h.reportCount(1),
    h.usage(0x42), h.input(DATA_VAR_ABS), // tip switch
    h.usage(0x32), h.input(DATA_VAR_ABS), // in range
    h.usage(0x47), h.input(DATA_VAR_ABS), // confidence
    h.reportCount(5), h.input(CONSTANT),
    h.reportSize(8), h.reportCount(1), h.logicalMax(0xff), h.usage(0x51), h.input(DATA_VAR_ABS), // contact id
    h.usagePage(0x01), h.reportSize(16), h.logicalMax(max), h.physicalMax(0), h.unitExponent(0x0e), h.unit(0x11),
    h.usage(0x30), h.input(DATA_VAR_ABS), // X
    h.usage(0x31), h.input(DATA_VAR_ABS), // Y
    h.endCollection(),
  ];
}

/**
 * A 10-point capacitive touch screen (eGalax/ILITEK-style): report 1 carries two fingers, scan time
 * and contact count (hybrid mode: more fingers follow in further reports with count 0); report 2 is
 * the mouse emulation such panels also expose, which the driver must ignore.
 */
export function multiTouchDescriptor(logicalMax = 4095): Uint8Array {
  return descriptor(
    h.usagePage(0x0d), h.usage(0x04), h.collection(1),
    h.reportId(1),
    ...finger(logicalMax),
    ...finger(logicalMax),
    h.usagePage(0x0d), h.reportSize(16), h.reportCount(1), h.logicalMin(0), h.logicalMax(0xffff), h.usage(0x56), h.input(DATA_VAR_ABS), // scan time
    h.reportSize(8), h.logicalMax(10), h.usage(0x54), h.input(DATA_VAR_ABS), // contact count
    h.usage(0x55), h.feature(DATA_VAR_ABS), // contact count maximum
    h.endCollection(),
    h.usagePage(0x01), h.usage(0x02), h.collection(1),
    h.reportId(2), h.usage(0x01), h.collection(0),
    h.usagePage(0x09), h.usageMin(1), h.usageMax(2), h.logicalMin(0), h.logicalMax(1), h.reportSize(1), h.reportCount(2), h.input(DATA_VAR_ABS),
    h.reportCount(6), h.input(CONSTANT),
    h.usagePage(0x01), h.usage(0x30), h.usage(0x31), h.logicalMax(logicalMax), h.reportSize(16), h.reportCount(2), h.input(DATA_VAR_ABS),
    h.endCollection(),
    h.endCollection(),
  );
}

/** An older resistive single-touch panel: no report ID, tip switch and X/Y straight in the application collection. */
export function singleTouchDescriptor(logicalMax = 1023): Uint8Array {
  return descriptor(
    h.usagePage(0x0d), h.usage(0x04), h.collection(1),
    h.logicalMin(0), h.logicalMax(1), h.reportSize(1), h.reportCount(1), h.usage(0x42), h.input(DATA_VAR_ABS),
    h.reportCount(7), h.input(CONSTANT),
    h.usagePage(0x01), h.logicalMax(logicalMax), h.reportSize(16), h.reportCount(1), h.usage(0x30), h.input(DATA_VAR_ABS), h.usage(0x31), h.input(DATA_VAR_ABS),
    h.endCollection(),
  );
}
