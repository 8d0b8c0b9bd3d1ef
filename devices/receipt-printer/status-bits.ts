import type { StatusPatch } from '../common/supervisor.ts';

/** What the printer says about itself, from `DLE EOT n` answers or an Automatic Status Back block. */
export interface PrinterCondition {
  offline: boolean;
  coverOpen: boolean;
  paperNearEnd: boolean;
  paperOut: boolean;
  cutterError: boolean;
  /** Head or mechanism fault (recoverable by a technician). */
  mechanicalError: boolean;
  unrecoverable: boolean;
  /** e.g. head too hot; clears by itself. */
  autoRecoverable: boolean;
}

export const GOOD_CONDITION: PrinterCondition = {
  offline: false,
  coverOpen: false,
  paperNearEnd: false,
  paperOut: false,
  cutterError: false,
  mechanicalError: false,
  unrecoverable: false,
  autoRecoverable: false,
};

const bit = (b: number, n: number) => (b & (1 << n)) !== 0;

/** ASB: byte 1 offline (bit 3), cover (5); byte 2 mechanical (2), cutter (3), unrecoverable (5), auto-recoverable (6); byte 3 near end (bits 0–1), paper end (2–3). */
export function conditionFromAsb(b: readonly [number, number, number, number]): PrinterCondition {
  const [b1, b2, b3] = b;
  return {
    offline: bit(b1, 3),
    coverOpen: bit(b1, 5),
    mechanicalError: bit(b2, 2),
    cutterError: bit(b2, 3),
    unrecoverable: bit(b2, 5),
    autoRecoverable: bit(b2, 6),
    paperNearEnd: (b3 & 0x03) !== 0,
    paperOut: (b3 & 0x0c) !== 0,
  };
}

export function asbFromCondition(c: PrinterCondition): [number, number, number, number] {
  const b1 = 0x10 | (c.offline ? 0x08 : 0) | (c.coverOpen ? 0x20 : 0);
  const b2 = (c.mechanicalError ? 0x04 : 0) | (c.cutterError ? 0x08 : 0) | (c.unrecoverable ? 0x20 : 0) | (c.autoRecoverable ? 0x40 : 0);
  const b3 = (c.paperNearEnd ? 0x03 : 0) | (c.paperOut ? 0x0c : 0);
  return [b1, b2, b3, 0x00];
}

/** `DLE EOT n` answers: fixed bits 1 and 4 set, 0 and 7 clear. */
export function realtimeByte(n: 1 | 2 | 3 | 4, c: PrinterCondition): number {
  let b = 0x12;
  if (n === 1 && c.offline) b |= 0x08;
  if (n === 2) b |= (c.coverOpen ? 0x04 : 0) | (c.paperOut ? 0x20 : 0) | (c.cutterError || c.mechanicalError || c.unrecoverable || c.autoRecoverable ? 0x40 : 0);
  if (n === 3) b |= (c.mechanicalError ? 0x04 : 0) | (c.cutterError ? 0x08 : 0) | (c.unrecoverable ? 0x20 : 0) | (c.autoRecoverable ? 0x40 : 0);
  if (n === 4) b |= (c.paperNearEnd ? 0x0c : 0) | (c.paperOut ? 0x60 : 0);
  return b;
}

/** Folds the answers to `DLE EOT 1..4` (in that order) into one condition. */
export function conditionFromRealtime(answers: readonly [number, number, number, number]): PrinterCondition {
  const [s1, s2, s3, s4] = answers;
  return {
    offline: bit(s1, 3),
    coverOpen: bit(s2, 2),
    mechanicalError: bit(s3, 2),
    cutterError: bit(s3, 3),
    unrecoverable: bit(s3, 5),
    autoRecoverable: bit(s3, 6),
    paperNearEnd: (s4 & 0x0c) !== 0,
    paperOut: (s4 & 0x60) !== 0 || bit(s2, 5),
  };
}

/**
 * The condition in the common vocabulary. Paper out keeps the device `online` with paper `out`
 * (XFS4IoT: the device works, the medium is missing); a cover open is a `userError`; cutter and
 * mechanism faults are `hardwareError`s a technician clears.
 */
export function statusPatchOf(c: PrinterCondition): StatusPatch {
  const reasons: string[] = [];
  if (c.paperOut) reasons.push('media-empty');
  else if (c.paperNearEnd) reasons.push('media-low');
  if (c.coverOpen) reasons.push('cover-open');
  if (c.cutterError) reasons.push('cutter-error');
  if (c.mechanicalError) reasons.push('mechanical-error');
  if (c.unrecoverable) reasons.push('unrecoverable-error');
  if (c.autoRecoverable) reasons.push('head-overheat');
  const paper = c.paperOut ? 'out' : c.paperNearEnd ? 'low' : 'full';
  if (c.unrecoverable || c.mechanicalError || c.cutterError) {
    return { device: 'hardwareError', paper, reasons, action: c.unrecoverable ? 'maintenance' : 'clear' };
  }
  if (c.coverOpen) return { device: 'userError', paper, reasons, action: 'clear' };
  return { device: 'online', paper, reasons };
}
