import { err, ok, type Result } from '../../core/result.ts';
import { KEY_ENTER, KEY_TAB, KEYBOARD_LAYOUTS, keyFor, type KeyboardLayoutName } from './keyboard-layout.ts';
import { MOD_LALT, MOD_LSHIFT } from './keyboard-reports.ts';

/** Habits of real keyboard-emulating scanners, each of which the decoder must read correctly. */
export interface KeyboardQuirks {
  /** Shift pressed in a report of its own before the key, and released in one after. */
  shiftReports?: boolean;
  /** The next key goes down before the previous one comes up ("a", "a b", "b"). */
  rollover?: boolean;
  /** Every character typed as Alt + keypad digits (Alt+0065 for "A"), independent of the host layout. */
  altNumpad?: boolean;
}

export interface KeyboardScanOptions {
  layout: KeyboardLayoutName;
  suffix: 'enter' | 'tab' | 'none';
  /** Report ID byte to prefix, or null for boot keyboard reports. */
  reportId: number | null;
  quirks?: KeyboardQuirks;
}

const KEYPAD_DIGITS = [0x62, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f, 0x60, 0x61]; // 0..9

/** Text → the keyboard input reports a scanner sends when it types it. */
export function encodeKeyboardScan(text: string, options: KeyboardScanOptions): Result<Uint8Array[], { code: 'untypeable'; index: number }> {
  const layout = KEYBOARD_LAYOUTS[options.layout];
  const quirks = options.quirks ?? {};
  const reports: Uint8Array[] = [];
  const report = (mod: number, ...keys: number[]) => {
    const body = [mod, 0, ...keys, 0, 0, 0, 0, 0, 0].slice(0, 8);
    reports.push(Uint8Array.from(options.reportId === null ? body : [options.reportId, ...body]));
  };
  const strokes: Array<{ usage: number; shift: boolean } | { alt: number }> = [];
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (quirks.altNumpad) {
      const code = ch.charCodeAt(0);
      if (ch.length !== 1 || code < 0x20 || code > 0x7e) return err({ code: 'untypeable', index: i });
      strokes.push({ alt: code });
      continue;
    }
    const key = keyFor(layout, ch);
    if (!key) return err({ code: 'untypeable', index: i });
    strokes.push(key);
  }
  if (options.suffix !== 'none') strokes.push({ usage: options.suffix === 'enter' ? KEY_ENTER : KEY_TAB, shift: false });

  let held: { usage: number; mod: number } | null = null;
  for (const s of strokes) {
    if ('alt' in s) {
      report(MOD_LALT);
      for (const d of `0${s.alt.toString().padStart(3, '0')}`) {
        report(MOD_LALT, KEYPAD_DIGITS[Number(d)]!);
        report(MOD_LALT);
      }
      report(0);
      continue;
    }
    const mod = s.shift ? MOD_LSHIFT : 0;
    if (held && quirks.rollover && held.usage !== s.usage && held.mod === mod) {
      report(mod, held.usage, s.usage);
      report(mod, s.usage);
      held = { usage: s.usage, mod };
      continue;
    }
    if (held) {
      report(held.mod);
      if (quirks.shiftReports && held.mod) report(0);
      held = null;
    }
    if (quirks.shiftReports && mod) report(mod);
    report(mod, s.usage);
    held = { usage: s.usage, mod };
  }
  if (held) {
    report(held.mod);
    if (held.mod) report(0);
  }
  return ok(reports);
}
