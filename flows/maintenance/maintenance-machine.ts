import { assign, emit, fromCallback, fromPromise, setup, type EventObject } from 'xstate';
import type { EntrySource, ExitReason, MaintenancePorts, MaintenanceSettings, TechnicianRef } from './ports.ts';

export interface MaintenanceContext {
  source: EntrySource | null;
  technician: TechnicianRef | null;
  /** Clock time entry was asked for. */
  requestedAt: number | null;
  /** Clock time the citizen flow was parked (active began). */
  activeSince: number | null;
  exitReason: ExitReason | null;
}

export type MaintenanceEvent =
  | { type: 'enter'; source: EntrySource }
  | { type: 'signedIn'; technician: TechnicianRef }
  /** Any request of the signed-in technician: restarts the idle count. */
  | { type: 'activity' }
  | { type: 'leave'; reason?: ExitReason }
  | { type: 'citizens'; idle: boolean };

export type MaintenanceEmitted =
  | { type: 'maintenance.enterRequested'; source: EntrySource }
  | { type: 'maintenance.active'; source: EntrySource | null; waitedMs: number }
  | { type: 'maintenance.signedIn'; technician: TechnicianRef }
  | { type: 'maintenance.exitRequested'; reason: ExitReason; technician: TechnicianRef | null }
  | { type: 'maintenance.inactive'; reason: ExitReason; technician: TechnicianRef | null; durationMs: number | null; settled: boolean };

export interface MaintenanceMachineOptions {
  ports: MaintenancePorts;
  settings: MaintenanceSettings;
  /** Clock time for durations (the actor's clock runs the delays). */
  now: () => number;
}

/**
 * XFS4IoT's vendor mode for the kiosk: `inactive` → `enterPending` (the citizen flow is parked and
 * a print under way is allowed to finish) → `active` (sign-in, then the technician works) →
 * `exitPending` (the technician's own device operations are stopped) → `inactive` (citizens back,
 * unless the technician left the kiosk out of service). Every way out goes through `exitPending`.
 */
export function createMaintenanceMachine({ ports, settings, now }: MaintenanceMachineOptions) {
  return setup({
    types: {
      context: {} as MaintenanceContext,
      events: {} as MaintenanceEvent,
      emitted: {} as MaintenanceEmitted,
    },
    actors: {
      watchCitizens: fromCallback<EventObject>(({ sendBack }) => ports.watchCitizens((idle) => sendBack({ type: 'citizens', idle }))),
      settle: fromPromise<void>(({ signal }) => ports.settleOperations(signal)),
    },
    delays: {
      enterTimeout: settings.enterTimeoutMs,
      signInTimeout: settings.signInTimeoutMs,
      sessionIdle: settings.sessionIdleMs,
      sessionMax: settings.sessionMaxMs,
      exitTimeout: settings.exitTimeoutMs,
    },
    guards: {
      citizensIdle: ({ event }) => event.type === 'citizens' && event.idle,
    },
    actions: {
      park: () => ports.parkCitizens(),
      release: () => ports.releaseCitizens(),
      exitBecause: assign({ exitReason: (_, params: { reason: ExitReason }) => params.reason }),
      left: emit(({ context }, params: { settled: boolean }) => ({
        type: 'maintenance.inactive' as const,
        reason: context.exitReason ?? 'technician_left',
        technician: context.technician,
        durationMs: context.activeSince === null ? null : now() - context.activeSince,
        settled: params.settled,
      })),
      forget: assign({ source: null, technician: null, requestedAt: null, activeSince: null, exitReason: null }),
    },
  }).createMachine({
    id: 'maintenance',
    context: { source: null, technician: null, requestedAt: null, activeSince: null, exitReason: null },
    initial: 'inactive',
    states: {
      inactive: {
        entry: 'forget',
        on: {
          enter: {
            target: 'enterPending',
            actions: [
              assign({ source: ({ event }) => event.source, requestedAt: () => now() }),
              emit(({ event }) => ({ type: 'maintenance.enterRequested' as const, source: event.source })),
            ],
          },
        },
      },
      enterPending: {
        entry: 'park',
        invoke: { src: 'watchCitizens' },
        on: {
          citizens: { guard: 'citizensIdle', target: 'active' },
          leave: { target: 'exitPending', actions: { type: 'exitBecause', params: { reason: 'canceled' } } },
        },
        after: { enterTimeout: { target: 'exitPending', actions: { type: 'exitBecause', params: { reason: 'citizen_busy' } } } },
      },
      active: {
        entry: [
          assign({ activeSince: () => now() }),
          emit(({ context }) => ({ type: 'maintenance.active' as const, source: context.source, waitedMs: now() - (context.requestedAt ?? now()) })),
        ],
        initial: 'signIn',
        on: {
          leave: { target: 'exitPending', actions: { type: 'exitBecause', params: ({ event }) => ({ reason: event.reason ?? 'technician_left' }) } },
        },
        states: {
          signIn: {
            on: {
              signedIn: {
                target: 'working',
                actions: [assign({ technician: ({ event }) => event.technician }), emit(({ event }) => ({ type: 'maintenance.signedIn' as const, technician: event.technician }))],
              },
              leave: { target: '#maintenance.exitPending', actions: { type: 'exitBecause', params: { reason: 'canceled' } } },
            },
            after: { signInTimeout: { target: '#maintenance.exitPending', actions: { type: 'exitBecause', params: { reason: 'sign_in_timeout' } } } },
          },
          working: {
            initial: 'busy',
            after: { sessionMax: { target: '#maintenance.exitPending', actions: { type: 'exitBecause', params: { reason: 'session_expired' } } } },
            states: {
              busy: {
                on: { activity: { target: 'busy', reenter: true } },
                after: { sessionIdle: { target: '#maintenance.exitPending', actions: { type: 'exitBecause', params: { reason: 'idle_timeout' } } } },
              },
            },
          },
        },
      },
      exitPending: {
        entry: emit(({ context }) => ({ type: 'maintenance.exitRequested' as const, reason: context.exitReason ?? 'technician_left', technician: context.technician })),
        invoke: {
          src: 'settle',
          onDone: { target: 'inactive', actions: ['release', { type: 'left', params: { settled: true } }] },
          onError: { target: 'inactive', actions: ['release', { type: 'left', params: { settled: false } }] },
        },
        after: { exitTimeout: { target: 'inactive', actions: ['release', { type: 'left', params: { settled: false } }] } },
      },
    },
  });
}

export type MaintenanceMachine = ReturnType<typeof createMaintenanceMachine>;

/** The four XFS4IoT vendor-mode states, from a snapshot's value. */
export type VendorModeState = 'inactive' | 'enterPending' | 'active' | 'exitPending';

export function vendorModeOf(value: unknown): VendorModeState {
  if (typeof value === 'string') return value as VendorModeState;
  const key = Object.keys(value as object)[0];
  return key as VendorModeState;
}
