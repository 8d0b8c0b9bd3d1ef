import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { demoSet, type DemoEntry } from '../../kiosk/registry/demo/demo-set.ts';
import { localDay } from '../../kiosk/registry/identifiers/dates.ts';
import { SCREENS } from '../../flows/view.ts';
import { launchChromium, LANDSCAPE, onScreen, PORTRAIT, shot, typeDigits } from './support/browser.ts';
import { FAST_DEVICES, startKiosk, type KioskProcess } from './support/kiosk-process.ts';
import { openUi } from './support/journey.ts';
import { serveRegistry } from './support/registry-process.ts';
import { measureSeeing, type TextSample } from './support/seeing.ts';

/**
 * Every citizen screen, in portrait and landscape, plain and with each display choice (and all of
 * them at once), checked by axe-core and by the seeing-better rules measured from computed styles:
 * large text at least twice the plain size, high contrast at least 7:1 for every text, nothing cut
 * off, overlapping or out of reach, and within reach no control in the upper 40 % of a portrait
 * screen. One kiosk, one browser, one page: the walk visits each screen once and turns the
 * viewport and the choices there.
 *
 * The kiosk talks to `adm registry serve` over HTTP, so stopping that process (SIGSTOP) holds the
 * screens that wait for the registry long enough to look at them (up to the client's 29 s time-out). The e-KTP screens need the
 * simulated card of a citizen the kiosk's own embedded registry knows, so they are walked on a
 * second kiosk as `npm start` runs it.
 */

type Mode = 'plain' | 'large' | 'contrast' | 'reach' | 'all';
const MODES: Record<Mode, { largeText: boolean; highContrast: boolean; reach: boolean }> = {
  plain: { largeText: false, highContrast: false, reach: false },
  large: { largeText: true, highContrast: false, reach: false },
  contrast: { largeText: false, highContrast: true, reach: false },
  reach: { largeText: false, highContrast: false, reach: true },
  all: { largeText: true, highContrast: true, reach: true },
};
const ORIENTATIONS = { portrait: PORTRAIT, landscape: LANDSCAPE } as const;
type Orientation = keyof typeof ORIENTATIONS;

/** Screenshots for the README: which screen, in which mode and orientation. */
const SHOTS: Array<[string, Mode, Orientation, string]> = [
  ['documents', 'large', 'portrait', 'seeing-large-text'],
  ['documents', 'contrast', 'portrait', 'seeing-high-contrast'],
  ['nik-pin', 'reach', 'portrait', 'seeing-within-reach'],
  ['choose-method', 'contrast', 'landscape', 'seeing-high-contrast-landscape'],
];

/** Message screens stay while they are looked at. */
const STEADY_MESSAGES = { thankYouMs: 60_000, endedNoticeMs: 60_000, takeDocumentTimeoutMs: 600_000 };

let dir: string;
let registry: Awaited<ReturnType<typeof serveRegistry>>;
let kiosk: KioskProcess;
let cardKiosk: KioskProcess;
/** The kiosk the page is on now. */
let current: KioskProcess;
let browser: Browser;
let page: Page;
const failures: string[] = [];
const audited = new Set<string>();
let axeRuns = 0;
let axeMs = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'adm-e2e-a11y-'));
  registry = await serveRegistry(join(dir, 'central.sqlite'));
  [kiosk, cardKiosk, browser] = await Promise.all([
    startKiosk({
      devices: {
        // An A4 page prints for as long as the walk looks at the printing screen; paper out ends it.
        a4Printer: { ...FAST_DEVICES.devices.a4Printer, simulatedPrintMs: 300_000 },
        cardPrinter: FAST_DEVICES.devices.cardPrinter,
      },
      registry: { mode: 'http', url: registry.url, timeoutMs: 29_000, deadlineMs: 30_000, retries: 0, breakerFailures: 50, breakerCooldownMs: 200 },
      session: STEADY_MESSAGES,
    }),
    // A finger that never comes keeps the fingerprint screen up while it is looked at.
    startKiosk({ ...FAST_DEVICES, timeouts: { deviceOperationMs: 300_000 }, session: STEADY_MESSAGES }),
    launchChromium(),
  ]);
  // axe injects itself through the context, so the page gets one of its own.
  page = await (await browser.newContext({ viewport: PORTRAIT })).newPage();
});
afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
  await cardKiosk?.stop();
  if (registry?.child.signalCode === null) registry.child.kill('SIGCONT');
  await registry?.kill();
  rmSync(dir, { recursive: true, force: true });
});

/** Switches the display choices with the on-screen toggles, as a citizen would. */
async function setMode(mode: Mode): Promise<void> {
  const want = MODES[mode];
  for (const setting of ['largeText', 'highContrast', 'reach'] as const) {
    const toggle = page.getByTestId(`display-${setting}`);
    if ((await toggle.getAttribute('aria-pressed')) !== String(want[setting])) await toggle.click();
  }
  const classes = { largeText: 'large-text', highContrast: 'high-contrast', reach: 'within-reach' } as const;
  await page.waitForFunction(
    ([w, c]) => Object.entries(w).every(([k, on]) => document.documentElement.classList.contains(c[k as keyof typeof c]) === on),
    [want, classes] as const,
  );
}

/** axe and the seeing rules on the page as it is now; returns the texts for the large-text comparison. */
async function check(where: string, mode: Mode, orientation: Orientation, plain: Map<string, number> | null): Promise<TextSample[]> {
  const tag = `${where} · ${orientation} · ${mode}`;
  // Two frames: the page has laid itself out for this size and its resize observers have run.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const t0 = performance.now();
  // Legacy mode runs axe in the page itself: the kiosk page has no frames, so the default's extra
  // blank page for merging frame results would only cost (about 0.4 s a run here).
  const builder = new AxeBuilder({ page }).setLegacyMode(true);
  // With high contrast, axe's own AAA rule (7:1) runs too, beside the measurement below.
  if (MODES[mode].highContrast) builder.options({ rules: { 'color-contrast-enhanced': { enabled: true } } });
  const axe = await builder.analyze();
  axeMs += performance.now() - t0;
  axeRuns++;
  for (const v of axe.violations) failures.push(`${tag}: axe ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  const seen = await measureSeeing(page);
  for (const p of seen.problems) failures.push(`${tag}: ${p}`);
  if (MODES[mode].highContrast) {
    for (const t of seen.texts) if (t.contrast < 7) failures.push(`${tag}: "${t.text}" has contrast ${t.contrast.toFixed(2)}:1`);
  }
  if (MODES[mode].largeText && plain) {
    let compared = 0;
    for (const t of seen.texts) {
      const before = plain.get(t.path);
      if (before === undefined) continue;
      compared++;
      if (t.fontPx < 2 * before - 0.5) failures.push(`${tag}: "${t.text}" is ${t.fontPx}px, plain ${before}px`);
    }
    if (compared === 0) failures.push(`${tag}: no text to compare with the plain page`);
  }
  if (MODES[mode].reach && orientation === 'portrait' && seen.highestControl < 0.4) {
    failures.push(`${tag}: a control reaches up to ${(seen.highestControl * 100).toFixed(0)} % from the top`);
  }
  for (const [screen, m, o, name] of SHOTS) if (screen === where && m === mode && o === orientation) await shot(page, name);
  return seen.texts;
}

/** The whole matrix on the current screen; the screen must stay put meanwhile. */
async function audit(where: string): Promise<void> {
  const screen = await page.locator('.frame').getAttribute('data-screen');
  audited.add(screen ?? where);
  const plain = new Map<Orientation, Map<string, number>>();
  for (const mode of Object.keys(MODES) as Mode[]) {
    await setMode(mode);
    for (const orientation of Object.keys(ORIENTATIONS) as Orientation[]) {
      await page.setViewportSize(ORIENTATIONS[orientation]);
      const texts = await check(where, mode, orientation, plain.get(orientation) ?? null);
      if (mode === 'plain') plain.set(orientation, new Map(texts.map((t) => [t.path, t.fontPx])));
    }
  }
  await setMode('plain');
  await page.setViewportSize(PORTRAIT);
  expect(await page.locator('.frame').getAttribute('data-screen'), `${where} moved on during its checks`).toBe(screen);
}

/** "Are you still there?" over the current screen, in every mode: the overlay hides the toggles, so each mode is set first. */
async function auditWarning(): Promise<void> {
  audited.add('warning');
  const plain = new Map<Orientation, Map<string, number>>();
  for (const mode of Object.keys(MODES) as Mode[]) {
    await setMode(mode);
    await current.dev({ action: 'clock.skip', ms: 45_000 });
    await page.getByTestId('warning').waitFor();
    for (const orientation of Object.keys(ORIENTATIONS) as Orientation[]) {
      await page.setViewportSize(ORIENTATIONS[orientation]);
      const texts = await check('warning', mode, orientation, plain.get(orientation) ?? null);
      if (mode === 'plain') plain.set(orientation, new Map(texts.map((t) => [t.path, t.fontPx])));
    }
    // One tap on the extend button answers it, in every mode.
    await page.getByTestId('still-here').click();
    await page.getByTestId('warning').waitFor({ state: 'detached' });
  }
  await setMode('plain');
  await page.setViewportSize(PORTRAIT);
}

const rootClasses = () => page.evaluate(() => Array.from(document.documentElement.classList).sort());
const stopRegistry = () => registry.child.kill('SIGSTOP');
const resumeRegistry = () => registry.child.kill('SIGCONT');

describe('seeing better, on every citizen screen', () => {
  it('axe finds nothing and the large-text, contrast and reach rules hold in portrait and landscape', { timeout: 900_000 }, async () => {
    const started = Date.now();
    const demo = demoSet(localDay(new Date()));
    const budi = demo.find((e) => e.applicationId === 'KK-3506-900001') as DemoEntry;
    const kia = demo.find((e) => e.applicationId === 'KIA-3506-900003') as DemoEntry;
    // The e-KTP screens, on the kiosk whose simulated reader knows the demo citizens.
    current = cardKiosk;
    await openUi(page, cardKiosk);
    await page.getByTestId('start').click();
    await page.getByTestId('method-ektp').click();
    await onScreen(page, 'card-wait');
    await audit('card-wait');
    await cardKiosk.dev({ action: 'finger.next', quality: 'none', times: 1 });
    // A slow chip keeps "reading the card" on screen while it is looked at.
    await cardKiosk.dev({ action: 'card.hold', held: true });
    await cardKiosk.dev({ action: 'card.tap', nik: budi.nik });
    await onScreen(page, 'card-reading');
    await audit('card-reading');
    await cardKiosk.dev({ action: 'card.hold', held: false });
    await onScreen(page, 'finger');
    await audit('finger');
    await cardKiosk.dev({ action: 'device.plug', device: 'cardReader', plugged: false });
    await onScreen(page, 'reader-fault');
    await audit('reader-fault');
    await page.getByTestId('cancel').click();
    await onScreen(page, 'ended');
    await audit('ended');
    await cardKiosk.dev({ action: 'card.remove' });
    await cardKiosk.dev({ action: 'device.plug', device: 'cardReader', plugged: true });
    await page.getByTestId('dismiss').click();
    await onScreen(page, 'attract');
    // Three wrong fingers lock the fingerprint; NIK and PIN remain.
    await page.getByTestId('start').click();
    await page.locator('[data-testid=method-ektp]:not([disabled])').waitFor({ timeout: 20_000 });
    await page.getByTestId('method-ektp').click();
    await onScreen(page, 'card-wait');
    await cardKiosk.dev({ action: 'finger.next', quality: 'bad', times: 3 });
    await cardKiosk.dev({ action: 'card.tap', nik: budi.nik });
    await onScreen(page, 'finger-locked');
    await audit('finger-locked');
    await page.getByTestId('cancel').click();
    await cardKiosk.dev({ action: 'card.remove' });

    // Everything else on the kiosk with the registry over HTTP.
    current = kiosk;
    await openUi(page, kiosk);
    await audit('attract');

    await kiosk.dev({ action: 'service.fleet', outOfService: true });
    await onScreen(page, 'out-of-service');
    await audit('out-of-service');
    await kiosk.dev({ action: 'service.fleet', outOfService: false });
    await onScreen(page, 'attract');

    await page.getByTestId('start').click();
    await onScreen(page, 'choose-method');
    await audit('choose-method');
    await auditWarning();
    await page.getByTestId('method-qr').click();
    await onScreen(page, 'qr-scan');
    await audit('qr-scan');
    await page.getByTestId('back').click();
    await page.getByTestId('method-nik').click();
    await onScreen(page, 'nik-pin');
    await audit('nik-pin');

    // The registry stops answering while the citizen signs in: "checking", then the notice.
    await typeDigits(page, budi.nik + (budi.loginPin as string));
    stopRegistry();
    await page.getByTestId('sign-in').click();
    await onScreen(page, 'signing-in');
    await audit('signing-in');
    await kiosk.dev({ action: 'clock.skip', ms: 60_000 });
    await page.locator('[data-testid=notice][data-code=registry_unreachable]').waitFor();
    await audit('nik-pin with a notice');
    resumeRegistry();
    await typeDigits(page, budi.loginPin as string);
    await page.getByTestId('sign-in').click();
    await onScreen(page, 'documents');
    await audit('documents');
    // The runtime keeps the choices: a reload draws the same way.
    await setMode('all');
    await page.reload();
    await onScreen(page, 'documents');
    expect(await rootClasses()).toEqual(['high-contrast', 'large-text', 'within-reach']);
    await setMode('plain');

    // The KK: document PIN, confirm, a long print.
    await page.getByTestId(`print-${budi.applicationId}`).click();
    await onScreen(page, 'proof');
    await audit('proof');
    await typeDigits(page, budi.pin as string);
    await page.getByTestId('submit-pin').click();
    await onScreen(page, 'confirm');
    await audit('confirm');
    await page.getByTestId('confirm').click();
    await page.locator('[data-testid=print-progress][data-phase=printing]').waitFor({ timeout: 30_000 });
    await audit('printing');
    // Paper runs out; nobody refills it in time, no sheet came out: the print failed, the right stays.
    await kiosk.dev({ action: 'printer.faults', printer: 'a4', mediaEmpty: true });
    await onScreen(page, 'print-failed', 30_000);
    await audit('print-failed');
    await kiosk.dev({ action: 'printer.faults', printer: 'a4', mediaEmpty: false });

    // Another document while the registry is away: loading, then "cannot reach".
    stopRegistry();
    await page.getByTestId('another').click();
    await onScreen(page, 'documents-loading');
    await audit('documents-loading');
    await kiosk.dev({ action: 'clock.skip', ms: 60_000 });
    await onScreen(page, 'registry-down');
    await audit('registry-down');
    resumeRegistry();
    await page.getByTestId('retry').click();
    await onScreen(page, 'documents');

    // The KIA prints; the citizen finds nothing in the tray.
    await page.getByTestId(`print-${kia.applicationId}`).click();
    await onScreen(page, 'proof');
    await typeDigits(page, kia.pin as string);
    await page.getByTestId('submit-pin').click();
    await onScreen(page, 'confirm');
    await page.getByTestId('confirm').click();
    await onScreen(page, 'take-document', 60_000);
    await audit('take-document');
    await page.getByTestId('nothing-came-out').click();
    await onScreen(page, 'print-reported');
    await audit('print-reported');
    await page.getByTestId('finish').click();
    await onScreen(page, 'thank-you');
    await audit('thank-you');
    // The next citizen starts plain.
    await setMode('large');
    await page.getByTestId('dismiss').click();
    await onScreen(page, 'attract');
    expect(await rootClasses()).toEqual([]);
    expect(await page.getByTestId('display-largeText').getAttribute('aria-pressed')).toBe('false');

    // The same citizen again: the A4 printer drops off the network mid-print, so nobody can tell
    // whether the KK came out: the print of unknown outcome, which only a technician settles.
    await page.getByTestId('start').click();
    await page.getByTestId('method-nik').click();
    await onScreen(page, 'nik-pin');
    await typeDigits(page, budi.nik + (budi.loginPin as string));
    await page.getByTestId('sign-in').click();
    await onScreen(page, 'documents');
    await page.getByTestId(`print-${budi.applicationId}`).click();
    await onScreen(page, 'proof');
    await typeDigits(page, budi.pin as string);
    await page.getByTestId('submit-pin').click();
    await onScreen(page, 'confirm');
    await page.getByTestId('confirm').click();
    await page.locator('[data-testid=print-progress][data-phase=printing]').waitFor({ timeout: 30_000 });
    await kiosk.dev({ action: 'printer.faults', printer: 'a4', offline: true });
    await onScreen(page, 'print-unknown', 120_000);
    await audit('print-unknown');
    await kiosk.dev({ action: 'printer.faults', printer: 'a4', offline: false });
    await page.getByTestId('finish').click();
    await onScreen(page, 'thank-you');

    // Every screen.
    const missed = SCREENS.filter((sc) => !audited.has(sc));
    expect(missed).toEqual([]);
    expect(audited.has('warning')).toBe(true);
    process.stdout.write(`seeing better: ${audited.size} screens, ${axeRuns} axe runs (${Math.round(axeMs / 1000)} s of axe) in ${Math.round((Date.now() - started) / 1000)} s\n`);
    expect(failures).toEqual([]);
  });

  it('the technician sign-in page passes axe too, in portrait and landscape', async () => {
    const secret = new URL(cardKiosk.uiUrl).hash.replace('#k=', '');
    await page.goto(`${cardKiosk.base}/maintenance/?from=long-press#k=${secret}`);
    await page.locator('#cancel').waitFor();
    const found: string[] = [];
    for (const size of [PORTRAIT, LANDSCAPE]) {
      await page.setViewportSize(size);
      const axe = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
      for (const v of axe.violations) found.push(`${size.width}×${size.height}: ${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    }
    await page.locator('#cancel').click();
    expect(found).toEqual([]);
  });

  it('the measurements see what they are meant to catch', async () => {
    const probe = await page.context().newPage();
    await probe.setViewportSize({ width: 400, height: 300 });
    await probe.setContent(`<body style="margin:0;font:16px sans-serif;background:#fff">
      <p id="grey" style="color:#777">grey on white</p>
      <div style="background:rgba(0,0,0,0.5)"><p style="color:#fff">white on half black over white</p></div>
      <div style="width:100px"><span style="white-space:nowrap">a line far too long for its box</span></div>
      <button style="position:absolute;left:10px;top:200px;width:80px;height:60px">a</button>
      <button style="position:absolute;left:50px;top:220px;width:80px;height:60px">b</button>
      <button style="position:absolute;left:200px;top:200px;width:30px;height:30px">c</button>
      <div style="position:absolute;left:0;top:290px;width:50px;height:50px">below</div>
      <div style="position:absolute;left:250px;top:0;height:100px;width:120px;overflow-y:auto;display:flex;flex-direction:column;justify-content:center"><div style="flex:none;height:300px">centred tall</div></div>
    </body>`);
    const seen = await measureSeeing(probe);
    await probe.close();
    const text = (t: string) => seen.texts.find((s) => s.text === t);
    expect(text('grey on white')?.contrast).toBeCloseTo(4.48, 1);
    // #fff over rgba(0,0,0,0.5) over white: #808080, 3.95:1 against white text.
    expect(text('white on half black over white')?.contrast).toBeCloseTo(3.95, 1);
    const all = seen.problems.join('\n');
    expect(all).toMatch(/holds content \d+px wide in 100px/);
    expect(all).toMatch(/controls "a" and "b" overlap/);
    expect(all).toMatch(/control "c" is 30×30 px/);
    expect(all).toMatch(/"below" is off screen and nothing scrolls to it/);
    expect(all).toMatch(/"centred tall" sits above or left of where its container can scroll/);
    expect(seen.highestControl).toBeCloseTo(200 / 300, 2);
  });
});
