import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { demoSet, type DemoEntry } from '../../kiosk/registry/demo/demo-set.ts';
import { localDay } from '../../kiosk/registry/identifiers/dates.ts';
import { hashPin } from '../../kiosk/maintenance/pin-hash.ts';
import { addDays, wallTime } from '../../kiosk/opening-hours/zone-time.ts';
import { launchChromium, onScreen, PORTRAIT, shot } from './support/browser.ts';
import { FAST_DEVICES, startKiosk, type KioskProcess } from './support/kiosk-process.ts';
import { openUi, signInWithPin } from './support/journey.ts';
import { serveRegistry } from './support/registry-process.ts';
import { Mosquitto } from '../support/mosquitto.ts';
import { Capture } from '../fleet/support/capture.ts';

/**
 * What the citizen sees before signing in when the kiosk cannot serve for a reason they can plan
 * around: the central registry (`adm registry serve`, over the registry HTTP API) killed for longer
 * than the threshold, and the kiosk closed by its opening hours. Real Chromium, a real mosquitto.
 */
const ADM = fileURLToPath(new URL('../../scripts/adm.js', import.meta.url));
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

const unavailable = (page: Page, reason: string) => page.locator(`[data-testid=unavailable][data-reason=${reason}]`);

describe('the central registry link', () => {
  let dir: string;
  let registry: Awaited<ReturnType<typeof serveRegistry>>;
  let kiosk: KioskProcess;
  let broker: Mosquitto;
  let capture: Capture;
  let page: Page;
  let kk: DemoEntry;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'adm-e2e-link-'));
    broker = await Mosquitto.start();
    capture = await Capture.open(broker.url);
    registry = await serveRegistry(join(dir, 'central.sqlite'));
    kk = demoSet(localDay(new Date())).find((e) => e.applicationId === 'KK-3506-900001') as DemoEntry;
    kiosk = await startKiosk({
      ...FAST_DEVICES,
      fleet: { mqttUrl: broker.url, alertCheckMs: 300 },
      registry: { mode: 'http', url: registry.url, timeoutMs: 300, deadlineMs: 600, retries: 0, breakerFailures: 3, breakerCooldownMs: 200, unreachableAfterMs: 2000, healthCheckMs: 500 },
    });
    page = await browser.newPage({ viewport: PORTRAIT });
  }, 90_000);
  afterAll(async () => {
    await page?.close();
    await kiosk?.stop();
    await registry?.kill();
    await capture?.close();
    await broker?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const linkAlerts = () => capture.messages.filter((m) => m.topic.endsWith('/event') && m.json.kind === 'registry.unreachable');

  it('killed for longer than the threshold: the attract screen says printing is unavailable and why, before anyone signs in; back: the notice clears', async () => {
    await openUi(page, kiosk);
    expect(await page.getByTestId('start').count()).toBe(1);
    const port = Number(new URL(registry.url).port);
    await registry.kill();

    // The light periodic check notices with nobody at the kiosk; past 2 s the screen changes.
    await onScreen(page, 'out-of-service', 20_000);
    const notice = unavailable(page, 'registry_unreachable');
    await notice.waitFor();
    const text = await notice.innerText();
    expect(text).toContain('Pencetakan belum tersedia saat ini');
    expect(text).toContain('tidak dapat terhubung ke server data Dukcapil pusat');
    expect(text).toContain('Printing is not available right now');
    // Bahasa Indonesia first, English second.
    expect(text.indexOf('Pencetakan')).toBeLessThan(text.indexOf('Printing'));
    expect(await page.getByTestId('start').count()).toBe(0);
    await shot(page, 'registry-link-down');

    // One alert for the fleet, and /healthz says how the link is.
    await capture.until(() => linkAlerts().some((m) => m.json.active === true), 10_000, 'registry.unreachable raised');
    const health = (await (await fetch(`${kiosk.base}/healthz`)).json()) as { registryLink: { state: string; downForMs: number; lastError: string } };
    expect(health.registryLink.state).toBe('down');
    expect(health.registryLink.downForMs).toBeGreaterThanOrEqual(2000);
    expect(health.registryLink.lastError).toMatch(/not reachable|unavailable|circuit open/);
    // `adm doctor` reads the same from the running kiosk.
    const doctor = await new Promise<string>((resolve) => {
      execFile(process.execPath, [ADM, 'doctor', '--json', '--config', join(kiosk.dataDir, 'config.json')], { env: { ...process.env, ADM_CONFIG: '', ADM_PORT: new URL(kiosk.base).port }, timeout: 60_000 }, (_e, stdout) => resolve(stdout));
    });
    const results = (JSON.parse(doctor) as { results: Array<{ check: string; status: string; detail: string }> }).results;
    expect(results.find((r) => r.check === 'registry link')).toMatchObject({ status: 'fail', detail: expect.stringContaining('citizens are told printing is unavailable') });
    expect(results.find((r) => r.check === 'opening hours')).toMatchObject({ status: 'ok', detail: 'not set: the kiosk is always open' });

    // Back on the same port: the notice clears by itself and a citizen signs in.
    registry = await serveRegistry(join(dir, 'central.sqlite'), port);
    await onScreen(page, 'attract', 20_000);
    expect(await unavailable(page, 'registry_unreachable').count()).toBe(0);
    await capture.until(() => linkAlerts().some((m) => m.json.active === false), 10_000, 'registry.unreachable cleared');
    await signInWithPin(page, kk.nik, kk.loginPin as string);
    await onScreen(page, 'documents');
    await page.getByTestId('finish').click();

    const alerts = linkAlerts();
    expect(alerts.map((m) => m.json.active)).toEqual([true, false]);
    expect(kiosk.output().match(/"event":"registry\.link_down"/g)).toHaveLength(1);
    expect(kiosk.output().match(/"event":"registry\.link_up"/g)).toHaveLength(1);
  });
});

describe('closed by its opening hours', () => {
  let kiosk: KioskProcess;
  let page: Page;

  beforeAll(async () => {
    // Today (in WIB) is a closed exception; every other day opens at 08:00.
    const today = wallTime(new Date(), 'Asia/Jakarta').date;
    const every = ['08:00-15:00'];
    kiosk = await startKiosk({
      ...FAST_DEVICES,
      maintenance: { technicianPinHash: await hashPin('246810') },
      openingHours: { timezone: 'Asia/Jakarta', weekly: { mon: every, tue: every, wed: every, thu: every, fri: every, sat: every, sun: every }, exceptions: [{ from: today, hours: [], name: 'rapat kantor' }], power: { offAtClose: true, minOffMin: 10 } },
    });
    page = await browser.newPage({ viewport: PORTRAIT });
  }, 90_000);
  afterAll(async () => {
    await page?.close();
    await kiosk?.stop();
  });

  it('says when it opens next, in Bahasa Indonesia then English, starts nobody, and still lets a technician in', async () => {
    const tomorrow = addDays(wallTime(new Date(), 'Asia/Jakarta').date, 1);
    await page.goto(kiosk.uiUrl);
    await onScreen(page, 'out-of-service');
    const notice = unavailable(page, 'closed');
    await notice.waitFor();
    expect(await notice.getAttribute('data-opens-at')).toBe(`${tomorrow}T08:00:00+07:00`);
    const text = await notice.innerText();
    const day = Number(tomorrow.slice(8));
    expect(text).toMatch(new RegExp(`Anjungan sedang tutup[\\s\\S]*Buka kembali \\w+, ${day} \\w+ ${tomorrow.slice(0, 4)} pukul 08\\.00 WIB\\.`));
    expect(text).toMatch(new RegExp(`The kiosk is closed[\\s\\S]*It opens again on \\w+, ${day} \\w+ ${tomorrow.slice(0, 4)} at 08:00 WIB\\.`));
    expect(await page.getByTestId('start').count()).toBe(0);
    expect((await kiosk.devState()).service).toContain('closed-hours');
    await shot(page, 'closed');

    // A long press on the kiosk mark opens maintenance even now; cancelling brings back the closed screen.
    const mark = page.getByTestId('brand-mark');
    await mark.hover();
    await page.mouse.down();
    await page.waitForURL((u) => u.pathname === '/maintenance/', { timeout: 10_000 });
    await page.mouse.up();
    await page.locator('#pin-display').waitFor();
    await expect.poll(async () => (await kiosk.devState()).service).toContain('technician');
    for (const d of '246810') await page.locator(`[data-key="${d}"]`).click();
    await page.locator('#pin-submit').click();
    await page.locator('#devices').waitFor();
    // The devices screen says the kiosk is closed, until when, and how the registry link is.
    const hoursCard = page.locator('#site-hours[data-open="false"]');
    await hoursCard.waitFor();
    expect(await hoursCard.innerText()).toContain(`${tomorrow}T08:00:00+07:00`);
    expect(await hoursCard.innerText()).toContain('rapat kantor');
    await page.locator('#site-link[data-link="up"]').waitFor();
    await shot(page, 'maintenance-closed');
    await page.locator('#leave').click();
    await page.waitForURL((u) => u.pathname === '/');
    await onScreen(page, 'out-of-service');
    await unavailable(page, 'closed').waitFor();
    await expect.poll(async () => (await kiosk.devState()).service).not.toContain('technician');

    const health = (await (await fetch(`${kiosk.base}/healthz`)).json()) as { openingHours: { open: boolean; opensAt: string; today: { rule: string; name: string } }; citizen: unknown };
    expect(health.openingHours).toMatchObject({ open: false, opensAt: `${tomorrow}T08:00:00+07:00`, today: { rule: 'exception', name: 'rapat kantor' } });
    expect(health.citizen).toEqual({ screen: 'out-of-service', printing: false });

    // The power-off after closing asks this kiosk whether anyone is there; nobody is, so it would go (dry run).
    const port = new URL(kiosk.base).port;
    const config = join(kiosk.dataDir, 'config.json');
    const dry = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = execFile(process.execPath, [ADM, 'hours', 'power-off', '--dry-run', '--config', config], { env: { ...process.env, ADM_CONFIG: '', ADM_PORT: port } }, (_e, stdout, stderr) => resolve({ code: child.exitCode, out: stdout + stderr }));
    });
    expect(dry.code, dry.out).toBe(0);
    expect(dry.out).toMatch(new RegExp(`^would run: rtcwake --mode off --time \\d+ \\(wake ${tomorrow}T07:40:00\\+07:00\\)`));
  });
});
