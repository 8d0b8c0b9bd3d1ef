/**
 * Writes HID report descriptor items, so simulators can describe themselves the way real devices do
 * (and tests can read like the descriptor listings in vendor manuals).
 */

function item(type: number, tag: number, value: number, signed: boolean): number[] {
  const fits = (bytes: number) => (signed ? value >= -(2 ** (8 * bytes - 1)) && value < 2 ** (8 * bytes - 1) : value >= 0 && value < 2 ** (8 * bytes));
  const size = value === 0 && !signed ? 0 : fits(1) ? 1 : fits(2) ? 2 : 4;
  const code = size === 4 ? 3 : size;
  const out = [(tag << 4) | (type << 2) | code];
  let v = value < 0 ? value + 2 ** (8 * size) : value;
  for (let i = 0; i < size; i++) {
    out.push(v % 256);
    v = Math.floor(v / 256);
  }
  return out;
}

const main = (tag: number, value: number) => item(0, tag, value, false);
const global = (tag: number, value: number, signed = false) => item(1, tag, value, signed);
const local = (tag: number, value: number) => item(2, tag, value, false);

/** Input/output/feature flags (HID 1.11 §6.2.2.5). */
export const DATA_VAR_ABS = 0x02;
export const DATA_ARRAY_ABS = 0x00;
export const CONSTANT = 0x01;

export const hidItem = {
  usagePage: (page: number) => global(0x0, page),
  logicalMin: (v: number) => global(0x1, v, true),
  logicalMax: (v: number) => global(0x2, v, true),
  physicalMin: (v: number) => global(0x3, v, true),
  physicalMax: (v: number) => global(0x4, v, true),
  unitExponent: (v: number) => global(0x5, v, false),
  unit: (v: number) => global(0x6, v, false),
  reportSize: (bits: number) => global(0x7, bits),
  reportId: (id: number) => global(0x8, id),
  reportCount: (n: number) => global(0x9, n),
  push: () => [0xa4],
  pop: () => [0xb4],
  usage: (u: number) => local(0x0, u),
  usageMin: (u: number) => local(0x1, u),
  usageMax: (u: number) => local(0x2, u),
  input: (flags: number) => main(0x8, flags),
  output: (flags: number) => main(0x9, flags),
  feature: (flags: number) => main(0xb, flags),
  /** 0 physical, 1 application, 2 logical. */
  collection: (type: number) => [0xa1, type],
  endCollection: () => [0xc0],
};

export function descriptor(...items: number[][]): Uint8Array {
  return Uint8Array.from(items.flat());
}
