import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { UiClient, type UiServer } from '../server/support/ui-server.ts';
import { launchChromium, onScreen, PORTRAIT } from './support/browser.ts';
import { startKiosk, type KioskProcess } from './support/kiosk-process.ts';
import { chooseAndConfirm, demoEntry, openUi, signInWithPin } from './support/journey.ts';

/**
 * Attacks on the booted kiosk while a citizen is in the middle of a session in the kiosk browser.
 * Each is refused, and the citizen then finishes printing as if nothing happened.
 */
let kiosk: KioskProcess;
let browser: Browser;
let page: Page;
let target: UiServer;

beforeAll(async () => {
  [kiosk, browser] = await Promise.all([startKiosk(), launchChromium()]);
  page = await browser.newPage({ viewport: PORTRAIT });
  const url = new URL(kiosk.uiUrl);
  target = { port: Number(url.port), secret: url.hash.replace('#k=', '') } as UiServer;
});
afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});

const status = (o: Parameters<typeof UiClient.open>[1]) =>
  UiClient.open(target, o).then(
    async (c) => {
      await c.close();
      return 101;
    },
    (e: { status?: number }) => e.status ?? -1,
  );

function rawGet(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: target.port, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a citizen mid-session is unaffected by', () => {
  it('sockets without the secret, with a foreign Origin or Host, and a second UI', async () => {
    const kk = await demoEntry(kiosk, 'KK-3506-900001');
    await openUi(page, kiosk);
    await signInWithPin(page, kk.nik, kk.loginPin as string);
    await onScreen(page, 'documents');

    expect(await status({ secret: null })).toBe(401);
    expect(await status({ secret: 'x'.repeat(43) })).toBe(401);
    expect(await status({ origin: 'http://attacker.example' })).toBe(403);
    expect(await status({ origin: null })).toBe(403);
    expect(await status({ host: `attacker.example:${target.port}`, origin: `http://attacker.example:${target.port}` })).toBe(403);
    // The kiosk browser is connected and answers: a second UI is refused.
    expect(await status({})).toBe(409);
    // The page itself refuses a rebinding Host; the dev panel wants its own secret and Origin.
    expect(await rawGet('/', { host: `attacker.example:${target.port}` })).toBe(421);
    const dev = await fetch(`${kiosk.base}/devpanel/api`, { method: 'POST', headers: { origin: kiosk.base, 'content-type': 'application/json' }, body: '{"action":"card.remove"}' });
    expect(dev.status).toBe(401);
    const devForeign = await fetch(`${kiosk.base}/devpanel/api`, { method: 'POST', headers: { origin: 'http://attacker.example', 'x-adm-devpanel': kiosk.devSecret, 'content-type': 'application/json' }, body: '{"action":"card.remove"}' });
    expect(devForeign.status).toBe(403);

    expect((await kiosk.devState()).screen).toBe('documents');
    await page.getByTestId(`print-${kk.applicationId}`).click();
    await onScreen(page, 'proof');
  });

  it('malformed, oversized and flooding messages from a socket that holds the secret', async () => {
    // The kiosk browser drops off (a reload, a crash); something else with the secret gets in.
    const disconnects = () => kiosk.output().split('"event":"ws.disconnected"').length;
    const before = disconnects();
    await page.goto('about:blank');
    // Until the kiosk has seen the browser's socket close, that socket is still the one UI it serves.
    await expect.poll(disconnects, { timeout: 10_000 }).toBeGreaterThan(before);
    const rogue = await UiClient.open(target, {});
    expect((await rogue.next('snapshot')).view).toMatchObject({ screen: 'proof' });
    let from = rogue.raw('{"v":1,"type":"intent","id":"a","intent":{"type":"submitPin","pin":"12"}}');
    expect(await rogue.next('error', from)).toMatchObject({ code: 'invalid_message' });
    from = rogue.raw('\u0000\u0001garbage');
    expect(await rogue.next('error', from)).toMatchObject({ code: 'malformed_json' });
    from = rogue.raw(JSON.stringify({ v: 9, type: 'intent', id: 'b', intent: { type: 'cancel' } }));
    expect(await rogue.next('error', from)).toMatchObject({ code: 'unsupported_version' });
    for (let i = 0; i < 300; i++) rogue.raw(JSON.stringify({ v: 1, type: 'intent', id: `f${i}`, intent: { type: 'activity' } }));
    expect(await rogue.closed).toBe(1008);
    const big = await UiClient.open(target, {});
    big.raw('x'.repeat(64 * 1024));
    expect(await big.closed).toBe(1009);

    // The citizen's browser comes back: same screen, and the print goes through.
    const kk = await demoEntry(kiosk, 'KK-3506-900001');
    await page.goto(kiosk.uiUrl);
    await onScreen(page, 'proof');
    await page.getByTestId('back').click();
    await chooseAndConfirm(page, kiosk, kk);
    await onScreen(page, 'take-document', 30_000);
    await page.getByTestId('finish').click();
    await onScreen(page, 'thank-you');
    // The launch URLs are printed once for a person (simulator mode); no log line carries a secret.
    const logLines = kiosk.output().split('\n').filter((l) => l.startsWith('{')).join('\n');
    expect(logLines).toContain('"event":"ws.closed_abusive"');
    expect(logLines).not.toContain(target.secret);
    expect(logLines).not.toContain(kiosk.devSecret);
  });
});
