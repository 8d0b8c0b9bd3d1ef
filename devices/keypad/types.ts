import type { DeviceStatus } from '../../core/device-status.ts';

/**
 * What the accessibility keypad's keys mean, whatever key codes the hardware uses for them.
 * `digit` carries 0-9; the rest move focus, choose, go back, ask for help or change the voice.
 */
export const KEYPAD_KEYS = ['up', 'down', 'left', 'right', 'ok', 'back', 'help', 'volumeUp', 'volumeDown', 'speed', 'erase', 'digit'] as const;
export type KeypadKeyName = (typeof KEYPAD_KEYS)[number];

export type KeypadKey = { key: Exclude<KeypadKeyName, 'digit'> } | { key: 'digit'; digit: number };

export interface KeyPress {
  /** The HID usage (page 0x07) that went down. */
  usage: number;
  /** What it means; null for a key the kiosk gives no meaning (it is ignored). */
  meaning: KeypadKey | null;
}

export type KeypadReportError =
  | { code: 'wrongReportId'; detail: string }
  | { code: 'truncated'; detail: string };

export type KeypadLayoutError = { code: 'noKeyArray'; detail: string } | { code: 'badDescriptor'; detail: string };

export interface KeypadEvents {
  /** A key went down (key repeat is the host's business: a held key is one press). */
  key: [KeypadKey & { at: number }];
  status: [DeviceStatus];
  /** Reports that could not be read (counted, never thrown). */
  badReport: [KeypadReportError];
}
