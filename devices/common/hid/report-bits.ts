/** Little-endian bit fields as HID packs them (USB HID 1.11 §5.8: least significant bit first). */

/** Reads `size` bits (1..32) at `bitOffset`; null when the report is too short. */
export function readBits(bytes: Uint8Array, bitOffset: number, size: number, signed = false): number | null {
  if (size < 1 || size > 32 || bitOffset < 0 || bitOffset + size > bytes.length * 8) return null;
  let value = 0;
  for (let i = 0; i < size; i++) {
    const bit = bitOffset + i;
    if ((bytes[bit >> 3]! >> (bit & 7)) & 1) value += 2 ** i;
  }
  if (signed && value >= 2 ** (size - 1)) value -= 2 ** size;
  return value;
}

/** Writes the low `size` bits of `value` (two's complement for negatives) at `bitOffset`. */
export function writeBits(bytes: Uint8Array, bitOffset: number, size: number, value: number): void {
  if (size < 1 || size > 32 || bitOffset < 0 || bitOffset + size > bytes.length * 8) {
    throw new RangeError(`field of ${size} bits at ${bitOffset} does not fit ${bytes.length} bytes`);
  }
  let v = value < 0 ? value + 2 ** size : value;
  for (let i = 0; i < size; i++) {
    const bit = bitOffset + i;
    const mask = 1 << (bit & 7);
    if (v % 2 === 1) bytes[bit >> 3]! |= mask;
    else bytes[bit >> 3]! &= ~mask;
    v = Math.floor(v / 2);
  }
}
