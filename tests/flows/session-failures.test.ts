import { afterEach, describe, expect, it } from 'vitest';
import { err, ok } from '../../core/result.ts';
import type { PrintHandle } from '../../flows/ports.ts';
import { CITIZEN, LISTINGS, NIK, SETTINGS } from './support/fixtures.ts';
import { signedInByPin, startSession, toClaim, type Harness } from './support/harness.ts';
import { READY, settle } from './support/scripted-ports.ts';

let h: Harness;
afterEach(() => h?.stop());

const HANDLE: PrintHandle = { ledgerId: 'L0001', application: LISTINGS[0]!.application, pages: 1 };
const regErr = (code: string, extra: object = {}) => err({ code, message: code, ...extra });

async function ektpToFinger(): Promise<void> {
  h.ports.setCard(true);
  await settle();
  await h.answer('card.read', ok({ nik: NIK }));
}

async function printUntilWatch(): Promise<void> {
  await toClaim(h);
  await h.answer('print.claim', ok(HANDLE));
  await h.answer('print.render', ok(HANDLE));
  await h.answer('print.submit', ok(HANDLE));
}

describe('session: inactivity', () => {
  it('warns, is kept alive by a touch, then times out back to the attract screen', async () => {
    h = startSession();
    await signedInByPin(h);
    await h.advance(SETTINGS.inactivityWarningMs - 1);
    expect(h.view().warning).toBeNull();
    await h.advance(1);
    expect(h.view().warning).toEqual({ secondsLeft: 15 });
    await h.send({ type: 'activity' });
    expect(h.view().warning).toBeNull();
    await h.advance(SETTINGS.inactivityWarningMs);
    await h.advance(SETTINGS.inactivityTimeoutMs - SETTINGS.inactivityWarningMs);
    expect(h.at()).toBe('ended');
    expect(h.view().notice).toEqual({ code: 'timed_out' });
    expect(h.view().citizen).toBeNull();
    expect(h.actor.getSnapshot().context.listings).toEqual([]);
    await h.advance(SETTINGS.endedNoticeMs);
    expect(h.at()).toBe('attract');
    expect(h.emitted.at(-1)).toEqual({ type: 'journey.ended', reason: 'timed_out', printed: 0 });
  });

  it('a touch while a device call is in flight does not restart the call', async () => {
    h = startSession();
    await h.send({ type: 'start' });
    await h.send({ type: 'method', method: 'ektp' });
    await ektpToFinger();
    const finger = h.ports.pending('card.verifyFinger');
    await h.send({ type: 'activity' });
    expect(finger?.signal.aborted).toBe(false);
    expect(h.ports.open()).toEqual(['card.verifyFinger']);
  });
});

describe('session: cancel and card removal', () => {
  it('cancel on the sign-in screens ends the session kindly', async () => {
    h = startSession();
    await h.send({ type: 'start' });
    await h.send({ type: 'method', method: 'nik' });
    await h.send({ type: 'cancel' });
    expect(h.at()).toBe('ended');
    expect(h.view().notice).toEqual({ code: 'cancelled' });
    await h.send({ type: 'dismiss' });
    expect(h.at()).toBe('attract');
  });

  it('a card lifted during the read asks for it back and aborts the read', async () => {
    h = startSession();
    h.ports.setCard(true);
    await settle();
    const read = h.ports.pending('card.read');
    h.ports.setCard(false);
    await settle();
    expect(h.at()).toBe('identify.ektp.waitCard');
    expect(h.view().notice).toEqual({ code: 'card_removed' });
    expect(read?.signal.aborted).toBe(true);
    h.ports.setCard(true);
    await settle();
    expect(h.at()).toBe('identify.ektp.reading');
  });

  it('a card lifted after e-KTP sign-in ends the session and wipes it', async () => {
    h = startSession();
    await ektpToFinger();
    await h.answer('card.verifyFinger', ok({ match: true }));
    await h.answer('registry.findByNik', ok(CITIZEN));
    await h.answer('registry.listDocuments', ok(LISTINGS));
    h.ports.setCard(false);
    await settle();
    expect(h.at()).toBe('ended');
    expect(h.view().notice).toEqual({ code: 'card_removed_session' });
    expect(h.actor.getSnapshot().context.citizen).toBeNull();
  });

  it('a card lifted while printing does not stop the print', async () => {
    h = startSession();
    await ektpToFinger();
    await h.answer('card.verifyFinger', ok({ match: true }));
    await h.answer('registry.findByNik', ok(CITIZEN));
    await h.answer('registry.listDocuments', ok(LISTINGS));
    await printUntilWatch();
    h.ports.setCard(false);
    await settle();
    expect(h.at()).toBe('printing');
    expect(h.ports.pending('print.watch')?.signal.aborted).toBe(false);
  });
});

describe('session: fingerprint', () => {
  it('three wrong fingers lock the fingerprint and offer NIK + PIN', async () => {
    h = startSession();
    await ektpToFinger();
    await h.answer('card.verifyFinger', ok({ match: false }));
    expect(h.view().notice).toEqual({ code: 'finger_mismatch', attemptsLeft: 2 });
    expect(h.view().finger).toEqual({ attemptsLeft: 2, failures: 1 });
    await h.answer('card.verifyFinger', ok({ match: false }));
    expect(h.view().notice).toEqual({ code: 'finger_mismatch', attemptsLeft: 1 });
    await h.answer('card.verifyFinger', ok({ match: false }));
    expect(h.at()).toBe('identify.ektp.fingerLocked');
    expect(h.view().notice).toEqual({ code: 'finger_locked' });
    expect(h.ports.pending('card.verifyFinger')).toBeUndefined();
    expect(h.emitted.at(-1)).toEqual({ type: 'journey.signInFailed', method: 'ektp', code: 'finger_locked' });
    await h.send({ type: 'useNik' });
    expect(h.at()).toBe('identify.nik.enter');
    expect(h.actor.getSnapshot().context.cardNik).toBeNull();
  });

  it('a reader fault mid-read offers NIK + PIN', async () => {
    h = startSession();
    h.ports.setCard(true);
    await settle();
    await h.answer('card.read', err({ code: 'reader_fault', detail: 'no answer to SELECT' }));
    expect(h.at()).toBe('identify.ektp.readerFault');
    expect(h.view().actions).toContain('useNik');
  });

  it('a read that hangs gives up after deviceOperationMs as a reader fault', async () => {
    h = startSession();
    h.ports.setCard(true);
    await settle();
    const read = h.ports.pending('card.read');
    await h.advance(SETTINGS.deviceOperationMs);
    expect(h.at()).toBe('identify.ektp.readerFault');
    expect(read?.signal.aborted).toBe(true);
  });

  it('a reader that is down greys out the e-KTP option', async () => {
    h = startSession(SETTINGS, undefined);
    h.ports.setKiosk({ ...READY, cardReader: { ok: false, reason: 'offline' } });
    await h.send({ type: 'start' });
    expect(h.view().signIn).toEqual({ ektp: false, qr: true });
    await h.send({ type: 'method', method: 'ektp' });
    expect(h.at()).toBe('identify.choose');
  });
});

describe('session: registry', () => {
  it('unreachable after the finger matched: retry reaches it', async () => {
    h = startSession();
    await ektpToFinger();
    await h.answer('card.verifyFinger', ok({ match: true }));
    await h.answer('registry.findByNik', regErr('unavailable'));
    expect(h.view().screen).toBe('registry-down');
    expect(h.view().notice).toEqual({ code: 'registry_unreachable' });
    await h.send({ type: 'retry' });
    await h.answer('registry.findByNik', ok(CITIZEN));
    expect(h.at()).toBe('documents.loading');
  });

  it('a registry that hangs at NIK + PIN sign-in: aborted after registryCallMs, the citizen may try again', async () => {
    h = startSession();
    await h.send({ type: 'start' });
    await h.send({ type: 'method', method: 'nik' });
    await h.send({ type: 'submitLogin', nik: NIK, pin: '123456' });
    const call = h.ports.pending('registry.signInWithPin');
    await h.advance(SETTINGS.registryCallMs);
    expect(call?.signal.aborted).toBe(true);
    expect(h.at()).toBe('identify.nik.enter');
    expect(h.view().notice).toEqual({ code: 'registry_unreachable' });
    expect(h.actor.getSnapshot().context.pendingLogin).toBeNull();
  });

  it('wrong login PIN says how many tries are left; a locked account ends the session', async () => {
    h = startSession();
    await h.send({ type: 'start' });
    await h.send({ type: 'method', method: 'nik' });
    await h.send({ type: 'submitLogin', nik: NIK, pin: '111111' });
    await h.answer('registry.signInWithPin', regErr('wrong_pin', { attemptsLeft: 1 }));
    expect(h.view().notice).toEqual({ code: 'login_wrong_pin', attemptsLeft: 1 });
    await h.send({ type: 'submitLogin', nik: NIK, pin: '222222' });
    await h.answer('registry.signInWithPin', regErr('locked', { lockedUntil: '2025-06-02T13:00:00+07:00' }));
    expect(h.at()).toBe('ended');
    expect(h.view().notice).toEqual({ code: 'login_locked', until: '2025-06-02T13:00:00+07:00' });
  });

  it('an unknown NIK reads like a wrong PIN (the kiosk never confirms a NIK exists)', async () => {
    h = startSession();
    await h.send({ type: 'start' });
    await h.send({ type: 'method', method: 'nik' });
    await h.send({ type: 'submitLogin', nik: '3506040101010001', pin: '123456' });
    await h.answer('registry.signInWithPin', regErr('not_found'));
    expect(h.view().notice).toEqual({ code: 'login_wrong_pin', attemptsLeft: null });
  });

  it('a citizen not registered for ADM is told where to register', async () => {
    h = startSession();
    await ektpToFinger();
    await h.answer('card.verifyFinger', ok({ match: true }));
    await h.answer('registry.findByNik', regErr('not_registered'));
    expect(h.at()).toBe('ended');
    expect(h.view().notice).toEqual({ code: 'not_registered' });
  });

  it('the document list cannot be loaded: retry', async () => {
    h = startSession();
    await h.send({ type: 'start' });
    await h.send({ type: 'method', method: 'nik' });
    await h.send({ type: 'submitLogin', nik: NIK, pin: '123456' });
    await h.answer('registry.signInWithPin', ok(CITIZEN));
    await h.answer('registry.listDocuments', regErr('timeout'));
    expect(h.view().screen).toBe('registry-down');
    await h.send({ type: 'retry' });
    await h.answer('registry.listDocuments', ok(LISTINGS));
    expect(h.at()).toBe('documents.list');
  });
});

describe('session: QR sign-in', () => {
  it('an invalid QR asks for another; a scanner fault falls back to the method choice', async () => {
    h = startSession();
    await h.send({ type: 'start' });
    await h.send({ type: 'method', method: 'qr' });
    await h.answer('scanner.next', ok('not-an-adm-code'));
    expect(h.ports.pending('registry.signInWithQr')?.args).toEqual(['not-an-adm-code']);
    await h.answer('registry.signInWithQr', regErr('invalid_request'));
    expect(h.at()).toBe('identify.qr.scan');
    expect(h.view().notice).toEqual({ code: 'qr_invalid' });
    await h.answer('scanner.next', err({ code: 'scanner_fault' }));
    expect(h.at()).toBe('identify.choose');
    expect(h.view().notice).toEqual({ code: 'scanner_fault' });
  });
});

describe('session: choosing a document', () => {
  it('lists what is printable now, with reasons and dates for the rest', async () => {
    h = startSession();
    h.ports.setKiosk({ ...READY, a4Printer: { ok: false, reason: 'paper_out' } });
    await signedInByPin(h);
    const docs = h.view().documents;
    expect(docs.find((d) => d.id === 'app-kk')).toMatchObject({ status: 'unavailable', reason: 'paper_out', number: '3506********0007' });
    expect(docs.find((d) => d.id === 'app-ktp')).toMatchObject({ status: 'ready' });
    expect(docs.find((d) => d.id === 'app-akta')).toMatchObject({ status: 'in-progress', date: '2025-06-10' });
    expect(docs.find((d) => d.id === 'app-kia')).toMatchObject({ status: 'not-yet', date: '2025-07-01' });
    await h.send({ type: 'choose', applicationId: 'app-kk' });
    expect(h.view().notice).toEqual({ code: 'printer_unavailable', reason: 'paper_out' });
    await h.send({ type: 'choose', applicationId: 'app-kia' });
    expect(h.view().notice).toEqual({ code: 'doc_not_yet', from: '2025-07-01' });
    await h.send({ type: 'choose', applicationId: 'app-akta' });
    expect(h.view().notice).toEqual({ code: 'doc_not_ready' });
    expect(h.at()).toBe('documents.list');
  });

  it('the printer fails while the citizen confirms: back to the list, nothing claimed', async () => {
    h = startSession();
    await signedInByPin(h);
    await h.send({ type: 'choose', applicationId: 'app-kk' });
    await h.send({ type: 'submitPin', pin: '654321' });
    h.ports.setKiosk({ ...READY, a4Printer: { ok: false, reason: 'jammed' } });
    await settle();
    expect(h.at()).toBe('documents.list');
    expect(h.view().notice).toEqual({ code: 'printer_unavailable', reason: 'jammed' });
    expect(h.ports.pending('print.claim')).toBeUndefined();
  });
});

describe('session: printing', () => {
  it('a wrong document PIN goes back to the PIN screen with the tries left', async () => {
    h = startSession();
    await signedInByPin(h);
    await toClaim(h, 'app-kk', '000000');
    await h.answer('print.claim', regErr('wrong_pin', { attemptsLeft: 2 }));
    expect(h.at()).toBe('documents.proof');
    expect(h.view().notice).toEqual({ code: 'doc_wrong_pin', attemptsLeft: 2 });
    expect(h.emitted.at(-1)).toMatchObject({ type: 'journey.printOutcome', documentType: 'kk', outcome: { kind: 'refused' } });
  });

  it('a claim the registry could not answer can be confirmed again', async () => {
    h = startSession();
    await signedInByPin(h);
    await toClaim(h);
    await h.answer('print.claim', regErr('unavailable'));
    expect(h.at()).toBe('documents.confirm');
    expect(h.view().notice).toEqual({ code: 'registry_unreachable' });
    await h.send({ type: 'confirm' });
    expect(h.ports.pending('print.claim')?.args[0]).toMatchObject({ application: { id: 'app-kk' }, proof: { kind: 'pin', pin: '654321' } });
  });

  it('a document already printed elsewhere is refused with a clear reason', async () => {
    h = startSession();
    await signedInByPin(h);
    await toClaim(h);
    await h.answer('print.claim', regErr('already_claimed'));
    expect(h.at()).toBe('documents.list');
    expect(h.view().notice).toEqual({ code: 'doc_already_printed' });
  });

  it('paper out during printing: the entitlement is kept and the citizen can choose again', async () => {
    h = startSession();
    await signedInByPin(h);
    await printUntilWatch();
    await h.answer('print.watch', err({ code: 'paper_out', settled: 'released' }));
    expect(h.at()).toBe('printFailed');
    expect(h.view().notice).toEqual({ code: 'print_failed', reason: 'paper_out' });
    await h.send({ type: 'another' });
    expect(h.at()).toBe('documents.loading');
  });

  it('a jam mid-page: a technician must look, the receipt carries the reference', async () => {
    h = startSession();
    await signedInByPin(h);
    await printUntilWatch();
    await h.answer('print.watch', err({ code: 'jammed', settled: 'unknown' }));
    await h.answer('print.receipt', ok(undefined));
    expect(h.at()).toBe('printUnknown');
    expect(h.view().notice).toEqual({ code: 'print_unknown', reason: 'jammed', reference: 'L0001' });
    expect(h.view().actions).not.toContain('another');
  });

  it('a failed receipt is said on screen with the reference; the document still counts', async () => {
    h = startSession();
    await signedInByPin(h);
    await printUntilWatch();
    await h.answer('print.watch', ok({ ...HANDLE, registryConfirmed: true }));
    await h.answer('print.receipt', err({ detail: 'receipt paper out' }));
    expect(h.at()).toBe('takeDocument');
    expect(h.view().notice).toEqual({ code: 'receipt_failed', reference: 'L0001' });
    await h.advance(SETTINGS.takeDocumentTimeoutMs);
    expect(h.at()).toBe('thankYou');
    expect(h.emitted.at(-1)).toEqual({ type: 'journey.ended', reason: 'finished', printed: 1 });
  });

  it('"nothing came out": the print is reported for review, never reprinted, and the citizen is told what happens next', async () => {
    h = startSession();
    await signedInByPin(h);
    await printUntilWatch();
    await h.answer('print.watch', ok({ ...HANDLE, registryConfirmed: true }));
    await h.answer('print.receipt', ok(undefined));
    expect(h.view().actions).toContain('nothingCameOut');
    await h.send({ type: 'nothingCameOut' });
    expect(h.ports.pending('print.reportNothingOut')?.args[0]).toBe('L0001');
    await h.answer('print.reportNothingOut', ok(undefined));
    expect(h.view()).toMatchObject({ screen: 'print-reported', notice: { code: 'print_reported', recorded: true }, result: { reference: 'L0001' } });
    // No way to print it again from here: only finishing.
    expect(h.view().actions).not.toContain('another');
    expect(h.view().actions).toContain('finish');
    expect(h.ports.pending('print.claim')).toBeUndefined();
  });

  it('"nothing came out" that cannot be recorded says so, and still offers no reprint', async () => {
    h = startSession();
    await signedInByPin(h);
    await printUntilWatch();
    await h.answer('print.watch', ok({ ...HANDLE, registryConfirmed: true }));
    await h.answer('print.receipt', ok(undefined));
    await h.send({ type: 'nothingCameOut' });
    await h.answer('print.reportNothingOut', err({ detail: 'ledger write failed' }));
    expect(h.view()).toMatchObject({ screen: 'print-reported', notice: { code: 'print_reported', recorded: false } });
    expect(h.view().actions).not.toContain('another');
  });
});

describe('session: out of service', () => {
  it('a technician taking the kiosk ends a session (never a print), and it reopens when they finish', async () => {
    h = startSession();
    await signedInByPin(h);
    h.ports.setKiosk({ ...READY, outOfService: 'technician' });
    await settle();
    expect(h.at()).toBe('ended');
    expect(h.view().notice).toEqual({ code: 'out_of_service', reason: 'technician' });
    await h.advance(SETTINGS.endedNoticeMs);
    expect(h.at()).toBe('outOfService');
    expect(h.view().outOfService).toBe('technician');
    h.ports.setKiosk(READY);
    await settle();
    expect(h.at()).toBe('attract');
  });

  it('a technician arriving during a print waits for it', async () => {
    h = startSession();
    await signedInByPin(h);
    await printUntilWatch();
    h.ports.setKiosk({ ...READY, outOfService: 'technician' });
    await settle();
    expect(h.at()).toBe('printing');
  });

  it('the fleet or a kiosk that can print nothing shows out of service at the attract screen', async () => {
    h = startSession();
    h.ports.setKiosk({ ...READY, outOfService: 'fleet' });
    await settle();
    expect(h.view().outOfService).toBe('fleet');
    h.ports.setKiosk({ ...READY, a4Printer: { ok: false, reason: 'jammed' }, cardPrinter: { ok: false, reason: 'no_blanko' } });
    await settle();
    expect(h.view()).toMatchObject({ screen: 'out-of-service', outOfService: 'nothing_printable' });
    expect(h.view().actions).not.toContain('start');
  });
});

describe('session: language', () => {
  it('switches to English for this citizen only', async () => {
    h = startSession();
    await h.send({ type: 'language', language: 'en' });
    await h.send({ type: 'start' });
    expect(h.view().language).toBe('en');
    await h.send({ type: 'cancel' });
    await h.send({ type: 'dismiss' });
    expect(h.view().language).toBe('id');
  });
});

describe('session: the scanner', () => {
  it('asks for a fresh scan for each purpose, but not again for a QR it just found invalid', async () => {
    h = startSession();
    await h.send({ type: 'start' });
    await h.send({ type: 'method', method: 'qr' });
    expect(h.ports.pending('scanner.next')?.args).toEqual([true]);
    await h.answer('scanner.next', ok('ADMQR1:bad'));
    await h.answer('registry.signInWithQr', regErr('not_found'));
    expect(h.ports.pending('scanner.next')?.args).toEqual([false]);
    await h.answer('scanner.next', ok('ADMQR1:KIA-1:secret'));
    await h.answer('registry.signInWithQr', ok(CITIZEN));
    await h.answer('registry.listDocuments', ok(LISTINGS));
    await h.send({ type: 'choose', applicationId: 'app-kk' });
    expect(h.ports.pending('scanner.next')?.args).toEqual([true]);
  });
});

describe('session: an unreadable card', () => {
  it('is read once, then not again until it is lifted and placed anew', async () => {
    h = startSession();
    h.ports.setCard(true);
    await settle();
    await h.answer('card.read', err({ code: 'unreadable', detail: 'not an e-KTP' }));
    expect(h.at()).toBe('identify.ektp.waitCard');
    expect(h.view().notice).toEqual({ code: 'card_unreadable' });
    expect(h.ports.pending('card.read')).toBeUndefined();
    h.ports.setCard(false);
    h.ports.setCard(true);
    await settle();
    expect(h.at()).toBe('identify.ektp.reading');
  });
});
