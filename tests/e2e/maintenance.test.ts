import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPin } from '../../kiosk/maintenance/pin-hash.ts';
import { startMaintenanceKiosk, type MaintenanceKiosk } from '../maintenance/support/kiosk-process.ts';

const PIN = '246810';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];
const IMAGES = fileURLToPath(new URL('../../docs/images/', import.meta.url));
const OUTPUT = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

let kiosk: MaintenanceKiosk;
let browser: Browser;
beforeAll(async () => {
  kiosk = await startMaintenanceKiosk({
    maintenance: { technicianPinHash: await hashPin(PIN) },
    devices: {
      a4Printer: { simulatedPrintMs: 400, pollIntervalMs: 100 },
      cardPrinter: { simulatedPrintMs: 400, pollIntervalMs: 100 },
    },
  });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});

/** test-output/ on every run; the README's docs/images/ only with ADM_UPDATE_SCREENSHOTS=1. */
async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(OUTPUT, { recursive: true });
  const buf = await page.screenshot({ path: join(OUTPUT, `maintenance-${name}.png`) });
  if (process.env.ADM_UPDATE_SCREENSHOTS === '1') {
    mkdirSync(IMAGES, { recursive: true });
    writeFileSync(join(IMAGES, `maintenance-${name}.png`), buf);
  }
}

describe('a technician in maintenance mode, in the kiosk browser', () => {
  it('signs in with the PIN, runs a self-test and a test print, refills the ribbon, and leaves', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(kiosk.base)) problems.push(`external request: ${r.url()}`);
    });

    // The attract screen's long press opens this page; entering parks the citizen flow first.
    await page.goto(`${kiosk.base}/maintenance/?from=long-press`);
    await page.locator('#pin-display').waitFor();
    await expect.poll(() => page.locator('h2').first().innerText()).toContain('Masuk teknisi');
    await shot(page, 'sign-in');

    // Sign-in on the on-screen keypad, as a finger would.
    for (const d of PIN) await page.locator(`[data-key="${d}"]`).click();
    await page.locator('#pin-submit').click();
    await page.locator('#devices').waitFor();
    await expect.poll(() => page.locator('#who').innerText()).toBe('pin');
    for (const id of ['cardReader', 'receiptPrinter', 'a4Printer', 'cardPrinter', 'scanner', 'touchscreen']) await page.locator(`#device-${id}`).waitFor();

    // A self-test on the A4 printer asks the printer itself (IPP).
    await page.locator('[data-action="self-test-a4Printer"]').click();
    await page.locator('#result-a4Printer [data-result="passed"]').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('#result-a4Printer .checks').innerText()).toContain('a job sent now would print');

    // A test print: the sample KK goes to the A4 printer and comes out.
    await page.locator('[data-action="test-print-a4Printer"]').click();
    await page.locator('#result-a4Printer [data-result="printed"]').waitFor({ timeout: 30_000 });
    const printedDir = join(kiosk.dataDir, 'printed', 'a4');
    const pdfs = readdirSync(printedDir).filter((f) => f.endsWith('.pdf'));
    expect(pdfs.length).toBe(1);
    const text = execFileSync('pdftotext', [join(printedDir, pdfs[0] as string), '-'], { encoding: 'utf8' });
    expect(text).toContain('KARTU KELUARGA');
    await shot(page, 'devices');

    // A refill: the ribbon is nearly out (an alert), then the technician puts in a new one.
    await page.locator('[data-tab="consumables"]').click();
    const ribbon = page.locator('input[name="level-ribbon"]');
    await ribbon.waitFor();
    await ribbon.fill('12');
    await page.locator('[data-action="save-ribbon"]').click();
    await page.locator('[data-alert="consumable.low:ribbon"]').waitFor();
    await shot(page, 'consumables');
    await page.locator('[data-action="refill-ribbon"]').click();
    await page.locator('[data-alert="consumable.low:ribbon"]').waitFor({ state: 'detached' });
    await expect.poll(() => ribbon.inputValue()).toBe('250');
    await expect.poll(() => page.locator('tr[data-consumable="ribbon"] td.state').getAttribute('data-state')).toBe('full');

    // The journal shows the visit.
    await page.locator('[data-tab="journal"]').click();
    await page.locator('#journal-list table').waitFor();
    await expect.poll(() => page.locator('#journal-list').innerText()).toContain('maintenance.entered');
    await shot(page, 'journal');

    // Leaving hands the screen back to citizens.
    await page.locator('#leave').click();
    await page.waitForURL(`${kiosk.base}/`);
    expect(await page.evaluate(() => (globalThis as unknown as { sessionStorage: { length: number } }).sessionStorage.length)).toBe(0);
    expect(problems).toEqual([]);

    // Everything the technician did is in the audit trail, and the trail is intact.
    const list = await kiosk.adm(['audit', 'list', '--limit', '50']);
    expect(list.code).toBe(0);
    const actions = list.stdout.trim().split('\n').map((l) => l.split('\t')[3]).reverse();
    expect(actions).toEqual(['maintenance.entry_requested', 'sign_in.succeeded', 'self_test.run', 'test_print.run', 'consumables.set', 'consumables.set', 'maintenance.leave', 'maintenance.left']);
    const verify = await kiosk.adm(['audit', 'verify']);
    expect(verify).toMatchObject({ code: 0, stdout: expect.stringContaining('audit trail intact: 8 rows') });
    await page.close();
  }, 120_000);
});
