import type { AnyStateNode } from '@xstate/graph';
import type { SnapshotFrom } from 'xstate';
import { err, ok } from '../../../core/result.ts';
import type { KioskStatus } from '../../../flows/ports.ts';
import type { PrintOutcome } from '../../../flows/print/outcome.ts';
import type { SessionMachine } from '../../../flows/session/session-machine.ts';
import { CITIZEN, LISTINGS, NIK } from './fixtures.ts';
import { READY } from './scripted-ports.ts';

type Snap = SnapshotFrom<SessionMachine>;
/** Events as the model explores them: the session's own events plus actor completions and timers. */
export type ModelEvent = { type: string; [k: string]: unknown };

export const KIOSK_SAMPLES: Record<string, KioskStatus> = {
  ready: READY,
  technician: { ...READY, outOfService: 'technician' },
  a4Down: { ...READY, a4Printer: { ok: false, reason: 'paper_out' } },
  printersDown: { ...READY, a4Printer: { ok: false, reason: 'jammed' }, cardPrinter: { ok: false, reason: 'no_blanko' } },
  readerDown: { ...READY, cardReader: { ok: false, reason: 'offline' } },
  scannerDown: { ...READY, scanner: { ok: false, reason: 'not_installed' } },
};

export const kioskSampleName = (s: KioskStatus) =>
  Object.entries(KIOSK_SAMPLES).find(([, v]) => JSON.stringify(v) === JSON.stringify(s))?.[0] ?? 'other';

const regErr = (code: string, extra: object = {}) => err({ code, message: code, ...extra });

/** Sample outputs for each invoked actor: one per branch its completion can take. */
export const DONE_SAMPLES: Record<string, unknown[]> = {
  readCard: [ok({ nik: NIK }), err({ code: 'card_removed' }), err({ code: 'unreadable' }), err({ code: 'reader_fault' })],
  verifyFinger: [ok({ match: true }), ok({ match: false }), err({ code: 'card_removed' }), err({ code: 'reader_fault' })],
  scan: [ok('ADM1:LOGIN:3506042505900003:abc'), err({ code: 'scanner_fault' })],
  findByNik: [ok(CITIZEN), regErr('unavailable'), regErr('not_registered')],
  signInWithPin: [ok(CITIZEN), regErr('wrong_pin', { attemptsLeft: 2 }), regErr('locked'), regErr('not_registered'), regErr('timeout')],
  signInWithQr: [ok(CITIZEN), regErr('not_found'), regErr('locked'), regErr('unavailable')],
  listDocuments: [ok(LISTINGS), regErr('unavailable')],
  reportNothingOut: [ok(undefined), err({ detail: 'ledger write failed' })],
  print: [
    { kind: 'printed', ledgerId: 'L1', pages: 2, registryConfirmed: true, receipt: 'printed' },
    { kind: 'refused', error: { code: 'wrong_pin', message: '', attemptsLeft: 2 } },
    { kind: 'refused', error: { code: 'unavailable', message: '' } },
    { kind: 'refused', error: { code: 'already_claimed', message: '' } },
    { kind: 'not_printed', ledgerId: 'L1', reason: 'paper_out', released: true },
    { kind: 'unknown', ledgerId: 'L1', reason: 'jammed', receipt: 'printed' },
  ] satisfies PrintOutcome[],
};

const INTENTS: ModelEvent[] = [
  { type: 'start' },
  { type: 'method', method: 'ektp' },
  { type: 'method', method: 'nik' },
  { type: 'method', method: 'qr' },
  { type: 'submitLogin', nik: NIK, pin: '123456' },
  { type: 'choose', applicationId: 'app-kk' },
  { type: 'choose', applicationId: 'app-akta' },
  { type: 'submitPin', pin: '654321' },
  { type: 'confirm' },
  { type: 'back' },
  { type: 'cancel' },
  { type: 'retry' },
  { type: 'useNik' },
  { type: 'finish' },
  { type: 'another' },
  { type: 'nothingCameOut' },
  { type: 'dismiss' },
  { type: 'activity' },
  { type: 'language', language: 'en' },
];

interface InvokeDef {
  id: string;
  src: unknown;
}
interface DelayedDef {
  eventType: string;
}
type Node = AnyStateNode & { invoke: InvokeDef[]; after: DelayedDef[] };

const KIOSK_EVENTS = Object.entries(KIOSK_SAMPLES).map(([name, status]) => ({ name, event: { type: 'kiosk.status', status } as ModelEvent }));

/**
 * Every event worth trying in `snap`: intents, world changes, and completions/timers of what is
 * active. To keep the graph finite and small, world changes are tried from a ready kiosk (and
 * back to ready from any other), completions and timers only while the kiosk is ready, card events
 * where a card matters, and `activity`/`language` where they make a difference to try.
 */
export function eventsFor(snap: Snap): ModelEvent[] {
  const nodes = (snap as unknown as { _nodes: Node[] })._nodes;
  const ids = nodes.map((n) => n.id);
  const c = snap.context;
  const ready = kioskSampleName(c.kiosk) === 'ready';
  const events: ModelEvent[] = INTENTS.filter((e) => {
    // Activity matters where it ends a warning, and on the take-document screen, where it starts the count again.
    if (e.type === 'activity') return ids.some((id) => id.endsWith('.warned')) || ids.includes('session.takeDocument');
    if (e.type === 'language') return ids.includes('session.attract') || ids.includes('choose');
    return true;
  });
  for (const k of KIOSK_EVENTS) if (ready ? k.name !== 'ready' : k.name === 'ready') events.push(k.event);
  const cardMatters = ids.includes('session.attract') || ids.some((id) => id.startsWith('session.identify.ektp')) || c.method === 'ektp';
  if (!c.cardPresent && cardMatters) events.push({ type: 'card.present' });
  if (c.cardPresent) events.push({ type: 'card.removed' });
  if (!ready) return events;
  for (const node of nodes) {
    for (const inv of node.invoke) {
      const samples = DONE_SAMPLES[inv.id];
      if (samples) {
        for (const output of samples) events.push({ type: `xstate.done.actor.${inv.id}`, output, actorId: inv.id });
        events.push({ type: `xstate.error.actor.${inv.id}`, error: { message: 'defect in port' }, actorId: inv.id });
      }
      if (inv.id === 'print') events.push({ type: 'xstate.snapshot.print', snapshot: { context: { phase: 'printing', page: 1, pages: 2 } } });
    }
    for (const d of node.after) events.push({ type: d.eventType });
  }
  return events;
}

/**
 * What decides the session's future, and only where it does: the finger count inside the e-KTP
 * sign-in, the card only when the e-KTP is in play, the selection only from the PIN screen on.
 * The notice, language and outcome change what the screen says, not where the session can go.
 */
export function serializeState(snap: Snap): string {
  const c = snap.context;
  const path = JSON.stringify(snap.value);
  const inEktp = path.includes('"ektp"');
  const cardMatters = inEktp || path.includes('attract') || c.method === 'ektp';
  const selecting = /proof|confirm|printing/.test(path);
  return JSON.stringify([
    snap.value,
    kioskSampleName(c.kiosk),
    cardMatters ? c.cardPresent : null,
    c.method === 'ektp',
    /"(finger|waitCard|reading)"/.test(path) ? c.fingerFailures : null,
    c.citizen !== null,
    selecting ? c.selectedId : null,
  ]);
}
