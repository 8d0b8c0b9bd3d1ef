import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, LANDSCAPE, layoutProblems, onScreen, pageResidue, PORTRAIT, shot } from './support/browser.ts';
import { startKiosk, type KioskProcess } from './support/kiosk-process.ts';
import { chooseAndConfirm, demoEntry, openUi, printedText, signInWithCard, signInWithPin, signInWithQr } from './support/journey.ts';

/**
 * Every document type from sign-in to receipt, on the kiosk as `npm start` runs it (simulated
 * devices on the far end of their wires, the embedded registry, the real print pipeline), driven
 * through real Chromium as a citizen would, with the dev panel standing in for hands on the devices.
 */
let kiosk: KioskProcess;
let browser: Browser;
let page: Page;
const requests: string[] = [];
const pageProblems: string[] = [];

beforeAll(async () => {
  [kiosk, browser] = await Promise.all([startKiosk(), launchChromium()]);
  page = await browser.newPage({ viewport: PORTRAIT });
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => pageProblems.push(`error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) pageProblems.push(`console: ${m.text()}`);
  });
});
afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});

async function takeAndFinish(name: string, screenshots = false): Promise<void> {
  if (screenshots) {
    await page.locator('[data-testid=print-progress][data-phase=printing]').waitFor();
    await shot(page, 'printing');
  }
  await onScreen(page, 'take-document', 30_000);
  await page.getByTestId('reference').waitFor();
  if (screenshots) await shot(page, 'take-document');
  await page.getByTestId('finish').click();
  await onScreen(page, 'thank-you');
  if (screenshots) await shot(page, 'thank-you');
  const residue = await pageResidue(page);
  expect(residue, name).not.toMatch(/\d{16}/);
  await page.getByTestId('dismiss').click();
  await onScreen(page, 'attract');
}

describe('each document type, sign-in to receipt', () => {
  it('KK: NIK + PIN on the keypad, document PIN, printed on A4 with progress and a receipt', async () => {
    const kk = await demoEntry(kiosk, 'KK-3506-900001');
    await openUi(page, kiosk);
    await shot(page, 'attract');
    await page.getByTestId('start').click();
    await onScreen(page, 'choose-method');
    await shot(page, 'choose-method');
    expect(await layoutProblems(page)).toEqual([]);
    await page.setViewportSize(LANDSCAPE);
    expect(await layoutProblems(page)).toEqual([]);
    await page.setViewportSize(PORTRAIT);
    await page.getByTestId('method-nik').click();
    await onScreen(page, 'nik-pin');
    expect(await layoutProblems(page)).toEqual([]);
    for (const d of kk.nik) await page.getByTestId(`key-${d}`).click();
    for (const d of kk.loginPin as string) await page.getByTestId(`key-${d}`).click();
    await shot(page, 'nik-pin');
    await page.getByTestId('sign-in').click();
    await onScreen(page, 'documents');
    const greeting = await page.getByTestId('greeting').innerText();
    expect(greeting).toContain('BUDI SANTOSO');
    expect(greeting).not.toContain(kk.nik);
    await shot(page, 'documents');
    expect(await layoutProblems(page)).toEqual([]);
    await page.setViewportSize(LANDSCAPE);
    expect(await layoutProblems(page)).toEqual([]);
    await shot(page, 'documents-landscape');
    await page.setViewportSize(PORTRAIT);
    await page.getByTestId(`print-${kk.applicationId}`).click();
    await onScreen(page, 'proof');
    for (const d of kk.pin as string) await page.getByTestId(`key-${d}`).click();
    await shot(page, 'proof');
    await page.setViewportSize(LANDSCAPE);
    expect(await layoutProblems(page)).toEqual([]);
    await shot(page, 'proof-landscape');
    await page.setViewportSize(PORTRAIT);
    await page.getByTestId('submit-pin').click();
    await onScreen(page, 'confirm');
    await shot(page, 'confirm');
    expect(await layoutProblems(page)).toEqual([]);
    const before = await kiosk.devState();
    await page.getByTestId('confirm').click();
    await takeAndFinish('KK', true);
    const after = await kiosk.devState();
    expect(after.receiptPrinter?.receipts).toBe((before.receiptPrinter?.receipts ?? 0) + 1);
    expect(after.printers.a4?.jobs).toBe((before.printers.a4?.jobs ?? 0) + 1);
    expect(printedText(kiosk, 'a4').join('\n')).toContain(kk.documentNumber);
  });

  it('KTP-el: e-KTP tapped and a good finger, printed on a blank card', async () => {
    const ktp = await demoEntry(kiosk, 'KTP-3506-900002');
    await openUi(page, kiosk);
    await signInWithCard(page, kiosk, ktp.nik);
    await chooseAndConfirm(page, kiosk, ktp);
    await takeAndFinish('KTP');
    await kiosk.dev({ action: 'card.remove' });
    expect((await kiosk.devState()).printers.card?.jobs).toBe(1);
    expect(printedText(kiosk, 'card').join('\n')).toContain('SITI AMINAH');
  });

  it('KIA: signed in and claimed with the QR from the SMS', async () => {
    const kia = await demoEntry(kiosk, 'KIA-3506-900003');
    await openUi(page, kiosk);
    await signInWithQr(page, kiosk, kia.qrText as string);
    await chooseAndConfirm(page, kiosk, kia, 'qr');
    await takeAndFinish('KIA');
    expect(printedText(kiosk, 'card').join('\n')).toContain('DEWI ANGGRAINI');
  });

  it('akta kelahiran: NIK + PIN, in English', async () => {
    const akta = await demoEntry(kiosk, 'AL-3506-900004');
    await openUi(page, kiosk);
    await page.getByTestId('language').click();
    await page.locator('[data-testid=start]', { hasText: 'Start' }).waitFor();
    await signInWithPin(page, akta.nik, akta.loginPin as string);
    await onScreen(page, 'documents');
    await page.locator('h1', { hasText: 'Your documents' }).waitFor();
    await chooseAndConfirm(page, kiosk, akta);
    await takeAndFinish('akta lahir');
    await page.locator('[data-testid=start]', { hasText: 'Mulai' }).waitFor();
    expect(printedText(kiosk, 'a4').join('\n')).toContain(akta.documentNumber);
  });

  it('akta kematian: e-KTP of the widow', async () => {
    const akta = await demoEntry(kiosk, 'AM-3506-900006');
    await openUi(page, kiosk);
    await signInWithCard(page, kiosk, akta.nik);
    await chooseAndConfirm(page, kiosk, akta);
    await takeAndFinish('akta mati');
    await kiosk.dev({ action: 'card.remove' });
    expect(printedText(kiosk, 'a4').join('\n')).toContain(akta.documentNumber);
  });

  it('a printed document cannot be printed again', async () => {
    const kk = await demoEntry(kiosk, 'KK-3506-900001');
    await openUi(page, kiosk);
    await signInWithPin(page, kk.nik, kk.loginPin as string);
    await onScreen(page, 'documents');
    expect(await page.getByTestId(`print-${kk.applicationId}`).count()).toBe(0);
    await page.getByTestId('finish').click();
    await onScreen(page, 'thank-you');
  });

  it('the page loaded nothing from outside the kiosk, broke no CSP rule and threw nothing', () => {
    expect(requests.length).toBeGreaterThan(5);
    expect(requests.filter((u) => !u.startsWith(kiosk.base))).toEqual([]);
    expect(pageProblems).toEqual([]);
  });
});
