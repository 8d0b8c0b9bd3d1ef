/**
 * Keyboard and HID POS input reports written out by hand, byte by byte, in the shapes real scanners
 * send (not produced by our encoder, so they check the decoder independently of it).
 * Boot keyboard report: modifiers, reserved, six key slots. 0x02 = left shift.
 */
export const hex = (s: string): Uint8Array => Uint8Array.from(s.trim().split(/\s+/).map((b) => parseInt(b, 16)));
export const reports = (...lines: string[]): Uint8Array[] => lines.map(hex);

const UP = '00 00 00 00 00 00 00 00';

/** "Ab1" + Enter, each key pressed and released, shift held in the same report as the key. */
export const plainWithShift = reports(
  '02 00 04 00 00 00 00 00', UP,
  '00 00 05 00 00 00 00 00', UP,
  '00 00 1e 00 00 00 00 00', UP,
  '00 00 28 00 00 00 00 00', UP,
);

/** "Ab" + Enter from a scanner that sends shift down and up in reports of their own (Zebra DS2208 default). */
export const shiftReports = reports(
  '02 00 00 00 00 00 00 00',
  '02 00 04 00 00 00 00 00',
  '02 00 00 00 00 00 00 00',
  UP,
  '00 00 05 00 00 00 00 00', UP,
  '00 00 28 00 00 00 00 00', UP,
);

/** "abc" + Enter with key rollover: the next key goes down before the last comes up. */
export const rollover = reports(
  '00 00 04 00 00 00 00 00',
  '00 00 04 05 00 00 00 00',
  '00 00 05 00 00 00 00 00',
  '00 00 05 06 00 00 00 00',
  '00 00 06 00 00 00 00 00',
  '00 00 06 28 00 00 00 00',
  UP,
);

/** Rollover where the new key lands in the first slot (slot order is not press order). */
export const rolloverReordered = reports(
  '00 00 04 00 00 00 00 00',
  '00 00 05 04 00 00 00 00',
  '00 00 05 00 00 00 00 00',
  '00 00 28 00 00 00 00 00',
  UP,
);

/** "ok" + Tab suffix. */
export const tabSuffix = reports('00 00 12 00 00 00 00 00', UP, '00 00 0e 00 00 00 00 00', UP, '00 00 2b 00 00 00 00 00', UP);

/** "5" on the keypad, then keypad Enter. */
export const keypadDigitsAndEnter = reports('00 00 5d 00 00 00 00 00', UP, '00 00 58 00 00 00 00 00', UP);

/** "A" typed as Alt+0065 on the keypad, then Enter (layout-independent mode). */
export const altNumpad = reports(
  '04 00 00 00 00 00 00 00',
  '04 00 62 00 00 00 00 00', '04 00 00 00 00 00 00 00',
  '04 00 62 00 00 00 00 00', '04 00 00 00 00 00 00 00',
  '04 00 5e 00 00 00 00 00', '04 00 00 00 00 00 00 00',
  '04 00 5d 00 00 00 00 00', '04 00 00 00 00 00 00 00',
  UP,
  '00 00 28 00 00 00 00 00', UP,
);

/** ErrorRollOver in every slot (too many keys at once) in the middle of "ab": the phantom report is skipped. */
export const phantomInside = reports(
  '00 00 04 00 00 00 00 00',
  '00 00 01 01 01 01 01 01',
  UP,
  '00 00 05 00 00 00 00 00', UP,
  '00 00 28 00 00 00 00 00', UP,
);

/** "a", then Ctrl+] (GS, the GS1 FNC1 of keyboard wedges), then "b" + Enter: rejected as non-printable. */
export const ctrlInside = reports('00 00 04 00 00 00 00 00', UP, '01 00 30 00 00 00 00 00', UP, '00 00 05 00 00 00 00 00', UP, '00 00 28 00 00 00 00 00', UP);

/** "a", then F5 (0x3e), then Enter. */
export const functionKey = reports('00 00 04 00 00 00 00 00', UP, '00 00 3e 00 00 00 00 00', UP, '00 00 28 00 00 00 00 00', UP);

/** "ab" and no suffix: the scan never finishes. */
export const halfFinished = reports('00 00 04 00 00 00 00 00', UP, '00 00 05 00 00 00 00 00', UP);

/** Keyboard reports with report ID 1 in front (composite scanners with a consumer-control report 3 too). */
export const withReportId = reports(
  '01 02 00 0b 00 00 00 00 00', '01 00 00 00 00 00 00 00 00',
  '03 e9 00',
  '01 00 00 0c 00 00 00 00 00', '01 00 00 00 00 00 00 00 00',
  '01 00 00 28 00 00 00 00 00', '01 00 00 00 00 00 00 00 00',
);

/** A HID POS QR code in one report: "ADM-1" with AIM `]Q1`, Honeywell code id `s`, "more data" clear. */
export function posSingle(): Uint8Array {
  const r = new Uint8Array(64);
  r.set([0x02, 0x05, 0x5d, 0x51, 0x31, 0x41, 0x44, 0x4d, 0x2d, 0x31]);
  r[61] = 0x73;
  return r;
}
