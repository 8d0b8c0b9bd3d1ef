import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, onScreen, PORTRAIT, shot } from './support/browser.ts';
import { FAST_DEVICES, startKiosk, type KioskProcess } from './support/kiosk-process.ts';
import { openUi } from './support/journey.ts';

/** What a citizen reads in Chromium when the mains fails, and while the battery recharges. */
let kiosk: KioskProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [kiosk, browser] = await Promise.all([startKiosk(FAST_DEVICES), launchChromium()]);
  page = await browser.newPage({ viewport: PORTRAIT });
});
afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});

describe('power cut, in the kiosk browser', () => {
  it('says plainly, in Bahasa Indonesia first, that the power is out; then that the battery is charging; then serves again', async () => {
    await openUi(page, kiosk);
    await kiosk.dev({ action: 'ups.power', status: 'OB DISCHRG', chargePct: 80, runtimeS: 900 });
    await onScreen(page, 'out-of-service');
    const text = await page.locator('.frame').innerText();
    expect(text).toContain('Listrik sedang padam. Anjungan memakai baterai cadangan, jadi belum bisa melayani pencetakan baru.');
    await shot(page, 'on-battery');
    await page.getByText('English', { exact: true }).click();
    await expect.poll(() => page.locator('.frame').innerText(), { timeout: 10_000 }).toContain('The power is out. The kiosk is running on its backup battery, so it cannot start new prints.');

    await kiosk.dev({ action: 'ups.power', status: 'OL CHRG', chargePct: 35, runtimeS: 400 });
    await expect.poll(() => page.locator('.frame').innerText(), { timeout: 10_000 }).toContain('Listrik sudah menyala kembali. Anjungan sedang mengisi baterai cadangan');
    await kiosk.dev({ action: 'ups.power', status: 'OL CHRG', chargePct: 60, runtimeS: 900 });
    await onScreen(page, 'attract');
  }, 90_000);
});
