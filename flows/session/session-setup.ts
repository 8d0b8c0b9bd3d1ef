import { assign, emit, fromCallback, fromPromise, setup, type EventObject } from 'xstate';
import type { RegistryError } from '../../core/registry.ts';
import type { Citizen, DocumentListing } from '../../core/domain.ts';
import type { Result } from '../../core/result.ts';
import type { Notice } from '../notices.ts';
import type { CardFailure, CardRead, JourneyPorts, KioskStatus, ScanFailure, StepFailure } from '../ports.ts';
import { createPrintMachine } from '../print/print-machine.ts';
import type { PrintOutcome } from '../print/outcome.ts';
import type { JourneySettings } from '../settings.ts';
import { emptySession, type EndReason, type SessionContext, type SessionEmitted, type SessionEvent, type SessionInput, type SignInMethod } from './context.ts';
import { closed, printableNow, registryUnreachable, selectedListing, type FingerRoute, type OutcomeRoute } from './decisions.ts';

type Failed<E> = { ok: false; error: E };
export const errorOf = <E>(r: Result<unknown, E>): E => (r as Failed<E>).error;
export const valueOf = <T>(r: Result<T, unknown>): T => (r as { value: T }).value;

/**
 * Idle handling shared by every screen that waits for the citizen: after `inactivityWarning` the
 * screen asks "are you still there?", after the grace period the session ends. Any touch
 * (`activity`) re-enters `active` and restarts the count without leaving the screen, so a
 * device call in flight on that screen is not disturbed.
 */
export const idle = {
  initial: 'active',
  states: {
    active: { after: { inactivityWarning: 'warned' } },
    warned: { after: { inactivityGrace: { target: '#session.ended', actions: { type: 'notify', params: { notice: { code: 'timed_out' } } } } } },
  },
} as const;

/**
 * What every phase of the session chart shares: its types, the actors built from `ports`, the
 * named delays, guards and actions. Each phase (phases/) builds its states from this, so they all
 * check against the same events and context.
 */
export function sessionSetup(ports: JourneyPorts, settings: JourneySettings) {
  const printMachine = createPrintMachine(ports.printing);

  return setup({
    types: {
      input: {} as SessionInput,
      context: {} as SessionContext,
      events: {} as SessionEvent,
      emitted: {} as SessionEmitted,
    },
    actors: {
      watchKiosk: fromCallback<EventObject>(({ sendBack }) => ports.kiosk.watch((status) => sendBack({ type: 'kiosk.status', status }))),
      watchCard: fromCallback<EventObject>(({ sendBack }) =>
        ports.card.watch((e) => sendBack({ type: e === 'present' ? 'card.present' : 'card.removed' })),
      ),
      readCard: fromPromise<Result<CardRead, CardFailure>>(({ signal }) => ports.card.read({ signal })),
      verifyFinger: fromPromise<Result<{ match: boolean }, CardFailure>>(({ signal }) => ports.card.verifyFinger({ signal })),
      scan: fromPromise<Result<string, ScanFailure>, { fresh: boolean }>(({ input, signal }) => ports.scanner.next({ signal, fresh: input.fresh })),
      findByNik: fromPromise<Result<Citizen, RegistryError>, { nik: string }>(({ input, signal }) =>
        ports.registry.findByNik(input.nik, { signal }),
      ),
      signInWithPin: fromPromise<Result<Citizen, RegistryError>, { nik: string; pin: string }>(({ input, signal }) =>
        ports.registry.signInWithPin(input.nik, input.pin, { signal }),
      ),
      signInWithQr: fromPromise<Result<Citizen, RegistryError>, { text: string }>(({ input, signal }) =>
        ports.registry.signInWithQr(input.text, { signal }),
      ),
      listDocuments: fromPromise<Result<DocumentListing[], RegistryError>, { nik: string }>(({ input, signal }) =>
        ports.registry.listDocuments(input.nik, ports.today(), { signal }),
      ),
      print: printMachine,
      reportNothingOut: fromPromise<Result<void, StepFailure>, { ledgerId: string }>(({ input, signal }) => ports.printing.reportNothingOut(input.ledgerId, { signal })),
    },
    delays: {
      inactivityWarning: settings.inactivityWarningMs,
      inactivityGrace: settings.inactivityTimeoutMs - settings.inactivityWarningMs,
      takeDocument: settings.takeDocumentTimeoutMs,
      thankYou: settings.thankYouMs,
      endedNotice: settings.endedNoticeMs,
      deviceOperation: settings.deviceOperationMs,
      registryCall: settings.registryCallMs,
    },
    guards: {
      closed: ({ context }) => closed(context.kiosk),
      readerOk: ({ context }) => context.kiosk.cardReader.ok,
      scannerOk: ({ context }) => context.kiosk.scanner.ok,
      cardPresent: ({ context }) => context.cardPresent,
      cardGone: ({ context }) => !context.cardPresent,
      cardWasUnreadable: ({ context }) => context.notice?.code === 'card_unreadable',
      /** Signed in with the e-KTP, and the card has left the reader. */
      ektpCardGone: ({ context }) => context.method === 'ektp' && !context.cardPresent,
      methodIs: ({ event }, params: { method: string }) => event.type === 'method' && event.method === params.method,
      succeeded: (_, params: { ok: boolean }) => params.ok,
      failedWith: (_, params: { code: string | null; codes: readonly string[] }) => params.code !== null && params.codes.includes(params.code),
      unreachable: (_, params: { error: RegistryError | null }) => params.error !== null && registryUnreachable(params.error),
      fingerIs: (_, params: { route: FingerRoute; want: FingerRoute }) => params.route === params.want,
      chosenPrintable: ({ context, event }) =>
        event.type === 'choose' && printableNow(context.kiosk, context.listings.find((l) => l.application.id === event.applicationId)),
      technicianTakesOver: ({ event }) => event.type === 'kiosk.status' && event.status.outOfService === 'technician',
      selectedBecameUnavailable: ({ context, event }) =>
        event.type === 'kiosk.status' && !printableNow(event.status, selectedListing(context)),
      routeIs: (_, params: { route: OutcomeRoute; want: OutcomeRoute }) => params.route === params.want,
    },
    actions: {
      notify: assign((_, params: { notice: Notice | null }) => ({ notice: params.notice })),
      clearNotice: assign({ notice: null }),
      /** Back to the list for another document: the last choice, its proof and outcome are forgotten. */
      forgetChoice: assign({ selectedId: null, proof: null, outcome: null, notice: null }),
      keepKiosk: assign({ kiosk: (_, params: { status: KioskStatus }) => params.status }),
      /** Drops everything personal; the language goes back to the kiosk's default at the attract screen. */
      wipe: assign(() => ({ ...emptySession() })),
      wipeKeepingNotice: assign(({ context }) => ({ ...emptySession(), notice: context.notice, language: context.language, printed: context.printed })),
      resetLanguage: assign(({ context }) => ({ language: context.defaultLanguage })),
      signedIn: assign({ citizen: (_, params: { citizen: Citizen }) => params.citizen, notice: null }),
      announceSignIn: emit((_, params: { method: SignInMethod; citizen: Citizen }) => ({ type: 'journey.signedIn' as const, method: params.method, citizen: params.citizen })),
      ended: emit(({ context }, params: { reason: EndReason }) => ({ type: 'journey.ended' as const, reason: params.reason, printed: context.printed })),
      reportOutcome: emit(({ context }, params: { outcome: PrintOutcome }) => ({
        type: 'journey.printOutcome' as const,
        documentType: selectedListing(context)?.application.type ?? 'unknown',
        outcome: params.outcome,
      })),
      reportSignInFailure: emit(({ context }, params: { code: RegistryError['code'] | 'finger_locked' }) => ({
        type: 'journey.signInFailed' as const,
        method: context.method ?? 'nik',
        code: params.code,
      })),
    },
  });
}

export type SessionSetup = ReturnType<typeof sessionSetup>;
