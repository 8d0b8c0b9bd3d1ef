import { assign, createActor, setup, SimulatedClock } from 'xstate';
import { describe, expect, it } from 'vitest';
import { createPrintMachine, type PrintInput } from '../../flows/print/print-machine.ts';
import type { PrintOutcome } from '../../flows/print/outcome.ts';
import { err, ok } from '../../core/result.ts';
import { LISTINGS, NIK, SETTINGS } from './support/fixtures.ts';
import { ScriptedPorts, settle } from './support/scripted-ports.ts';

const INPUT: PrintInput = { application: LISTINGS[0]!.application, nik: NIK, proof: { kind: 'pin', pin: '654321' } };
const HANDLE = { ledgerId: 'L7', application: LISTINGS[0]!.application, pages: 2 };

function run() {
  const ports = new ScriptedPorts();
  const clock = new SimulatedClock();
  const parent = setup({ types: { context: {} as { outcome: PrintOutcome | null } }, actors: { print: createPrintMachine(ports.printing) } }).createMachine({
    context: { outcome: null },
    invoke: { id: 'print', src: 'print', input: INPUT, onDone: { actions: assign({ outcome: ({ event }) => event.output }) } },
  });
  const actor = createActor(parent, { clock });
  actor.start();
  const answer = async (name: string, v: unknown) => {
    ports.answer(name, v);
    await settle();
  };
  return { ports, clock, actor, answer, outcome: () => actor.getSnapshot().context.outcome };
}

async function toWatching(p: ReturnType<typeof run>) {
  await p.answer('print.claim', ok(HANDLE));
  await p.answer('print.render', ok(HANDLE));
  await p.answer('print.submit', ok(HANDLE));
}

describe('print machine: every way a print can go wrong', () => {
  it('a refused claim ends at once with the registry error and nothing to release', async () => {
    const p = run();
    await p.answer('print.claim', err({ code: 'already_claimed', message: 'printed at ADM-3506-0002' }));
    expect(p.outcome()).toEqual({ kind: 'refused', error: { code: 'already_claimed', message: 'printed at ADM-3506-0002' } });
    expect(p.ports.open()).toEqual([]);
  });

  it('keeps no timer of its own: a slow claim is waited for, and the registry adapter’s own deadline ends it', async () => {
    const p = run();
    const claim = p.ports.pending('print.claim');
    p.clock.increment(SETTINGS.registryCallMs * 10);
    await settle();
    expect(claim?.signal.aborted).toBe(false);
    expect(p.outcome()).toBeNull();
    await p.answer('print.claim', err({ code: 'timeout', message: 'no answer within the deadline' }));
    expect(p.outcome()).toMatchObject({ kind: 'refused', error: { code: 'timeout' } });
  });

  it('a render failure releases the entitlement: nothing reached a printer', async () => {
    const p = run();
    await p.answer('print.claim', ok(HANDLE));
    await p.answer('print.render', err({ code: 'render_failed', settled: 'released', detail: 'font missing' }));
    expect(p.outcome()).toEqual({ kind: 'not_printed', ledgerId: 'L7', reason: 'render_failed', released: true });
  });

  it('a printer that refuses the job before taking it (offline) releases', async () => {
    const p = run();
    await p.answer('print.claim', ok(HANDLE));
    await p.answer('print.render', ok(HANDLE));
    await p.answer('print.submit', err({ code: 'printer_offline', settled: 'released' }));
    expect(p.outcome()).toMatchObject({ kind: 'not_printed', reason: 'printer_offline', released: true });
  });

  it('a submit the pipeline gave up on after its answer was lost is parked as unknown, never released', async () => {
    const p = run();
    await p.answer('print.claim', ok(HANDLE));
    await p.answer('print.render', ok(HANDLE));
    const submit = p.ports.pending('print.submit');
    p.clock.increment(SETTINGS.deviceOperationMs * 10);
    await settle();
    expect(submit?.signal.aborted).toBe(false);
    await p.answer('print.submit', err({ code: 'timeout', settled: 'unknown' }));
    expect(p.ports.pending('print.receipt')?.args[0]).toMatchObject({ outcome: 'unknown' });
    await p.answer('print.receipt', ok(undefined));
    expect(p.outcome()).toEqual({ kind: 'unknown', ledgerId: 'L7', reason: 'timeout', receipt: 'printed' });
  });

  it('paper out before any page: released, the citizen keeps the right to print', async () => {
    const p = run();
    await toWatching(p);
    await p.answer('print.watch', err({ code: 'paper_out', settled: 'released' }));
    expect(p.outcome()).toEqual({ kind: 'not_printed', ledgerId: 'L7', reason: 'paper_out', released: true });
  });

  it('a jam after paper moved: unknown, with a receipt for the technician', async () => {
    const p = run();
    await toWatching(p);
    p.ports.pending('print.watch')?.onProgress?.({ page: 1, pages: 2 });
    await settle();
    await p.answer('print.watch', err({ code: 'jammed', settled: 'unknown' }));
    await p.answer('print.receipt', err({ detail: 'receipt printer offline' }));
    expect(p.outcome()).toEqual({ kind: 'unknown', ledgerId: 'L7', reason: 'jammed', receipt: 'failed' });
  });

  it('a job past its deadline is stopped by the pipeline, not by a timer here: the watch is never cut short', async () => {
    const p = run();
    await toWatching(p);
    const watch = p.ports.pending('print.watch');
    p.clock.increment(SETTINGS.printJobMs * 2);
    await settle();
    expect(watch?.signal.aborted).toBe(false);
    await p.answer('print.watch', err({ code: 'timeout', settled: 'unknown' }));
    expect(p.ports.pending('print.receipt')?.args[0]).toMatchObject({ outcome: 'unknown' });
  });

  it('a failure the transaction could not settle as released is shown as not printed, the entitlement not known to be back', async () => {
    const p = run();
    await p.answer('print.claim', ok(HANDLE));
    await p.answer('print.render', err({ code: 'render_failed', settled: 'unknown' }));
    expect(p.ports.pending('print.receipt')?.args[0]).toMatchObject({ outcome: 'unknown' });
    await p.answer('print.receipt', ok(undefined));
    expect(p.outcome()).toMatchObject({ kind: 'unknown', reason: 'render_failed' });
  });

  it('printed but the registry could not be told: still printed, confirmation left to the pipeline', async () => {
    const p = run();
    await toWatching(p);
    await p.answer('print.watch', ok({ ...HANDLE, registryConfirmed: false }));
    await p.answer('print.receipt', ok(undefined));
    expect(p.outcome()).toEqual({ kind: 'printed', ledgerId: 'L7', pages: 2, registryConfirmed: false, receipt: 'printed' });
  });

  it('a port that throws is a defect, handled like the failure it most resembles', async () => {
    const p = run();
    await p.answer('print.claim', ok(HANDLE));
    p.ports.fail('print.render', new Error('bug'));
    await settle();
    expect(p.outcome()).toMatchObject({ kind: 'not_printed', reason: 'render_failed' });
  });
});
