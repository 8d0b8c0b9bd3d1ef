import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hashPin } from '../../kiosk/maintenance/pin-hash.ts';
import { launchChromium, onScreen, PORTRAIT } from './support/browser.ts';
import { FAST_DEVICES, startKiosk, type KioskProcess } from './support/kiosk-process.ts';
import { openUi } from './support/journey.ts';

let kiosk: KioskProcess;
let browser: Browser;
beforeAll(async () => {
  kiosk = await startKiosk({ ...FAST_DEVICES, maintenance: { technicianPinHash: await hashPin('246810') } });
  browser = await launchChromium();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});

/** On the maintenance sign-in page, the technician changes their mind: back to the citizen screen. */
async function cancelBackToCitizens(page: Page): Promise<void> {
  await page.locator('#pin-display').waitFor();
  expect(new URL(page.url()).pathname).toBe('/maintenance/');
  await expect.poll(async () => (await kiosk.devState()).service).toContain('technician');
  await page.locator('#cancel').click();
  await page.waitForURL((u) => u.pathname === '/');
  // The citizen UI came back with this boot's secret: it is connected and shows the attract screen.
  await onScreen(page, 'attract');
  await expect.poll(async () => (await kiosk.devState()).service).not.toContain('technician');
}

describe('the hidden technician entry', () => {
  it('a long press on the kiosk mark of the attract screen opens maintenance; a short tap does not', async () => {
    const page = await browser.newPage({ viewport: PORTRAIT });
    await openUi(page, kiosk);
    const mark = page.getByTestId('brand-mark');
    await mark.hover();
    await page.mouse.down();
    await page.waitForTimeout(500);
    await page.mouse.up();
    await page.waitForTimeout(3000);
    expect(new URL(page.url()).pathname).toBe('/');

    await mark.hover();
    await page.mouse.down();
    await page.waitForURL((u) => u.pathname === '/maintenance/', { timeout: 10_000 });
    await page.mouse.up();
    expect(new URL(page.url()).searchParams.get('from')).toBe('long-press');
    await cancelBackToCitizens(page);
    await page.close();
  });

  it('the corner gesture on the touchscreen sends the kiosk browser to maintenance', async () => {
    const page = await browser.newPage({ viewport: PORTRAIT });
    await openUi(page, kiosk);
    await kiosk.dev({ action: 'touch.gesture' });
    await page.waitForURL((u) => u.pathname === '/maintenance/', { timeout: 15_000 });
    expect(new URL(page.url()).searchParams.get('from')).toBe('gesture');
    await cancelBackToCitizens(page);
    await page.close();
  });
});
