import type { Result } from '../../../core/result.ts';
import type { CardIdentity, CardReaderError, Finger, FingerprintResult } from '../types.ts';

/**
 * One slot of a PC/SC reader as a profile sees it: send a command APDU, get the response APDU
 * (data and status word together). The transport maps a pulled card, a gone reader or a stopped
 * pcscd to typed errors; the profile sees only answers.
 */
export interface ApduSlot {
  transmit(apdu: Uint8Array, signal: AbortSignal): Promise<Result<Uint8Array, CardReaderError>>;
}

/** What the SAM in its slot says about itself during the handshake and the heartbeat. */
export interface SamInfo {
  /** False when the chip in the SAM slot answered but is not this profile's SAM. */
  ours: boolean;
  /** Free text for technicians, e.g. `ADM-VSAM 1.0`; never personal. */
  description: string;
}

/** One fingerprint decision, made by the card and SAM: only the verdict reaches the kiosk. */
export interface FingerVerdict {
  result: FingerprintResult;
  /** 0–100. */
  score: number;
}

/** An authenticated conversation with one card; dropped when the card goes or the operation fails. */
export interface ProfileSession {
  readIdentity(signal: AbortSignal): Promise<Result<CardIdentity, CardReaderError>>;
  /**
   * Asks the SAM to capture a finger and the card to match it; `onPlaced` fires when the sensor
   * feels the finger. Resolves `timeout` when no finger came within `timeoutMs`.
   */
  verifyFinger(finger: Finger, timeoutMs: number, signal: AbortSignal, onPlaced: () => void): Promise<Result<FingerVerdict, CardReaderError>>;
}

/**
 * The APDU sequence between the PC/SC transport and the journey: which application to select,
 * how the card and the SAM authenticate each other, how records are read and how a fingerprint
 * verdict is asked for. `adm-ektp-1` is the documented profile of this project; a vendor's
 * profile (the real e-KTP applet and SAM) implements the same interface beside it.
 */
export interface CardProfile {
  readonly name: string;
  /** Selects the SAM's application; a chip that does not have it is `ours: false`. */
  checkSam(sam: ApduSlot, signal: AbortSignal): Promise<Result<SamInfo, CardReaderError>>;
  /** Selects the identity application and authenticates the card with the SAM. */
  open(card: ApduSlot, sam: ApduSlot, signal: AbortSignal): Promise<Result<ProfileSession, CardReaderError>>;
}
