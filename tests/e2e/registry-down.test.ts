import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { demoSet, type DemoEntry } from '../../kiosk/registry/demo/demo-set.ts';
import { localDay } from '../../kiosk/registry/identifiers/dates.ts';
import { launchChromium, onScreen, PORTRAIT, shot, typeDigits } from './support/browser.ts';
import { FAST_DEVICES, startKiosk, type KioskProcess } from './support/kiosk-process.ts';
import { chooseAndConfirm, openUi, signInWithPin } from './support/journey.ts';
import { serveRegistry } from './support/registry-process.ts';

/**
 * The central registry goes away in the middle of a session: the kiosk talks to `adm registry
 * serve` over the registry HTTP API, and the test kills that process, then starts it again.
 */
let dir: string;
let registry: Awaited<ReturnType<typeof serveRegistry>>;
let kiosk: KioskProcess;
let browser: Browser;
let page: Page;
let kk: DemoEntry;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'adm-e2e-registry-'));
  registry = await serveRegistry(join(dir, 'central.sqlite'));
  kk = demoSet(localDay(new Date())).find((e) => e.applicationId === 'KK-3506-900001') as DemoEntry;
  [kiosk, browser] = await Promise.all([
    startKiosk({ ...FAST_DEVICES, registry: { mode: 'http', url: registry.url, timeoutMs: 300, deadlineMs: 600, retries: 0, breakerFailures: 3, breakerCooldownMs: 200 } }),
    launchChromium(),
  ]);
  page = await browser.newPage({ viewport: PORTRAIT });
});
afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
  await registry?.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('registry unreachable', () => {
  it('goes down after sign-in: the claim is refused kindly, nothing is held, and a retry prints once it is back', async () => {
    await openUi(page, kiosk);
    await signInWithPin(page, kk.nik, kk.loginPin as string);
    await onScreen(page, 'documents');
    const port = Number(new URL(registry.url).port);
    await registry.kill();
    await chooseAndConfirm(page, kiosk, kk);
    await onScreen(page, 'confirm');
    await page.locator('[data-testid=notice][data-code=registry_unreachable]').waitFor();
    await shot(page, 'registry-down');
    registry = await serveRegistry(join(dir, 'central.sqlite'), port);
    await page.getByTestId('confirm').click();
    await onScreen(page, 'take-document', 30_000);
    await page.getByTestId('finish').click();
    await onScreen(page, 'thank-you');
  });

  it('down at sign-in: the citizen is told, stays on the sign-in screen, and gets in once it is back', async () => {
    const port = Number(new URL(registry.url).port);
    await registry.kill();
    await openUi(page, kiosk);
    await signInWithPin(page, kk.nik, kk.loginPin as string);
    await onScreen(page, 'nik-pin');
    await page.locator('[data-testid=notice][data-code=registry_unreachable]').waitFor();
    registry = await serveRegistry(join(dir, 'central.sqlite'), port);
    await typeDigits(page, kk.loginPin as string);
    await page.getByTestId('sign-in').click();
    await onScreen(page, 'documents');
    expect(await page.getByTestId(`print-${kk.applicationId}`).count()).toBe(0);
    await page.getByTestId('finish').click();
  });
});
