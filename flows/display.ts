import { z } from 'zod';

/**
 * How the citizen wants the screen drawn: larger text, higher contrast, and every control within
 * reach of a seated citizen. The runtime keeps these beside the session (never in the browser), so a
 * reloaded UI draws the same way, and drops them when the session is wiped at the attract screen.
 */
export const DISPLAY_SETTINGS = ['largeText', 'highContrast', 'reach'] as const;
export type DisplaySetting = (typeof DISPLAY_SETTINGS)[number];

export const displaySchema = z.strictObject({
  largeText: z.boolean(),
  highContrast: z.boolean(),
  reach: z.boolean(),
});
export type Display = z.infer<typeof displaySchema>;

export const PLAIN_DISPLAY: Display = Object.freeze({ largeText: false, highContrast: false, reach: false });

/** The screens whose states wipe the session on entry (`wipe` in the session machine). */
const RESTING_SCREENS: ReadonlySet<string> = new Set(['attract', 'out-of-service']);

/**
 * The display choices after the session moved from `previous` to `screen`: kept through a session,
 * back to plain whenever the session is wiped (entering the attract or out-of-service screen).
 * Choices made on the attract screen itself stay for the citizen who made them.
 */
export function displayAfter(display: Display, previous: string | null, screen: string): Display {
  return RESTING_SCREENS.has(screen) && previous !== screen ? PLAIN_DISPLAY : display;
}

export function withSetting(display: Display, setting: DisplaySetting, on: boolean): Display {
  return { ...display, [setting]: on };
}
