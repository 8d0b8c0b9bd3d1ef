import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, onScreen, PORTRAIT } from './support/browser.ts';
import { FAST_DEVICES, startKiosk, type KioskProcess } from './support/kiosk-process.ts';
import { chooseAndConfirm, demoEntry, openUi, printedText, signInWithCard } from './support/journey.ts';

/**
 * The same citizen journey with the e-KTP reader on each transport: the serial frame protocol
 * (simulated module) and PC/SC (a private pcscd with vsmartcard's vpcd, the virtual e-KTP in the
 * card slot and the virtual SAM in its own slot). Real Chromium, the dev panel for hands.
 */
const TRANSPORTS = {
  serial: { mode: 'simulated' },
  pcsc: { mode: 'pcsc', pcsc: { virtualCard: true } },
} as const;

describe.each(Object.entries(TRANSPORTS))('e-KTP sign-in and print, reader over %s', (name, cardReader) => {
  let kiosk: KioskProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [kiosk, browser] = await Promise.all([startKiosk({ devices: { ...FAST_DEVICES.devices, cardReader } }), launchChromium()]);
    page = await browser.newPage({ viewport: PORTRAIT });
  });
  afterAll(async () => {
    await browser?.close();
    await kiosk?.stop();
  });

  it('a citizen taps the e-KTP, gives a good finger and prints', async () => {
    const ktp = await demoEntry(kiosk, 'KTP-3506-900002');
    await openUi(page, kiosk);
    await signInWithCard(page, kiosk, ktp.nik);
    await chooseAndConfirm(page, kiosk, ktp);
    await onScreen(page, 'take-document', 30_000);
    await page.getByTestId('reference').waitFor();
    await page.getByTestId('finish').click();
    await onScreen(page, 'thank-you');
    await kiosk.dev({ action: 'card.remove' });
    expect((await kiosk.devState()).printers.card?.jobs).toBe(1);
    expect(printedText(kiosk, 'card').join('\n')).toContain('SITI AMINAH');
    const mode = name === 'pcsc' ? '"mode":"pcsc"' : '"mode":"simulated"';
    expect(kiosk.output()).toContain(mode);
    // The journey log names no citizen.
    expect(kiosk.output()).not.toContain(ktp.nik);
  });

  it('the dev panel holds the card open on the serial module, and says plainly that the virtual PC/SC card cannot', async () => {
    const hold = kiosk.dev({ action: 'card.hold', held: true });
    if (name === 'pcsc') {
      await expect(hold).rejects.toThrow('this card reader cannot hold its answers (the virtual PC/SC card)');
    } else {
      await expect(hold).resolves.toBe('opening the card is held');
      await expect(kiosk.dev({ action: 'card.hold', held: false })).resolves.toBe('opening the card goes on');
    }
  });
});
