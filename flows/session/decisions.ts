import type { RegistryError } from '../../core/registry.ts';
import { DOCUMENT_MEDIA, type DocumentListing } from '../../core/domain.ts';
import type { Notice } from '../notices.ts';
import type { Availability, KioskStatus } from '../ports.ts';
import type { PrintOutcome } from '../print/outcome.ts';
import type { SessionContext } from './context.ts';

/** Pure decisions the session chart asks; kept out of the chart so each can be read and tested alone. */

export function mediaAvailability(status: KioskStatus, listing: DocumentListing): Availability {
  return DOCUMENT_MEDIA[listing.application.type] === 'a4' ? status.a4Printer : status.cardPrinter;
}

/** No document type can be printed: the kiosk closes rather than let citizens sign in for nothing. */
export function nothingPrintable(status: KioskStatus): boolean {
  return !status.a4Printer.ok && !status.cardPrinter.ok;
}

export function closed(status: KioskStatus): boolean {
  return status.outOfService !== null || nothingPrintable(status);
}

export function selectedListing(context: SessionContext): DocumentListing | undefined {
  return context.listings.find((l) => l.application.id === context.selectedId);
}

export function printableNow(status: KioskStatus, listing: DocumentListing | undefined): boolean {
  return listing !== undefined && listing.kind === 'ready' && mediaAvailability(status, listing).ok;
}

/** Why a listing the citizen touched cannot be printed now. */
export function whyNotPrintable(status: KioskStatus, listing: DocumentListing | undefined): Notice {
  if (listing === undefined) return { code: 'doc_not_ready' };
  if (listing.kind === 'not-yet') return { code: 'doc_not_yet', from: listing.printableFrom };
  if (listing.kind === 'in-progress') return { code: 'doc_not_ready' };
  if (listing.kind === 'held') return { code: 'doc_in_review', since: listing.since };
  const media = mediaAvailability(status, listing);
  return media.ok ? { code: 'doc_not_ready' } : { code: 'printer_unavailable', reason: media.reason };
}

const UNREACHABLE: ReadonlySet<RegistryError['code']> = new Set(['unavailable', 'timeout', 'bad_response']);

export function registryUnreachable(error: RegistryError): boolean {
  return UNREACHABLE.has(error.code);
}

/**
 * What a PIN check's refusal says, for signing in (`login_…`) and for claiming a document
 * (`doc_…`): the registry out of reach, a wrong PIN with the attempts left, or the lock. Null for
 * any other refusal, which each caller words itself.
 */
function pinRefusal(error: RegistryError, words: { wrongPin: 'login_wrong_pin' | 'doc_wrong_pin'; locked: 'login_locked' | 'doc_locked' }): Notice | null {
  if (registryUnreachable(error)) return { code: 'registry_unreachable' };
  if (error.code === 'wrong_pin') return { code: words.wrongPin, attemptsLeft: error.attemptsLeft ?? null };
  if (error.code === 'locked') return { code: words.locked, until: error.lockedUntil ?? null };
  return null;
}

/** Sign-in refusals never say whether a NIK exists: unknown NIK and wrong PIN read the same. */
export function signInNotice(error: RegistryError): Notice {
  const refusal = pinRefusal(error, { wrongPin: 'login_wrong_pin', locked: 'login_locked' });
  if (refusal) return refusal;
  if (error.code === 'not_found' || error.code === 'invalid_request') return { code: 'login_wrong_pin', attemptsLeft: null };
  return error.code === 'not_registered' ? { code: 'not_registered' } : { code: 'qr_invalid' };
}

export function claimNotice(error: RegistryError): Notice {
  const refusal = pinRefusal(error, { wrongPin: 'doc_wrong_pin', locked: 'doc_locked' });
  if (refusal) return refusal;
  switch (error.code) {
    case 'already_claimed':
      return { code: 'doc_already_printed' };
    case 'superseded':
      return { code: 'doc_superseded' };
    case 'not_printable_yet':
      return { code: 'doc_not_yet', from: error.printableFrom ?? null };
    default:
      return { code: 'doc_not_ready' };
  }
}

export function outcomeNotice(outcome: PrintOutcome): Notice | null {
  switch (outcome.kind) {
    case 'printed':
      return outcome.receipt === 'failed' ? { code: 'receipt_failed', reference: outcome.ledgerId } : null;
    case 'refused':
      return claimNotice(outcome.error);
    case 'not_printed':
      return { code: 'print_failed', reason: outcome.reason };
    case 'unknown':
      return { code: 'print_unknown', reason: outcome.reason, reference: outcome.ledgerId };
  }
}

/** Where the session goes after a print, in the order the chart lists its branches. */
export type OutcomeRoute = 'printed' | 'wrong_pin' | 'unreachable' | 'refused' | 'not_printed' | 'unknown';

export function routeOf(outcome: PrintOutcome): OutcomeRoute {
  if (outcome.kind !== 'refused') return outcome.kind;
  if (outcome.error.code === 'wrong_pin') return 'wrong_pin';
  return registryUnreachable(outcome.error) ? 'unreachable' : 'refused';
}

export type FingerRoute = 'match' | 'retry' | 'locked' | 'card_removed' | 'fault';

/** A finger verdict against the attempts already used (`failures` before this one). */
export function fingerRoute(result: { ok: true; value: { match: boolean } } | { ok: false; error: { code: string } }, failures: number, attempts: number): FingerRoute {
  if (!result.ok) return result.error.code === 'card_removed' ? 'card_removed' : 'fault';
  if (result.value.match) return 'match';
  return failures + 1 < attempts ? 'retry' : 'locked';
}
