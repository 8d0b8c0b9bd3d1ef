import type { Address, Person } from '../../core/domain.ts';
import type { Result } from '../../core/result.ts';
import type { CommonReason, DeviceError } from '../common/errors.ts';
import type { DeviceStatus, DeviceSummary } from '../../core/device-status.ts';
import type { DeviceSupervisor } from '../common/supervisor.ts';
import type { ReaderInfo, CardPresence } from './protocol.ts';

export type { ReaderInfo, CardPresence };

/** The address lines printed on an e-KTP (no postal or region code on the card). */
export type CardAddress = Pick<Address, 'street' | 'rt' | 'rw' | 'village' | 'district' | 'regency' | 'province'>;

/**
 * What the chip hands over after SAM authentication, with `Person` field names so the flows can
 * look the citizen up and compare. Held by the caller for the session only; the driver keeps none of it.
 */
export type CardIdentity = Pick<
  Person,
  'nik' | 'name' | 'birthPlace' | 'birthDate' | 'sex' | 'bloodType' | 'religion' | 'maritalStatus' | 'occupation' | 'nationality'
> & {
  address: CardAddress;
  /** JPEG from the chip; null when the card holds none. */
  photo: Uint8Array | null;
  /** Signature image from the chip; null when the card holds none. */
  signature: Uint8Array | null;
};

/** The e-KTP holds the minutiae of these two fingers. */
export type Finger = 'rightThumb' | 'rightIndex';

export type FingerprintResult = 'match' | 'noMatch' | 'timeout' | 'poorQuality';

/** The outcome of one 1:1 match done on the reader; never the fingerprint itself. */
export interface FingerprintVerification {
  result: FingerprintResult;
  /** Matcher score 0–100 (0 when no finger was read). */
  score: number;
  /** Attempts used in this card session, including this one when it counted. */
  attemptsUsed: number;
  attemptsLeft: number;
}

export type CardReaderReason =
  | CommonReason
  | 'noCard'
  | 'cardRemoved'
  | 'noSam'
  | 'authFailed'
  | 'attemptsExhausted'
  | 'badCard'
  | 'sensorError'
  | 'unsupported';

export type CardReaderError = DeviceError<CardReaderReason>;

export interface CardReaderEvents {
  /** A card entered the field: type, UID and ATR only, nothing personal. */
  cardPresent: [presence: CardPresence];
  cardRemoved: [];
  /** The sensor felt a finger during a verification. */
  fingerPlaced: [];
  /** Frames thrown away or answers that came too late, for diagnostics. */
  lineNoise: [info: { reason: string; bytes: number }];
}

/** Every event an e-KTP reader emits, whichever transport it speaks. */
export type CardReaderEventMap = CardReaderEvents & { status: [status: DeviceStatus] };

/**
 * The e-KTP reader as the journey, maintenance and the technician sign-in use it, whether it
 * speaks the serial frame protocol or PC/SC. Both keep a supervisor, the XFS4IoT status and the
 * per-card-session fingerprint attempts; identity data passes through and is not kept.
 */
export interface EktpReader {
  readonly supervisor: DeviceSupervisor;
  readonly cardPresent: boolean;
  on<K extends keyof CardReaderEventMap>(event: K, listener: (...args: CardReaderEventMap[K]) => void): unknown;
  off<K extends keyof CardReaderEventMap>(event: K, listener: (...args: CardReaderEventMap[K]) => void): unknown;
  start(): void;
  stop(): Promise<void>;
  status(): DeviceStatus;
  summary(): DeviceSummary;
  info(): ReaderInfo | null;
  attemptsLeft(): number;
  waitConnected(signal: AbortSignal): Promise<boolean>;
  getInfo(signal: AbortSignal, options?: { timeoutMs?: number }): Promise<Result<ReaderInfo, CardReaderError>>;
  readIdentity(signal: AbortSignal, options?: { timeoutMs?: number }): Promise<Result<CardIdentity, CardReaderError>>;
  verifyFingerprint(finger: Finger, signal: AbortSignal, options?: { timeoutMs?: number }): Promise<Result<FingerprintVerification, CardReaderError>>;
  cancel(): void;
  reset(signal: AbortSignal, options?: { timeoutMs?: number }): Promise<Result<void, CardReaderError>>;
}
