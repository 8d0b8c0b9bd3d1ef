import { createActor, SimulatedClock, type Actor } from 'xstate';
import { createSessionMachine, type SessionMachine } from '../../../flows/session/session-machine.ts';
import type { SessionEmitted } from '../../../flows/session/context.ts';
import { viewOf, viewSchema, type View } from '../../../flows/view.ts';
import type { JourneySettings } from '../../../flows/settings.ts';
import { ok } from '../../../core/result.ts';
import { CITIZEN, LISTINGS, NIK, SETTINGS } from './fixtures.ts';
import { ScriptedPorts, settle } from './scripted-ports.ts';

/** A running session with scripted ports and a simulated clock. */
export interface Harness {
  ports: ScriptedPorts;
  clock: SimulatedClock;
  actor: Actor<SessionMachine>;
  emitted: SessionEmitted[];
  /** The state as a dotted path without the idle sub-state, e.g. `documents.list`. */
  at(): string;
  view(): View;
  send(event: Parameters<Actor<SessionMachine>['send']>[0]): Promise<void>;
  answer(name: string, value: unknown): Promise<void>;
  advance(ms: number): Promise<void>;
  stop(): void;
}

export function statePath(value: unknown): string {
  const parts: string[] = [];
  let v = value;
  while (v !== null && typeof v === 'object') {
    const [k, next] = Object.entries(v as Record<string, unknown>)[0] as [string, unknown];
    parts.push(k);
    v = next;
  }
  if (typeof v === 'string') parts.push(v);
  return parts.filter((p) => p !== 'active' && p !== 'warned').join('.');
}

export function startSession(settings: JourneySettings = SETTINGS, ports = new ScriptedPorts()): Harness {
  const clock = new SimulatedClock();
  const actor = createActor(createSessionMachine(ports, settings), { clock, input: { kiosk: ports.kiosk.status(), language: 'id' } });
  const emitted: SessionEmitted[] = [];
  for (const t of ['journey.started', 'journey.signedIn', 'journey.signInFailed', 'journey.printOutcome', 'journey.ended'] as const) {
    actor.on(t, (e) => emitted.push(e));
  }
  actor.start();
  return {
    ports,
    clock,
    actor,
    emitted,
    at: () => statePath(actor.getSnapshot().value),
    view: () => viewSchema.parse(viewOf(actor.getSnapshot(), { idleMsLeft: 15_000 })),
    async send(event) {
      actor.send(event);
      await settle();
    },
    async answer(name, value) {
      ports.answer(name, value);
      await settle();
    },
    async advance(ms) {
      clock.increment(ms);
      await settle();
    },
    stop: () => actor.stop(),
  };
}

/** Drives a fresh session to the document list by NIK + PIN. */
export async function signedInByPin(h: Harness): Promise<void> {
  await h.send({ type: 'start' });
  await h.send({ type: 'method', method: 'nik' });
  await h.send({ type: 'submitLogin', nik: NIK, pin: '123456' });
  await h.answer('registry.signInWithPin', ok(CITIZEN));
  await h.answer('registry.listDocuments', ok(LISTINGS));
}

/** From the document list to the print machine's claim call, with a document PIN. */
export async function toClaim(h: Harness, applicationId = 'app-kk', pin = '654321'): Promise<void> {
  await h.send({ type: 'choose', applicationId });
  await h.send({ type: 'submitPin', pin });
  await h.send({ type: 'confirm' });
}
