import { getAdjacencyMap, getStateNodes, type AnyStateNode } from '@xstate/graph';
import { assign, createActor, setup, SimulatedClock, type AnyActorLogic, type AnyTransitionDefinition, type InspectionEvent } from 'xstate';
import { describe, expect, it } from 'vitest';
import { createPrintMachine, type PrintInput } from '../../flows/print/print-machine.ts';
import type { PrintOutcome, PrintPhase } from '../../flows/print/outcome.ts';
import { err, ok } from '../../core/result.ts';
import { LISTINGS, NIK, SETTINGS } from './support/fixtures.ts';
import { allTransitions } from './support/model-replay.ts';
import { ScriptedPorts, settle } from './support/scripted-ports.ts';

type Ev = { type: string; [k: string]: unknown };
const HANDLE = { ledgerId: 'L1', application: LISTINGS[0]!.application, pages: 2 };
const INPUT: PrintInput = { application: LISTINGS[0]!.application, nik: NIK, proof: { kind: 'pin', pin: '654321' } };

const PORT: Record<string, string> = {
  claim: 'print.claim',
  render: 'print.render',
  submit: 'print.submit',
  receipt: 'print.receipt',
};
const SAMPLES: Record<string, unknown[]> = {
  claim: [ok(HANDLE), err({ code: 'wrong_pin', message: '', attemptsLeft: 2 })],
  render: [ok(HANDLE), err({ code: 'render_failed', settled: 'released' })],
  submit: [ok(HANDLE), err({ code: 'printer_offline', settled: 'released' }), err({ code: 'printer_fault', settled: 'unknown' })],
  receipt: [ok(undefined), err({ detail: 'receipt paper out' })],
};
const DELAYS: Record<string, number> = { registryCall: SETTINGS.registryCallMs, deviceOperation: SETTINGS.deviceOperationMs, printJob: SETTINGS.printJobMs };

type Node = AnyStateNode & { invoke: Array<{ id: string }>; after: Array<{ eventType: string }> };

function eventsFor(snap: { _nodes: Node[] }): Ev[] {
  const events: Ev[] = [];
  for (const node of snap._nodes) {
    for (const inv of node.invoke) {
      for (const output of SAMPLES[inv.id] ?? []) events.push({ type: `xstate.done.actor.${inv.id}`, output, actorId: inv.id });
      if (PORT[inv.id]) events.push({ type: `xstate.error.actor.${inv.id}`, error: { message: 'defect' }, actorId: inv.id });
      if (inv.id === 'watch') {
        events.push({ type: 'watch.progress', page: 1, pages: 2 });
        events.push({ type: 'watch.result', result: ok({ ...HANDLE, registryConfirmed: true }) });
        events.push({ type: 'watch.result', result: ok({ ...HANDLE, registryConfirmed: false }) });
        events.push({ type: 'watch.result', result: err({ code: 'paper_out', settled: 'released' }) });
        events.push({ type: 'watch.result', result: err({ code: 'jammed', settled: 'unknown' }) });
      }
    }
    for (const d of node.after) events.push({ type: d.eventType });
  }
  return events;
}

/** The print machine under a minimal parent that keeps what it reports. */
function live(ports: ScriptedPorts, clock: SimulatedClock, taken: Set<string>) {
  const print = createPrintMachine(ports.printing);
  const names = allTransitions(print);
  const parent = setup({
    types: { context: {} as { phases: PrintPhase[]; outcome: PrintOutcome | null } },
    actors: { print },
  }).createMachine({
    context: { phases: [], outcome: null },
    invoke: {
      id: 'print',
      src: 'print',
      input: INPUT,
      onDone: { actions: assign({ outcome: ({ event }) => event.output }) },
      onSnapshot: { actions: assign({ phases: ({ context, event }) => [...context.phases, event.snapshot.context.phase] }) },
    },
  });
  const actor = createActor(parent, {
    clock,
    inspect: (e: InspectionEvent) => {
      if (e.type === '@xstate.microstep' && (e.actorRef as { id?: string }).id === 'print') {
        for (const t of (e as unknown as { _transitions: AnyTransitionDefinition[] })._transitions) {
          const n = names.get(t);
          if (n) taken.add(n);
        }
      }
    },
  });
  actor.start();
  return actor;
}

/** Where the print is, and whether a failure has been recorded (it decides the receipt's kind). */
const serialize = (s: { value: unknown; context: { failure: unknown } }) => JSON.stringify([s.value, s.context.failure !== null]);

describe('print machine model', () => {
  const ports0 = new ScriptedPorts();
  const machine = createPrintMachine(ports0.printing);
  const adj = getAdjacencyMap(machine as unknown as AnyActorLogic, {
    input: INPUT,
    events: eventsFor as never,
    serializeState: serialize as never,
    serializeEvent: ((e: Ev) => JSON.stringify(e)) as never,
  }) as unknown as Record<string, { state: { value: unknown; output?: PrintOutcome }; transitions: Record<string, { event: Ev; state: { value: unknown; output?: PrintOutcome } }> }>;

  const keys = Object.keys(adj);
  const pathTo = new Map<string, Ev[]>([[keys[0] as string, []]]);
  const queue = [keys[0] as string];
  while (queue.length) {
    const k = queue.shift() as string;
    for (const [, t] of Object.entries(adj[k]?.transitions ?? {})) {
      const nk = serialize(t.state as never);
      if (!pathTo.has(nk)) {
        pathTo.set(nk, [...(pathTo.get(k) as Ev[]), t.event]);
        queue.push(nk);
      }
    }
  }

  async function apply(ports: ScriptedPorts, clock: SimulatedClock, e: Ev): Promise<void> {
    if (e.type.startsWith('xstate.after.')) clock.increment(DELAYS[e.type.split('.')[2] as string] as number);
    else if (e.type.startsWith('xstate.done.actor.')) ports.answer(PORT[e.actorId as string] as string, e.output);
    else if (e.type.startsWith('xstate.error.actor.')) ports.fail(PORT[e.actorId as string] as string, e.error);
    else if (e.type === 'watch.progress') ports.pending('print.watch')?.onProgress?.({ page: e.page as number, pages: e.pages as number });
    else if (e.type === 'watch.result') ports.answer('print.watch', e.result);
    await settle();
  }

  it('replays every edge on a live print under a parent, and takes every transition', async () => {
    const taken = new Set<string>();
    const mismatches: string[] = [];
    let edges = 0;
    for (const [from, { transitions }] of Object.entries(adj)) {
      for (const { event, state: next } of Object.values(transitions)) {
        edges++;
        const ports = new ScriptedPorts();
        const clock = new SimulatedClock();
        const actor = live(ports, clock, taken);
        for (const e of pathTo.get(from) ?? []) await apply(ports, clock, e);
        await apply(ports, clock, event);
        const child = actor.getSnapshot().children.print;
        const got = child ? JSON.stringify(child.getSnapshot().value) : JSON.stringify('done');
        if (got !== JSON.stringify(next.value)) mismatches.push(`${from} + ${event.type}: model ${JSON.stringify(next.value)}, live ${got}`);
        if (next.value === 'done') expect(actor.getSnapshot().context.outcome).toEqual((next as { output?: PrintOutcome }).output);
        actor.stop();
      }
    }
    expect(edges).toBeGreaterThan(20);
    expect(mismatches).toEqual([]);
    const all = [...allTransitions(machine).values()];
    expect(all.filter((t) => !taken.has(t))).toEqual([]);
    // claiming, rendering, submitting, printing, failed, receipt, done: every one reached above.
    expect(getStateNodes(machine.root as unknown as AnyStateNode).length).toBe(7);
  });
});
