import { and, assign, emit, not, stateIn } from 'xstate';
import type { JourneyPorts } from '../ports.ts';
import type { JourneySettings } from '../settings.ts';
import { initialContext } from './context.ts';
import { selectedListing, whyNotPrintable } from './decisions.ts';
import { documentsPhase } from './phases/documents.ts';
import { printPhase } from './phases/print.ts';
import { signInPhase } from './phases/sign-in.ts';
import { takeAndEndStates } from './phases/take-and-end.ts';
import { sessionSetup } from './session-setup.ts';

/**
 * The citizen's journey: attract → identify (e-KTP + finger, NIK + PIN, or sign-in QR) → ready
 * documents → proof (document PIN or QR) → confirm → print (a child machine) → take document →
 * thank you → wipe. Every device and registry call is an actor built from `ports`; the chart
 * itself touches nothing. Each phase is built in its own file under phases/.
 */
export function createSessionMachine(ports: JourneyPorts, settings: JourneySettings) {
  const s = sessionSetup(ports, settings);
  return s.createMachine({
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
      identify: signInPhase(s, settings),
      documents: documentsPhase(s),
      printing: printPhase(s),
      ...takeAndEndStates(s),
    },
  });
}

export type SessionMachine = ReturnType<typeof createSessionMachine>;
