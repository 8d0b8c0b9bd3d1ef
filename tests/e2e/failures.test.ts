import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, onScreen, pageResidue, PORTRAIT, shot, typeDigits } from './support/browser.ts';
import { FAST_DEVICES, startKiosk, type KioskProcess } from './support/kiosk-process.ts';
import { chooseAndConfirm, demoEntry, openUi, signInWithCard, signInWithPin } from './support/journey.ts';

/** What goes wrong at a kiosk, played on the booted simulator kiosk through real Chromium. */
let kiosk: KioskProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  // Jobs take long enough for paper to run out in the middle of one.
  const slowA4 = { devices: { ...FAST_DEVICES.devices, a4Printer: { ...FAST_DEVICES.devices.a4Printer, simulatedPrintMs: 3000 } } };
  [kiosk, browser] = await Promise.all([startKiosk(slowA4), launchChromium()]);
  page = await browser.newPage({ viewport: PORTRAIT });
});
afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});
afterEach(async () => {
  // Whatever a test left, the next citizen starts at a clean attract screen with a ready kiosk.
  await kiosk.dev({ action: 'printer.faults', printer: 'a4', mediaEmpty: false, jam: false, offline: false });
  await kiosk.dev({ action: 'receipt.paper', state: 'full' });
  await kiosk.dev({ action: 'service.fleet', outOfService: false });
  if ((await kiosk.devState()).cardReader?.cardPresent) await kiosk.dev({ action: 'card.remove' });
  for (let i = 0; (await kiosk.devState()).screen !== 'attract'; i++) {
    if (i > 5) throw new Error(`stuck on ${(await kiosk.devState()).screen}`);
    await kiosk.dev({ action: 'clock.skip', ms: 60_000 });
  }
});

const noticeCode = (p: Page) => p.getByTestId('notice').getAttribute('data-code');

describe('what goes wrong, end to end', () => {
  it('three wrong fingers, then NIK + PIN', async () => {
    const budi = await demoEntry(kiosk, 'KK-3506-900001');
    await openUi(page, kiosk);
    await kiosk.dev({ action: 'finger.next', quality: 'bad', times: 3 });
    await kiosk.dev({ action: 'card.tap', nik: budi.nik });
    await page.locator('[data-testid=finger-attempts]', { hasText: '2' }).waitFor();
    expect(await noticeCode(page)).toBe('finger_mismatch');
    await shot(page, 'finger-mismatch');
    await onScreen(page, 'finger-locked');
    await shot(page, 'finger-locked');
    await page.getByTestId('use-nik').click();
    await onScreen(page, 'nik-pin');
    await typeDigits(page, budi.nik + (budi.loginPin as string));
    await page.getByTestId('sign-in').click();
    await onScreen(page, 'documents');
    await page.getByTestId('finish').click();
    await onScreen(page, 'thank-you');
  });

  it('a wrong document PIN, then the right one prints', async () => {
    const ktp = await demoEntry(kiosk, 'KTP-3506-900002');
    await openUi(page, kiosk);
    await signInWithPin(page, ktp.nik, ktp.loginPin as string);
    await chooseAndConfirm(page, kiosk, { ...ktp, pin: '000000' });
    await onScreen(page, 'proof');
    expect(await noticeCode(page)).toBe('doc_wrong_pin');
    await shot(page, 'wrong-document-pin');
    await typeDigits(page, ktp.pin as string);
    await page.getByTestId('submit-pin').click();
    await onScreen(page, 'confirm');
    await page.getByTestId('confirm').click();
    await onScreen(page, 'take-document', 30_000);
    await page.getByTestId('finish').click();
  });

  it('the A4 printer runs out of paper: first while confirming (back to the list), then during printing', async () => {
    const kk = await demoEntry(kiosk, 'KK-3506-900001');
    await openUi(page, kiosk);
    await signInWithPin(page, kk.nik, kk.loginPin as string);
    await onScreen(page, 'documents');
    await page.getByTestId(`print-${kk.applicationId}`).click();
    await typeDigits(page, kk.pin as string);
    await page.getByTestId('submit-pin').click();
    await onScreen(page, 'confirm');
    await kiosk.dev({ action: 'printer.faults', printer: 'a4', mediaEmpty: true });
    await onScreen(page, 'documents');
    expect(await noticeCode(page)).toBe('printer_unavailable');
    expect(await page.getByTestId(`doc-${kk.applicationId}`).innerText()).toMatch(/kertas habis/);
    await shot(page, 'printer-unavailable');
    await kiosk.dev({ action: 'printer.faults', printer: 'a4', mediaEmpty: false });
    await page.getByTestId(`print-${kk.applicationId}`).waitFor();
    await chooseAndConfirm(page, kiosk, kk);
    await page.locator('[data-testid=print-progress][data-phase=printing]').waitFor();
    await kiosk.dev({ action: 'printer.faults', printer: 'a4', mediaEmpty: true });
    // The job waits for paper; nobody refills it in time (attentionTimeoutMs), so it is canceled.
    // The printer says no sheet came out, so the entitlement goes back to the citizen.
    await onScreen(page, 'print-failed', 30_000);
    expect(await noticeCode(page)).toBe('print_failed');
    expect(await page.getByTestId('notice').innerText()).toContain('Kertas printer habis');
    await shot(page, 'print-failed');
    // A technician refills; the citizen prints the same document, once.
    await kiosk.dev({ action: 'printer.faults', printer: 'a4', mediaEmpty: false });
    await page.getByTestId('another').click();
    await onScreen(page, 'documents');
    await page.getByTestId(`print-${kk.applicationId}`).waitFor();
    await chooseAndConfirm(page, kiosk, kk);
    await onScreen(page, 'take-document', 30_000);
    await page.getByTestId('finish').click();
    await onScreen(page, 'thank-you');
  });

  it('the receipt printer is out of paper: the document prints and the screen gives the reference', async () => {
    const akta = await demoEntry(kiosk, 'AM-3506-900006');
    await kiosk.dev({ action: 'receipt.paper', state: 'out' });
    await openUi(page, kiosk);
    await signInWithPin(page, akta.nik, akta.loginPin as string);
    await chooseAndConfirm(page, kiosk, akta);
    await onScreen(page, 'take-document', 30_000);
    expect(await noticeCode(page)).toBe('receipt_failed');
    await shot(page, 'receipt-failed');
    await page.getByTestId('finish').click();
  });

  it('nobody touches the screen: a warning, then back to the attract screen with nothing left', async () => {
    const rina = await demoEntry(kiosk, 'KTP-3506-900010');
    await openUi(page, kiosk);
    await signInWithPin(page, rina.nik, rina.loginPin as string);
    await onScreen(page, 'documents');
    await kiosk.dev({ action: 'clock.skip', ms: 45_000 });
    await page.getByTestId('warning').waitFor();
    await shot(page, 'inactivity-warning');
    await page.getByTestId('still-here').click();
    await page.getByTestId('warning').waitFor({ state: 'detached' });
    await kiosk.dev({ action: 'clock.skip', ms: 45_000 });
    await page.getByTestId('warning').waitFor();
    // Twenty seconds to answer it, the least WCAG 2.2.1 allows.
    await page.locator('[data-testid=warning-count]', { hasText: 'dalam 20 detik' }).waitFor();
    await kiosk.dev({ action: 'clock.skip', ms: 15_000 });
    await page.getByTestId('warning').waitFor();
    await kiosk.dev({ action: 'clock.skip', ms: 5_000 });
    await onScreen(page, 'ended');
    expect(await noticeCode(page)).toBe('timed_out');
    await shot(page, 'timed-out');
    await kiosk.dev({ action: 'clock.skip', ms: 8_000 });
    await onScreen(page, 'attract');
    const residue = await pageResidue(page);
    expect(residue).not.toContain(rina.nik);
    expect(residue).not.toContain(rina.citizenName);
  });

  it('the e-KTP is lifted after sign-in: the session ends', async () => {
    const kartini = await demoEntry(kiosk, 'KTP-3506-900008');
    await openUi(page, kiosk);
    await signInWithCard(page, kiosk, kartini.nik);
    await onScreen(page, 'documents');
    await kiosk.dev({ action: 'card.remove' });
    await onScreen(page, 'ended');
    expect(await noticeCode(page)).toBe('card_removed_session');
    expect(await pageResidue(page)).not.toContain(kartini.citizenName);
  });

  it('a reload puts the citizen back where they were', async () => {
    const kartini = await demoEntry(kiosk, 'KTP-3506-900008');
    await openUi(page, kiosk);
    await signInWithPin(page, kartini.nik, kartini.loginPin as string);
    await onScreen(page, 'documents');
    await page.getByTestId(`print-${kartini.applicationId}`).click();
    await onScreen(page, 'proof');
    await page.reload();
    await onScreen(page, 'proof');
    await page.getByTestId('cancel').click();
    await onScreen(page, 'ended');
  });

  it('the card reader is unplugged while waiting for the finger: NIK + PIN is offered, and e-KTP is greyed out until it is back', async () => {
    const budi = await demoEntry(kiosk, 'KK-3506-900001');
    await openUi(page, kiosk);
    await kiosk.dev({ action: 'card.tap', nik: budi.nik });
    await onScreen(page, 'finger');
    await kiosk.dev({ action: 'device.plug', device: 'cardReader', plugged: false });
    await onScreen(page, 'reader-fault');
    await shot(page, 'reader-fault');
    await page.getByTestId('cancel').click();
    await onScreen(page, 'ended');
    await page.getByTestId('dismiss').click();
    await page.getByTestId('start').click();
    await onScreen(page, 'choose-method');
    await page.locator('[data-testid=method-ektp][disabled]').waitFor();
    await kiosk.dev({ action: 'card.remove' });
    await kiosk.dev({ action: 'device.plug', device: 'cardReader', plugged: true });
    await page.locator('[data-testid=method-ektp]:not([disabled])').waitFor({ timeout: 20_000 });
    await kiosk.dev({ action: 'device.plug', device: 'scanner', plugged: false });
    await page.locator('[data-testid=method-qr][disabled]').waitFor();
    await kiosk.dev({ action: 'device.plug', device: 'scanner', plugged: true });
    await page.locator('[data-testid=method-qr]:not([disabled])').waitFor({ timeout: 20_000 });
    await page.getByTestId('cancel').click();
  });

  it('the dev panel page drives the simulators', async () => {
    const panel = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    await panel.goto(kiosk.devPanelUrl);
    await panel.locator('[data-action=tap-0]').waitFor();
    await shot(panel, 'devpanel');
    await panel.locator('[data-action=receipt-cover]').click();
    await panel.locator('#status', { hasText: 'receipt cover open' }).waitFor();
    await panel.locator('[data-action=receipt-close]').click();
    await panel.locator('#status', { hasText: 'receipt cover closed' }).waitFor();
    await panel.locator('[data-action="card.tapForeign"]').click();
    await panel.locator('#status', { hasText: 'foreign card' }).waitFor();
    await onScreen(page, 'card-wait');
    expect(await noticeCode(page)).toBe('card_unreadable');
    await panel.close();
  });

  it('no log line names a citizen or shows a NIK', async () => {
    const demo = (await kiosk.devState()).demo;
    const logLines = kiosk.output().split('\n').filter((l) => l.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(50);
    const text = logLines.join('\n');
    for (const e of demo) {
      if (/^\d{16}$/.test(e.nik)) expect(text).not.toContain(e.nik);
      expect(text).not.toContain(e.citizenName);
    }
    expect(text).toContain('"event":"journey.signed_in"');
  });

  it('the fleet takes the kiosk out of service and back', async () => {
    await openUi(page, kiosk);
    await kiosk.dev({ action: 'service.fleet', outOfService: true });
    await onScreen(page, 'out-of-service');
    await shot(page, 'out-of-service');
    await kiosk.dev({ action: 'service.fleet', outOfService: false });
    await onScreen(page, 'attract');
  });
});
