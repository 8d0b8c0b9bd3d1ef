import type { DigitizerReportError } from './errors.ts';
import type { DeviceStatus } from '../../core/device-status.ts';

export type Corner = 'topLeft' | 'topRight' | 'bottomRight' | 'bottomLeft';

/** One contact in one report, coordinates normalised to 0..1 from the descriptor's logical range. */
export interface Contact {
  id: number;
  /** Finger on the glass (tip switch; in-range when there is no tip switch). */
  tip: boolean;
  x: number;
  y: number;
}

export type TouchEvent =
  | { kind: 'down'; id: number; x: number; y: number; at: number }
  /** `tap`: short and still; `lost`: the lift report never came (the contact went stale). */
  | { kind: 'up'; id: number; x: number; y: number; at: number; durationMs: number; tap: boolean; lost: boolean };

export interface RegionHealth {
  column: number;
  row: number;
  /** Clock time of the last touch there, or null when never touched since monitoring began. */
  lastTouchAt: number | null;
  /** Touches elsewhere since this region was last touched. */
  touchesElsewhere: number;
}

export interface TouchHealthReport {
  lastTouchAt: number | null;
  touches: number;
  /** Regions untouched for the long period while the rest of the panel was used: a dead zone is likely. */
  silentRegions: RegionHealth[];
}

export interface TouchscreenEvents {
  /** Every finger down and up (for the dev panel and diagnostics; citizen input goes through the browser). */
  touch: [TouchEvent];
  /** The hidden corner sequence was completed: open the maintenance sign-in. */
  technicianGesture: [{ at: number }];
  status: [DeviceStatus];
  /** Reports that could not be read (counted, never thrown). */
  badReport: [DigitizerReportError];
}
