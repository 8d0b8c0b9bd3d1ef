/**
 * What a keyboard-emulating scanner's key usages (HID page 0x07) mean on the host layout it was set
 * up for. A scanner types by key position, so the host must read the positions with the same layout.
 * Indonesia uses the US QWERTY arrangement (Windows and X11 "Indonesian" both place keys as US), so
 * `id` shares the US table; it stays a separate name so a kiosk configured by country reads right.
 */

export type KeyboardLayoutName = 'us' | 'id';

/** usage → [unshifted, shifted] */
export type KeyboardLayout = ReadonlyMap<number, readonly [string, string]>;

function usQwerty(): Map<number, readonly [string, string]> {
  const m = new Map<number, readonly [string, string]>();
  for (let i = 0; i < 26; i++) {
    const c = String.fromCharCode(97 + i);
    m.set(0x04 + i, [c, c.toUpperCase()]);
  }
  const digits = '1234567890';
  const shiftedDigits = '!@#$%^&*()';
  for (let i = 0; i < 10; i++) m.set(0x1e + i, [digits[i]!, shiftedDigits[i]!]);
  const rest: Array<[number, string, string]> = [
    [0x2c, ' ', ' '],
    [0x2d, '-', '_'],
    [0x2e, '=', '+'],
    [0x2f, '[', '{'],
    [0x30, ']', '}'],
    [0x31, '\\', '|'],
    // "Non-US # and ~": the same physical key as backslash on a US board (HUT 1.4 note 2).
    [0x32, '\\', '|'],
    [0x33, ';', ':'],
    [0x34, "'", '"'],
    [0x35, '`', '~'],
    [0x36, ',', '<'],
    [0x37, '.', '>'],
    [0x38, '/', '?'],
  ];
  for (const [u, a, b] of rest) m.set(u, [a, b]);
  // Keypad with Num Lock on, which scanners assume when they type digits on it.
  const keypad: Array<[number, string]> = [
    [0x54, '/'], [0x55, '*'], [0x56, '-'], [0x57, '+'],
    [0x59, '1'], [0x5a, '2'], [0x5b, '3'], [0x5c, '4'], [0x5d, '5'], [0x5e, '6'], [0x5f, '7'], [0x60, '8'], [0x61, '9'], [0x62, '0'], [0x63, '.'],
  ];
  for (const [u, c] of keypad) m.set(u, [c, c]);
  return m;
}

const US = usQwerty();

export const KEYBOARD_LAYOUTS: Readonly<Record<KeyboardLayoutName, KeyboardLayout>> = { us: US, id: US };

export const KEY_ENTER = 0x28;
export const KEY_TAB = 0x2b;
export const KEYPAD_ENTER = 0x58;

/** The key and shift state that type `ch` on `layout` (main block preferred over the keypad); null when it cannot be typed. */
export function keyFor(layout: KeyboardLayout, ch: string): { usage: number; shift: boolean } | null {
  for (const [usage, [plain, shifted]] of layout) {
    if (usage >= 0x54) continue;
    if (plain === ch) return { usage, shift: false };
    if (shifted === ch) return { usage, shift: true };
  }
  return null;
}
