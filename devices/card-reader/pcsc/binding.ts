import { err, ok, type Result } from '../../../core/result.ts';

/** The part of the `smartcard` N-API binding the PC/SC transport uses, checked at load time instead of trusted. */
export interface PcscReaderState {
  name: string;
  state: number;
  changed?: boolean;
  atr?: Buffer | null;
}

export interface PcscCard {
  readonly connected: boolean;
  readonly atr: Buffer | null;
  transmit(command: Buffer, options?: { maxRecvLength?: number }): Promise<Buffer>;
  disconnect(disposition?: number): void;
}

export interface PcscReader {
  readonly name: string;
  readonly state: number;
  readonly atr: Buffer | null;
  connect(shareMode?: number, protocol?: number): Promise<PcscCard>;
}

export interface PcscContext {
  readonly isValid: boolean;
  listReaders(): PcscReader[];
  /** Resolves the readers whose state changed; an empty list when the timeout passed. */
  waitForChange(readers: PcscReaderState[], timeoutMs: number): Promise<PcscReaderState[] | null>;
  cancel(): void;
  close(): void;
}

export interface PcscModule {
  Context: new () => PcscContext;
  SCARD_SHARE_SHARED: number;
  SCARD_PROTOCOL_T0: number;
  SCARD_PROTOCOL_T1: number;
  SCARD_LEAVE_CARD: number;
  SCARD_STATE_CHANGED: number;
  SCARD_STATE_PRESENT: number;
  SCARD_STATE_EMPTY: number;
  SCARD_STATE_UNKNOWN: number;
  SCARD_STATE_UNAVAILABLE: number;
  SCARD_STATE_MUTE: number;
}

export type PcscImporter = () => Promise<unknown>;

// A variable specifier keeps the binding optional: nothing imports it until a PC/SC reader is configured.
const SMARTCARD = 'smartcard';
export const importSmartcard: PcscImporter = () => import(SMARTCARD) as Promise<unknown>;

/** Pseudo reader name that PC/SC uses to report readers coming and going. */
export const PNP_NOTIFICATION = '\\\\?PnP?\\Notification';

let cached: Promise<Result<PcscModule, string>> | null = null;

/**
 * Loads the binding once. A kiosk without the binding, or whose libpcsclite is missing, gets a
 * named reason (shown as the reader's `noDevice` detail) instead of a crash at start.
 */
export function loadPcsc(importer: PcscImporter = importSmartcard): Promise<Result<PcscModule, string>> {
  if (importer !== importSmartcard) return load(importer);
  cached ??= load(importer);
  return cached;
}

async function load(importer: PcscImporter): Promise<Result<PcscModule, string>> {
  let mod: unknown;
  try {
    mod = await importer();
  } catch (e) {
    return err(`the PC/SC binding (npm "smartcard") did not load: ${(e as Error).message}`);
  }
  const m = ((mod as { default?: unknown }).default ?? mod) as Partial<PcscModule>;
  if (typeof m.Context !== 'function' || typeof m.SCARD_SHARE_SHARED !== 'number' || typeof m.SCARD_STATE_PRESENT !== 'number') {
    return err('the PC/SC binding does not export Context and the SCARD_* constants (smartcard 3 is required)');
  }
  return ok(m as PcscModule);
}

/** What a PC/SC failure means for the reader, from the binding's message (it carries no numeric code). */
export type PcscFailure = 'noService' | 'readerGone' | 'cardGone' | 'transaction' | 'sharing' | 'timeout' | 'canceled' | 'other';

const FAILURES: [RegExp, PcscFailure][] = [
  [/service not running|service stopped|context is not valid|invalid handle/i, 'noService'],
  [/reader unavailable|unknown reader|no readers available/i, 'readerGone'],
  [/card was removed|no smart card present|card is unpowered|card was reset|card is not connected|card is unresponsive/i, 'cardGone'],
  [/transaction failed|communication error/i, 'transaction'],
  [/sharing violation/i, 'sharing'],
  [/timed out/i, 'timeout'],
  [/cancel/i, 'canceled'],
];

export function classifyPcscError(e: unknown): PcscFailure {
  const message = e instanceof Error ? e.message : String(e);
  for (const [pattern, kind] of FAILURES) if (pattern.test(message)) return kind;
  return 'other';
}
