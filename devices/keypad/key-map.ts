import type { KeypadKey } from './types.ts';

/**
 * HID keyboard/keypad usages (HUT 1.4 §10, page 0x07) → the accessibility keys. Tactile kiosk
 * keypads (EZ Access style, Storm AudioNav and its kin) present themselves as a keyboard and send
 * these codes; both the keypad block and the main block are read so either wiring works.
 */
const MAP = new Map<number, KeypadKey>([
  [0x52, { key: 'up' }],
  [0x51, { key: 'down' }],
  [0x50, { key: 'left' }],
  [0x4f, { key: 'right' }],
  [0x58, { key: 'ok' }], // Keypad Enter
  [0x28, { key: 'ok' }], // Enter
  [0x29, { key: 'back' }], // Escape
  [0x75, { key: 'help' }], // Help
  [0x3a, { key: 'help' }], // F1, which keypads without a Help usage send
  [0x80, { key: 'volumeUp' }],
  [0x81, { key: 'volumeDown' }],
  [0x57, { key: 'volumeUp' }], // Keypad +
  [0x56, { key: 'volumeDown' }], // Keypad -
  [0x55, { key: 'speed' }], // Keypad *
  [0x2a, { key: 'erase' }], // Backspace
  [0xbb, { key: 'erase' }], // Keypad Backspace
  [0x63, { key: 'erase' }], // Keypad . (Del with Num Lock off)
]);
// Keypad 1..9, 0 and the main row 1..9, 0.
for (let d = 1; d <= 9; d++) {
  MAP.set(0x58 + d, { key: 'digit', digit: d });
  MAP.set(0x1d + d, { key: 'digit', digit: d });
}
MAP.set(0x62, { key: 'digit', digit: 0 });
MAP.set(0x27, { key: 'digit', digit: 0 });

export function keyMeaning(usage: number): KeypadKey | null {
  return MAP.get(usage) ?? null;
}

/** The usage the simulated keypad sends for a key (the keypad block, as the tactile keypad is wired). */
export function usageFor(key: KeypadKey): number {
  if (key.key === 'digit') return key.digit === 0 ? 0x62 : 0x58 + key.digit;
  const usage = { up: 0x52, down: 0x51, left: 0x50, right: 0x4f, ok: 0x58, back: 0x29, help: 0x75, volumeUp: 0x80, volumeDown: 0x81, speed: 0x55, erase: 0xbb }[key.key];
  return usage;
}
