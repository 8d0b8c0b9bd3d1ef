import { getAdjacencyMap, getStateNodes, type AnyStateNode } from '@xstate/graph';
import { createActor, SimulatedClock, type AnyActorLogic, type AnyTransitionDefinition, type InspectionEvent, type SnapshotFrom } from 'xstate';
import { createSessionMachine, type SessionMachine } from '../../../flows/session/session-machine.ts';
import type { JourneySettings } from '../../../flows/settings.ts';
import { ok, err } from '../../../core/result.ts';
import type { PrintOutcome } from '../../../flows/print/outcome.ts';
import { SETTINGS } from './fixtures.ts';
import { eventsFor, serializeState, type ModelEvent } from './model-events.ts';
import { ScriptedPorts, settle } from './scripted-ports.ts';

type Snap = SnapshotFrom<SessionMachine>;

/** Which port answers the completion of each invoked actor. */
const PORT_OF: Record<string, string> = {
  readCard: 'card.read',
  verifyFinger: 'card.verifyFinger',
  scan: 'scanner.next',
  findByNik: 'registry.findByNik',
  signInWithPin: 'registry.signInWithPin',
  signInWithQr: 'registry.signInWithQr',
  listDocuments: 'registry.listDocuments',
  reportNothingOut: 'print.reportNothingOut',
};

export interface ModelEdge {
  /** Serialized source state. */
  from: string;
  event: ModelEvent;
  /** The state value the model says follows. */
  expected: unknown;
}

export interface SessionModel {
  machine: SessionMachine;
  /** Shortest event sequence from the initial state to each serialized state. */
  pathTo: Map<string, ModelEvent[]>;
  /** Every (state, event) pair that changes something. */
  edges: ModelEdge[];
  states: Map<string, Snap>;
}

export function exploreSession(settings: JourneySettings = SETTINGS): SessionModel {
  const ports = new ScriptedPorts();
  const machine = createSessionMachine(ports, settings);
  const adj = getAdjacencyMap(machine as unknown as AnyActorLogic, {
    input: { kiosk: ports.kiosk.status(), language: 'id' },
    events: eventsFor as never,
    serializeState: serializeState as never,
    serializeEvent: (e: ModelEvent) => JSON.stringify(e) as never,
  }) as unknown as Record<string, { state: Snap; transitions: Record<string, { event: ModelEvent; state: Snap }> }>;

  // Breadth-first from the initial state gives the shortest path to each state.
  const initialKey = Object.keys(adj)[0] as string;
  const pathTo = new Map<string, ModelEvent[]>([[initialKey, []]]);
  const queue = [initialKey];
  while (queue.length > 0) {
    const key = queue.shift() as string;
    for (const { event, state } of Object.values(adj[key]?.transitions ?? {})) {
      const next = serializeState(state);
      if (!pathTo.has(next)) {
        pathTo.set(next, [...(pathTo.get(key) as ModelEvent[]), event]);
        queue.push(next);
      }
    }
  }
  const edges: ModelEdge[] = [];
  const states = new Map<string, Snap>();
  for (const [key, { state, transitions }] of Object.entries(adj)) {
    states.set(key, state);
    for (const { event, state: next } of Object.values(transitions)) {
      // Keep every event the chart reacts to, even a transition that changes nothing visible.
      const reacts = next !== state || machine.getTransitionData(state, event as never).length > 0;
      if (reacts) edges.push({ from: key, event, expected: next.value });
    }
  }
  return { machine, pathTo, edges, states };
}

/** Every transition the chart defines, so a test can tell which ones no run has taken. */
export function allTransitions(machine: { root: unknown }): Map<AnyTransitionDefinition, string> {
  const out = new Map<AnyTransitionDefinition, string>();
  for (const node of getStateNodes(machine.root as unknown as AnyStateNode) as Array<AnyStateNode & { transitions: Map<string, AnyTransitionDefinition[]>; always?: AnyTransitionDefinition[] }>) {
    for (const [event, list] of node.transitions) list.forEach((t, i) => out.set(t, `${node.id} --${event}[${i}]-->`));
    node.always?.forEach((t, i) => out.set(t, `${node.id} --always[${i}]-->`));
  }
  return out;
}

/** One machine on one set of scripted ports, reused by every replay (the ports are reset between runs). */
export class ReplayBench {
  readonly ports = new ScriptedPorts();
  readonly machine: SessionMachine;
  readonly names: Map<AnyTransitionDefinition, string>;
  constructor(readonly settings: JourneySettings = SETTINGS) {
    this.machine = createSessionMachine(this.ports, settings);
    this.names = allTransitions(this.machine);
  }
}

/** A live session (real actors, scripted ports, simulated clock) that replays model events. */
export class LiveSession {
  readonly ports: ScriptedPorts;
  readonly clock = new SimulatedClock();
  /** Descriptions (as `allTransitions` names them) of the transitions this session took. */
  readonly taken = new Set<string>();
  readonly actor;
  readonly #settings: JourneySettings;

  constructor(bench: ReplayBench) {
    this.#settings = bench.settings;
    this.ports = bench.ports;
    this.ports.reset();
    const names = bench.names;
    this.actor = createActor(bench.machine, {
      clock: this.clock,
      input: { kiosk: this.ports.kiosk.status(), language: 'id' },
      inspect: (e: InspectionEvent) => {
        if (e.type === '@xstate.microstep' && e.actorRef === this.actor) {
          for (const t of (e as unknown as { _transitions: AnyTransitionDefinition[] })._transitions) {
            const name = names.get(t);
            if (name) this.taken.add(name);
          }
        }
      },
    });
    this.actor.start();
  }

  async apply(event: ModelEvent): Promise<void> {
    const { type } = event;
    if (type === 'kiosk.status') this.ports.setKiosk(event.status as never);
    else if (type === 'card.present') this.ports.setCard(true);
    else if (type === 'card.removed') this.ports.setCard(false);
    else if (type.startsWith('xstate.after.')) this.clock.increment(this.#delayOf(type));
    else if (type.startsWith('xstate.done.actor.')) await this.#complete(event.actorId as string, event.output);
    else if (type.startsWith('xstate.error.actor.')) {
      const port = PORT_OF[event.actorId as string];
      // No port failure can crash the print machine (it turns every failure into an outcome), so
      // that defect path is injected as the event itself.
      if (port) this.ports.fail(port, event.error);
      else this.actor.send(event as never);
    } else if (type === 'xstate.snapshot.print') {
      // Progress of the real print child arrives this way too (see #complete); here the model's sample is injected.
      this.actor.send(event as never);
    } else this.actor.send(event as never);
    await settle();
  }

  async #complete(actorId: string, output: unknown): Promise<void> {
    if (actorId !== 'print') {
      this.ports.answer(PORT_OF[actorId] as string, output);
      return;
    }
    // Drive the real print machine through its ports to the outcome the model chose.
    const outcome = output as PrintOutcome;
    const handle = { ledgerId: 'L1', application: {}, pages: 2 };
    const step = async (name: string, value: unknown) => {
      this.ports.answer(name, value);
      await settle();
    };
    if (outcome.kind === 'refused') return step('print.claim', err(outcome.error));
    await step('print.claim', ok(handle));
    if (outcome.kind === 'not_printed') {
      return step('print.render', err({ code: outcome.reason, settled: outcome.released ? 'released' : 'unknown' }));
    }
    await step('print.render', ok(handle));
    await step('print.submit', ok(handle));
    if (outcome.kind === 'unknown') {
      await step('print.watch', err({ code: outcome.reason, settled: 'unknown' }));
      return step('print.receipt', outcome.receipt === 'printed' ? ok(undefined) : err({ detail: 'receipt paper out' }));
    }
    await step('print.watch', ok({ ...handle, registryConfirmed: outcome.registryConfirmed }));
    return step('print.receipt', outcome.receipt === 'printed' ? ok(undefined) : err({ detail: 'receipt paper out' }));
  }

  #delayOf(type: string): number {
    const name = type.split('.')[2];
    const s = this.#settings;
    const delays: Record<string, number> = {
      inactivityWarning: s.inactivityWarningMs,
      inactivityGrace: s.inactivityTimeoutMs - s.inactivityWarningMs,
      takeDocument: s.takeDocumentTimeoutMs,
      thankYou: s.thankYouMs,
      endedNotice: s.endedNoticeMs,
      deviceOperation: s.deviceOperationMs,
      registryCall: s.registryCallMs,
    };
    const ms = name === undefined ? undefined : delays[name];
    if (ms === undefined) throw new Error(`unknown delay in ${type}`);
    return ms;
  }

  stop(): void {
    this.actor.stop();
  }
}
