import { and, assign, emit, fromCallback, fromPromise, not, setup, stateIn, type EventObject } from 'xstate';
import type { RegistryError } from '../../core/registry.ts';
import type { Citizen, DocumentListing } from '../../core/domain.ts';
import type { Result } from '../../core/result.ts';
import type { Notice } from '../notices.ts';
import type { CardFailure, CardRead, JourneyPorts, KioskStatus, ScanFailure, StepFailure } from '../ports.ts';
import { createPrintMachine, type PrintInput } from '../print/print-machine.ts';
import type { PrintOutcome } from '../print/outcome.ts';
import type { JourneySettings } from '../settings.ts';
import { emptySession, initialContext, type EndReason, type SessionContext, type SessionEmitted, type SessionEvent, type SessionInput } from './context.ts';
import {
  closed,
  fingerRoute,
  routeOf,
  type FingerRoute,
  type OutcomeRoute,
  outcomeNotice,
  printableNow,
  registryUnreachable,
  selectedListing,
  signInNotice,
  whyNotPrintable,
} from './decisions.ts';

type Failed<E> = { ok: false; error: E };
const errorOf = <E>(r: Result<unknown, E>): E => (r as Failed<E>).error;
const valueOf = <T>(r: Result<T, unknown>): T => (r as { value: T }).value;

/**
 * Idle handling shared by every screen that waits for the citizen: after `inactivityWarning` the
 * screen asks "are you still there?", after the grace period the session ends. Any touch
 * (`activity`) re-enters `active` and restarts the count without leaving the screen, so a
 * device call in flight on that screen is not disturbed.
 */
const idle = {
  initial: 'active',
  states: {
    active: { after: { inactivityWarning: 'warned' } },
    warned: { after: { inactivityGrace: { target: '#session.ended', actions: { type: 'notify', params: { notice: { code: 'timed_out' } } } } } },
  },
} as const;

/**
 * The citizen's journey: attract → identify (e-KTP + finger, NIK + PIN, or sign-in QR) → ready
 * documents → proof (document PIN or QR) → confirm → print (a child machine) → take document →
 * thank you → wipe. Every device and registry call is an actor built from `ports`; the chart
 * itself touches nothing.
 */
export function createSessionMachine(ports: JourneyPorts, settings: JourneySettings) {
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
      keepKiosk: assign({ kiosk: (_, params: { status: KioskStatus }) => params.status }),
      /** Drops everything personal; the language goes back to the kiosk's default at the attract screen. */
      wipe: assign(() => ({ ...emptySession() })),
      wipeKeepingNotice: assign(({ context }) => ({ ...emptySession(), notice: context.notice, language: context.language, printed: context.printed })),
      resetLanguage: assign(({ context }) => ({ language: context.defaultLanguage })),
      signedIn: assign({ citizen: (_, params: { citizen: Citizen }) => params.citizen, notice: null }),
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
  }).createMachine({
    id: 'session',
    context: ({ input }) => initialContext(input, settings.fingerprintAttempts),
    invoke: [{ id: 'watchKiosk', src: 'watchKiosk' }, { id: 'watchCard', src: 'watchCard' }],
    on: {
      language: { actions: assign({ language: ({ event }) => event.language }) },
      'card.present': { actions: assign({ cardPresent: true }) },
      'card.removed': { actions: assign({ cardPresent: false }) },
      'kiosk.status': [
        {
          // A technician at the machine ends a citizen's session, but never a print under way.
          guard: and([
            'technicianTakesOver',
            not(stateIn('#session.attract')),
            not(stateIn('#session.outOfService')),
            not(stateIn('#session.printing')),
            not(stateIn('#session.ended')),
          ]),
          target: '.ended',
          actions: [
            { type: 'keepKiosk', params: ({ event }) => ({ status: event.status }) },
            { type: 'notify', params: { notice: { code: 'out_of_service', reason: 'technician' } } },
          ],
        },
        {
          // The printer for the chosen document went down while the citizen was entering the PIN or confirming.
          guard: and([stateIn('#session.documents'), not(stateIn('#session.documents.list')), not(stateIn('#session.documents.loading')), 'selectedBecameUnavailable']),
          target: '.documents.list',
          actions: [
            { type: 'keepKiosk', params: ({ event }) => ({ status: event.status }) },
            assign({ notice: ({ context, event }) => whyNotPrintable(event.status, selectedListing(context)), selectedId: null }),
          ],
        },
        { actions: { type: 'keepKiosk', params: ({ event }) => ({ status: event.status }) } },
      ],
    },
    initial: 'attract',
    states: {
      attract: {
        entry: ['wipe', 'resetLanguage'],
        always: { guard: 'closed', target: 'outOfService' },
        on: {
          start: { target: 'identify', actions: emit({ type: 'journey.started', method: null }) },
          // Tapping an e-KTP on the attract screen starts the e-KTP sign-in straight away.
          'card.present': [
            {
              guard: 'readerOk',
              target: 'identify.ektp',
              actions: [assign({ cardPresent: true, method: 'ektp' }), emit({ type: 'journey.started', method: 'ektp' })],
            },
            { actions: assign({ cardPresent: true }) },
          ],
        },
      },
      outOfService: {
        entry: ['wipe', 'resetLanguage'],
        always: { guard: not('closed'), target: 'attract' },
      },
      identify: {
        on: { cancel: { target: 'ended', actions: { type: 'notify', params: { notice: { code: 'cancelled' } } } } },
        initial: 'choose',
        states: {
          choose: {
            ...idle,
            id: 'choose',
            on: {
              activity: '.active',
              method: [
                { guard: and([{ type: 'methodIs', params: { method: 'ektp' } }, 'readerOk']), target: 'ektp', actions: [assign({ method: 'ektp' }), 'clearNotice'] },
                { guard: { type: 'methodIs', params: { method: 'nik' } }, target: 'nik', actions: [assign({ method: 'nik' }), 'clearNotice'] },
                { guard: and([{ type: 'methodIs', params: { method: 'qr' } }, 'scannerOk']), target: 'qr', actions: [assign({ method: 'qr' }), 'clearNotice'] },
              ],
            },
          },
          ektp: {
            initial: 'waitCard',
            states: {
              waitCard: {
                ...idle,
                // A card that could not be read is not read again until it is lifted and placed anew.
                always: { guard: and(['cardPresent', not('cardWasUnreadable')]), target: 'reading' },
                on: {
                  activity: '.active',
                  back: { target: '#choose', actions: 'clearNotice' },
                  'card.present': { target: 'reading', actions: assign({ cardPresent: true }) },
                },
              },
              reading: {
                always: { guard: 'cardGone', target: 'waitCard', actions: { type: 'notify', params: { notice: { code: 'card_removed' } } } },
                invoke: {
                  id: 'readCard',
                  src: 'readCard',
                  onDone: [
                    {
                      guard: { type: 'succeeded', params: ({ event }) => ({ ok: event.output.ok }) },
                      target: 'finger',
                      actions: assign({ cardNik: ({ event }) => valueOf(event.output).nik, fingerFailures: 0, notice: null }),
                    },
                    {
                      guard: { type: 'failedWith', params: ({ event }) => ({ code: event.output.ok ? null : errorOf(event.output).code, codes: ['card_removed'] }) },
                      target: 'waitCard',
                      actions: { type: 'notify', params: { notice: { code: 'card_removed' } } },
                    },
                    {
                      guard: { type: 'failedWith', params: ({ event }) => ({ code: event.output.ok ? null : errorOf(event.output).code, codes: ['unreadable'] }) },
                      target: 'waitCard',
                      actions: { type: 'notify', params: { notice: { code: 'card_unreadable' } } },
                    },
                    { target: 'readerFault', actions: { type: 'notify', params: { notice: { code: 'reader_fault' } } } },
                  ],
                  onError: { target: 'readerFault', actions: { type: 'notify', params: { notice: { code: 'reader_fault' } } } },
                },
                after: { deviceOperation: { target: 'readerFault', actions: { type: 'notify', params: { notice: { code: 'reader_fault' } } } } },
              },
              finger: {
                ...idle,
                always: { guard: 'cardGone', target: 'waitCard', actions: { type: 'notify', params: { notice: { code: 'card_removed' } } } },
                invoke: {
                  id: 'verifyFinger',
                  src: 'verifyFinger',
                  onDone: [
                    {
                      guard: { type: 'fingerIs', params: ({ context, event }) => ({ route: fingerRoute(event.output, context.fingerFailures, settings.fingerprintAttempts), want: 'match' }) },
                      target: 'lookup',
                      actions: 'clearNotice',
                    },
                    {
                      guard: { type: 'fingerIs', params: ({ context, event }) => ({ route: fingerRoute(event.output, context.fingerFailures, settings.fingerprintAttempts), want: 'retry' }) },
                      target: 'finger',
                      reenter: true,
                      actions: assign(({ context }) => {
                        const failures = context.fingerFailures + 1;
                        return { fingerFailures: failures, notice: { code: 'finger_mismatch', attemptsLeft: settings.fingerprintAttempts - failures } as Notice };
                      }),
                    },
                    {
                      guard: { type: 'fingerIs', params: ({ context, event }) => ({ route: fingerRoute(event.output, context.fingerFailures, settings.fingerprintAttempts), want: 'locked' }) },
                      target: 'fingerLocked',
                      actions: [
                        assign({ fingerFailures: ({ context }) => context.fingerFailures + 1, notice: { code: 'finger_locked' } }),
                        { type: 'reportSignInFailure', params: { code: 'finger_locked' } },
                      ],
                    },
                    {
                      guard: { type: 'fingerIs', params: ({ context, event }) => ({ route: fingerRoute(event.output, context.fingerFailures, settings.fingerprintAttempts), want: 'card_removed' }) },
                      target: 'waitCard',
                      actions: { type: 'notify', params: { notice: { code: 'card_removed' } } },
                    },
                    { target: 'readerFault', actions: { type: 'notify', params: { notice: { code: 'reader_fault' } } } },
                  ],
                  onError: { target: 'readerFault', actions: { type: 'notify', params: { notice: { code: 'reader_fault' } } } },
                },
                on: { activity: '.active', useNik: '#nik' },
              },
              fingerLocked: {
                ...idle,
                entry: assign({ cardNik: null }),
                on: { activity: '.active', useNik: '#nik' },
              },
              readerFault: {
                ...idle,
                entry: assign({ cardNik: null }),
                on: { activity: '.active', useNik: '#nik' },
              },
              lookup: {
                invoke: {
                  id: 'findByNik',
                  src: 'findByNik',
                  input: ({ context }) => ({ nik: context.cardNik ?? '' }),
                  onDone: [
                    {
                      guard: { type: 'succeeded', params: ({ event }) => ({ ok: event.output.ok }) },
                      target: '#documents',
                      actions: [
                        { type: 'signedIn', params: ({ event }) => ({ citizen: valueOf(event.output) }) },
                        emit(({ event }) => ({ type: 'journey.signedIn' as const, method: 'ektp' as const, citizen: valueOf(event.output) })),
                      ],
                    },
                    {
                      guard: { type: 'unreachable', params: ({ event }) => ({ error: event.output.ok ? null : errorOf(event.output) }) },
                      target: 'lookupFailed',
                      actions: { type: 'notify', params: { notice: { code: 'registry_unreachable' } } },
                    },
                    {
                      target: '#session.ended',
                      actions: [
                        { type: 'notify', params: ({ event }) => ({ notice: signInNotice(errorOf(event.output)) }) },
                        { type: 'reportSignInFailure', params: ({ event }) => ({ code: errorOf(event.output).code }) },
                      ],
                    },
                  ],
                  onError: { target: 'lookupFailed', actions: { type: 'notify', params: { notice: { code: 'registry_unreachable' } } } },
                },
                after: { registryCall: { target: 'lookupFailed', actions: { type: 'notify', params: { notice: { code: 'registry_unreachable' } } } } },
              },
              lookupFailed: {
                ...idle,
                on: { activity: '.active', retry: { target: 'lookup', actions: 'clearNotice' } },
              },
            },
          },
          nik: {
            id: 'nik',
            entry: assign({ method: 'nik', cardNik: null }),
            initial: 'enter',
            states: {
              enter: {
                ...idle,
                on: {
                  activity: '.active',
                  submitLogin: { target: 'checking', actions: assign({ pendingLogin: ({ event }) => ({ nik: event.nik, pin: event.pin }) }) },
                  back: { target: '#choose', actions: 'clearNotice' },
                },
              },
              checking: {
                exit: assign({ pendingLogin: null }),
                invoke: {
                  id: 'signInWithPin',
                  src: 'signInWithPin',
                  input: ({ context }) => context.pendingLogin ?? { nik: '', pin: '' },
                  onDone: [
                    {
                      guard: { type: 'succeeded', params: ({ event }) => ({ ok: event.output.ok }) },
                      target: '#documents',
                      actions: [
                        { type: 'signedIn', params: ({ event }) => ({ citizen: valueOf(event.output) }) },
                        emit(({ event }) => ({ type: 'journey.signedIn' as const, method: 'nik' as const, citizen: valueOf(event.output) })),
                      ],
                    },
                    {
                      guard: { type: 'failedWith', params: ({ event }) => ({ code: event.output.ok ? null : errorOf(event.output).code, codes: ['locked', 'not_registered'] }) },
                      target: '#session.ended',
                      actions: [
                        { type: 'notify', params: ({ event }) => ({ notice: signInNotice(errorOf(event.output)) }) },
                        { type: 'reportSignInFailure', params: ({ event }) => ({ code: errorOf(event.output).code }) },
                      ],
                    },
                    {
                      // Wrong PIN, unknown NIK, or the registry out of reach: the citizen may try again.
                      target: 'enter',
                      actions: [
                        { type: 'notify', params: ({ event }) => ({ notice: signInNotice(errorOf(event.output)) }) },
                        { type: 'reportSignInFailure', params: ({ event }) => ({ code: errorOf(event.output).code }) },
                      ],
                    },
                  ],
                  onError: { target: 'enter', actions: { type: 'notify', params: { notice: { code: 'registry_unreachable' } } } },
                },
                after: { registryCall: { target: 'enter', actions: { type: 'notify', params: { notice: { code: 'registry_unreachable' } } } } },
              },
            },
          },
          qr: {
            initial: 'scan',
            states: {
              scan: {
                ...idle,
                invoke: {
                  id: 'scan',
                  src: 'scan',
                  // After an invalid QR the same one lying there is not read again.
                  input: ({ context }) => ({ fresh: context.notice === null }),
                  onDone: [
                    {
                      guard: { type: 'succeeded', params: ({ event }) => ({ ok: event.output.ok }) },
                      target: 'checking',
                      actions: assign({ pendingQr: ({ event }) => valueOf(event.output), notice: null }),
                    },
                    { target: '#choose', actions: { type: 'notify', params: { notice: { code: 'scanner_fault' } } } },
                  ],
                  onError: { target: '#choose', actions: { type: 'notify', params: { notice: { code: 'scanner_fault' } } } },
                },
                on: { activity: '.active', back: { target: '#choose', actions: 'clearNotice' } },
              },
              checking: {
                exit: assign({ pendingQr: null }),
                invoke: {
                  id: 'signInWithQr',
                  src: 'signInWithQr',
                  input: ({ context }) => ({ text: context.pendingQr ?? '' }),
                  onDone: [
                    {
                      guard: { type: 'succeeded', params: ({ event }) => ({ ok: event.output.ok }) },
                      target: '#documents',
                      actions: [
                        { type: 'signedIn', params: ({ event }) => ({ citizen: valueOf(event.output) }) },
                        emit(({ event }) => ({ type: 'journey.signedIn' as const, method: 'qr' as const, citizen: valueOf(event.output) })),
                      ],
                    },
                    {
                      guard: { type: 'failedWith', params: ({ event }) => ({ code: event.output.ok ? null : errorOf(event.output).code, codes: ['locked', 'not_registered'] }) },
                      target: '#session.ended',
                      actions: [
                        { type: 'notify', params: ({ event }) => ({ notice: signInNotice(errorOf(event.output)) }) },
                        { type: 'reportSignInFailure', params: ({ event }) => ({ code: errorOf(event.output).code }) },
                      ],
                    },
                    {
                      guard: { type: 'unreachable', params: ({ event }) => ({ error: event.output.ok ? null : errorOf(event.output) }) },
                      target: 'scan',
                      actions: { type: 'notify', params: { notice: { code: 'registry_unreachable' } } },
                    },
                    {
                      target: 'scan',
                      actions: [
                        { type: 'notify', params: { notice: { code: 'qr_invalid' } } },
                        { type: 'reportSignInFailure', params: ({ event }) => ({ code: errorOf(event.output).code }) },
                      ],
                    },
                  ],
                  onError: { target: 'scan', actions: { type: 'notify', params: { notice: { code: 'registry_unreachable' } } } },
                },
                after: { registryCall: { target: 'scan', actions: { type: 'notify', params: { notice: { code: 'registry_unreachable' } } } } },
              },
            },
          },
        },
      },
      documents: {
        id: 'documents',
        always: {
          guard: 'ektpCardGone',
          target: 'ended',
          actions: { type: 'notify', params: { notice: { code: 'card_removed_session' } } },
        },
        on: {
          cancel: { target: 'ended', actions: { type: 'notify', params: { notice: { code: 'cancelled' } } } },
          finish: 'thankYou',
        },
        initial: 'loading',
        states: {
          loading: {
            invoke: {
              id: 'listDocuments',
              src: 'listDocuments',
              input: ({ context }) => ({ nik: context.citizen?.person.nik ?? '' }),
              onDone: [
                {
                  guard: { type: 'succeeded', params: ({ event }) => ({ ok: event.output.ok }) },
                  target: 'list',
                  actions: assign({ listings: ({ event }) => valueOf(event.output) }),
                },
                { target: 'loadFailed', actions: { type: 'notify', params: { notice: { code: 'registry_unreachable' } } } },
              ],
              onError: { target: 'loadFailed', actions: { type: 'notify', params: { notice: { code: 'registry_unreachable' } } } },
            },
            after: { registryCall: { target: 'loadFailed', actions: { type: 'notify', params: { notice: { code: 'registry_unreachable' } } } } },
          },
          loadFailed: {
            ...idle,
            on: { activity: '.active', retry: { target: 'loading', actions: 'clearNotice' } },
          },
          list: {
            ...idle,
            on: {
              activity: '.active',
              choose: [
                { guard: 'chosenPrintable', target: 'proof', actions: assign({ selectedId: ({ event }) => event.applicationId, proof: null, notice: null }) },
                {
                  actions: assign({
                    notice: ({ context, event }) => whyNotPrintable(context.kiosk, context.listings.find((l) => l.application.id === event.applicationId)),
                  }),
                },
              ],
            },
          },
          proof: {
            ...idle,
            invoke: {
              // The document's QR from the SMS/e-mail works as well as its PIN.
              id: 'scan',
              src: 'scan',
              // The QR that signed the citizen in may be the document's own: it counts again here.
              input: ({ context }) => ({ fresh: context.notice === null }),
              onDone: {
                guard: { type: 'succeeded', params: ({ event }) => ({ ok: event.output.ok }) },
                target: 'confirm',
                actions: assign({ proof: ({ event }) => ({ kind: 'qr' as const, text: valueOf(event.output) }), notice: null }),
              },
              // A scanner failure here costs nothing: the PIN keypad stays.
              onError: {},
            },
            on: {
              activity: '.active',
              submitPin: { target: 'confirm', actions: assign({ proof: ({ event }) => ({ kind: 'pin' as const, pin: event.pin }), notice: null }) },
              back: { target: 'list', actions: assign({ selectedId: null, proof: null, notice: null }) },
            },
          },
          confirm: {
            ...idle,
            on: {
              activity: '.active',
              confirm: '#printing',
              back: { target: 'proof', actions: assign({ proof: null, notice: null }) },
            },
          },
        },
      },
      printing: {
        id: 'printing',
        entry: assign({ progress: { phase: 'checking', page: 0, pages: null }, notice: null, outcome: null }),
        exit: assign({ progress: null }),
        invoke: {
          id: 'print',
          src: 'print',
          // The progress screen follows the print machine's own context.
          onSnapshot: {
            actions: assign({
              progress: ({ event }) => ({ phase: event.snapshot.context.phase, page: event.snapshot.context.page, pages: event.snapshot.context.pages }),
            }),
          },
          input: ({ context }): PrintInput => {
            const listing = selectedListing(context);
            if (!listing || !context.citizen || !context.proof) throw new Error('bug: printing without a selection');
            return { application: listing.application, nik: context.citizen.person.nik, proof: context.proof };
          },
          onDone: [
            {
              guard: { type: 'routeIs', params: ({ event }) => ({ route: routeOf(event.output), want: 'printed' }) },
              target: 'takeDocument',
              actions: [
                assign({ outcome: ({ event }) => event.output, notice: ({ event }) => outcomeNotice(event.output), printed: ({ context }) => context.printed + 1 }),
                { type: 'reportOutcome', params: ({ event }) => ({ outcome: event.output }) },
              ],
            },
            {
              guard: { type: 'routeIs', params: ({ event }) => ({ route: routeOf(event.output), want: 'wrong_pin' }) },
              target: 'documents.proof',
              actions: [assign({ notice: ({ event }) => outcomeNotice(event.output), proof: null }), { type: 'reportOutcome', params: ({ event }) => ({ outcome: event.output }) }],
            },
            {
              guard: { type: 'routeIs', params: ({ event }) => ({ route: routeOf(event.output), want: 'unreachable' }) },
              target: 'documents.confirm',
              actions: [assign({ notice: ({ event }) => outcomeNotice(event.output) }), { type: 'reportOutcome', params: ({ event }) => ({ outcome: event.output }) }],
            },
            {
              guard: { type: 'routeIs', params: ({ event }) => ({ route: routeOf(event.output), want: 'refused' }) },
              target: 'documents.list',
              actions: [
                assign({ notice: ({ event }) => outcomeNotice(event.output), selectedId: null, proof: null }),
                { type: 'reportOutcome', params: ({ event }) => ({ outcome: event.output }) },
              ],
            },
            {
              guard: { type: 'routeIs', params: ({ event }) => ({ route: routeOf(event.output), want: 'not_printed' }) },
              target: 'printFailed',
              actions: [assign({ outcome: ({ event }) => event.output, notice: ({ event }) => outcomeNotice(event.output) }), { type: 'reportOutcome', params: ({ event }) => ({ outcome: event.output }) }],
            },
            {
              target: 'printUnknown',
              actions: [assign({ outcome: ({ event }) => event.output, notice: ({ event }) => outcomeNotice(event.output) }), { type: 'reportOutcome', params: ({ event }) => ({ outcome: event.output }) }],
            },
          ],
          onError: { target: 'ended', actions: { type: 'notify', params: { notice: { code: 'internal_error' } } } },
        },
      },
      printFailed: {
        ...idle,
        on: {
          activity: '.active',
          another: { target: 'documents', actions: assign({ selectedId: null, proof: null, outcome: null, notice: null }) },
          finish: 'thankYou',
        },
      },
      printUnknown: {
        ...idle,
        on: { activity: '.active', finish: 'thankYou' },
      },
      takeDocument: {
        after: { takeDocument: 'thankYou' },
        on: {
          finish: 'thankYou',
          another: { target: 'documents', actions: assign({ selectedId: null, proof: null, outcome: null, notice: null }) },
          nothingCameOut: 'reportingNothingOut',
        },
      },
      reportingNothingOut: {
        invoke: {
          id: 'reportNothingOut',
          src: 'reportNothingOut',
          input: ({ context }) => ({ ledgerId: context.outcome && 'ledgerId' in context.outcome ? context.outcome.ledgerId : '' }),
          // Recorded or not, the citizen is told the same next step: keep the receipt, staff will check.
          onDone: { target: 'printReported', actions: assign({ notice: ({ event }) => ({ code: 'print_reported', recorded: event.output.ok }) }) },
          onError: { target: 'printReported', actions: assign({ notice: { code: 'print_reported', recorded: false } }) },
        },
      },
      printReported: {
        ...idle,
        on: { activity: '.active', finish: 'thankYou' },
      },
      thankYou: {
        entry: [{ type: 'ended', params: { reason: 'finished' } }, assign({ notice: null }), 'wipeKeepingNotice'],
        after: { thankYou: 'attract' },
        on: { dismiss: 'attract' },
      },
      ended: {
        entry: [{ type: 'ended', params: ({ context }) => ({ reason: context.notice?.code ?? 'cancelled' }) }, 'wipeKeepingNotice'],
        after: { endedNotice: 'attract' },
        on: { dismiss: 'attract' },
      },
    },
  });
}

export type SessionMachine = ReturnType<typeof createSessionMachine>;
