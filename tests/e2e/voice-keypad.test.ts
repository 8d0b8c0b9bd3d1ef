import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, onScreen } from './support/browser.ts';
import { FAST_DEVICES, startKiosk, type KioskProcess } from './support/kiosk-process.ts';
import { demoEntry } from './support/journey.ts';

/**
 * A citizen who cannot see the screen prints their KK alone: headphones in the jack, the tactile
 * keypad in hand, not one touch on the glass. Keys go in through the keypad simulator as HID
 * reports, the jack through its simulator as evdev input events; the page's own media elements
 * say which clips really played.
 */
let kiosk: KioskProcess;
let browser: Browser;
let page: Page;

interface ClipRecord {
  text: string;
  events: string[];
}

/** Instruments the page before its scripts run: every clip played, and any real pointer or touch input. */
function instrument(): void {
  const w = window as unknown as { __clips: ClipRecord[]; __pointer: number };
  w.__clips = [];
  w.__pointer = 0;
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
    const rec: ClipRecord = { text: this.dataset.text ?? '', events: [] };
    w.__clips.push(rec);
    for (const ev of ['playing', 'ended', 'pause', 'error']) this.addEventListener(ev, () => rec.events.push(ev));
    return play.call(this);
  };
  for (const ev of ['pointerdown', 'mousedown', 'touchstart']) {
    document.addEventListener(ev, (e) => {
      if (e.isTrusted) w.__pointer++;
    }, true);
  }
}

const clips = (): Promise<ClipRecord[]> => page.evaluate(() => (window as unknown as { __clips: ClipRecord[] }).__clips.map((c) => ({ text: c.text, events: [...c.events] })));

/** Waits until a clip whose text matches has played to its end; returns how many clips there were then. */
async function heard(match: RegExp | string, from = 0, timeout = 20_000): Promise<number> {
  const end = Date.now() + timeout;
  for (;;) {
    const all = await clips();
    const hit = all.slice(from).findIndex((c) => (typeof match === 'string' ? c.text === match : match.test(c.text)) && c.events.includes('ended'));
    if (hit >= 0) return from + hit + 1;
    if (Date.now() > end) throw new Error(`never heard ${String(match)}; clips: ${JSON.stringify(all.slice(from))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let cursor = 0;
/** Presses one key and waits for what it should make the kiosk say. */
async function press(key: string | number, expect: RegExp | string): Promise<void> {
  if (typeof key === 'number') await kiosk.dev({ action: 'keypad.digit', digit: key });
  else await kiosk.dev({ action: 'keypad.press', key });
  cursor = await heard(expect, cursor);
}

const focusedTestId = (): Promise<string | null> => page.evaluate(() => document.querySelector<HTMLElement>('.access-focus')?.dataset.testid ?? null);

async function health(): Promise<{ devices: Record<string, { state: string; reasons: string[] }>; speech: { engine: string; guidance: boolean; sessionsWithGuidance: number } }> {
  const r = await fetch(`${kiosk.base}/healthz`);
  return (await r.json()) as never;
}

beforeAll(async () => {
  [kiosk, browser] = await Promise.all([
    startKiosk({ ...FAST_DEVICES, devices: { ...FAST_DEVICES.devices, keypad: { pollIntervalMs: 200 } } }),
    // A kiosk's browser plays sound without a tap first (scripts/kiosk-browser.sh sets the same).
    chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required'] }),
  ]);
  page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  await page.addInitScript(instrument);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});

describe('keypad and headphones only', () => {
  it('prints a KK with keypad events and audio alone, every clip played by the page', async () => {
    const kk = await demoEntry(kiosk, 'KK-3506-900001');
    const before = await kiosk.devState();
    await page.goto(kiosk.uiUrl);
    await onScreen(page, 'attract');
    expect((await health()).devices).toMatchObject({ keypad: { state: 'online' }, headphoneJack: { state: 'online' } });

    await kiosk.dev({ action: 'headphones.plug', plugged: true });
    cursor = await heard('Panduan suara aktif.');
    cursor = await heard(/^Anjungan Dukcapil Mandiri\. .*Tekan OK untuk mulai\.$/, cursor - 1);
    cursor = await heard('Mulai', cursor);
    // Louder, then the speed key twice: slower, then faster.
    await press('volumeUp', 'Volume 90 persen.');
    await press('speed', 'Kecepatan 120 kata per menit.');
    await press('speed', 'Kecepatan 190 kata per menit.');

    await press('ok', /^e-KTP dan sidik jari\./);
    await onScreen(page, 'choose-method');
    await press('down', 'NIK dan PIN. PIN dari pendaftaran anjungan');
    await press('ok', 'NIK (16 angka), 0 angka terisi.');
    await onScreen(page, 'nik-pin');
    for (const [i, d] of [...kk.nik].entries()) await press(Number(d), i < 15 ? `${i + 1} dari 16 angka.` : `NIK lengkap, berakhiran ${kk.nik.slice(12)}. Sekarang ketik PIN.`);
    for (const [i, d] of [...(kk.loginPin as string)].entries()) await press(Number(d), i < 5 ? `${i + 1} dari 6 angka.` : 'Lengkap. Tekan OK untuk masuk.');
    expect(await focusedTestId()).toBe('sign-in');
    await kiosk.dev({ action: 'keypad.press', key: 'ok' });
    await onScreen(page, 'documents');
    cursor = await heard('Dokumen Anda. Tekan panah bawah untuk mendengar setiap dokumen.', cursor);
    // Down through the list until the KK's print button has the focus, each one read out.
    for (let i = 0; i < 10 && (await focusedTestId()) !== `print-${kk.applicationId}`; i++) {
      const n = (await clips()).length;
      await kiosk.dev({ action: 'keypad.press', key: 'down' });
      cursor = await heard(/./, n);
    }
    expect(await focusedTestId()).toBe(`print-${kk.applicationId}`);
    await press('ok', 'PIN, 0 angka terisi.');
    await onScreen(page, 'proof');
    for (const [i, d] of [...(kk.pin as string)].entries()) await press(Number(d), i < 5 ? `${i + 1} dari 6 angka.` : 'Lengkap. Tekan OK untuk lanjut.');
    await press('ok', 'Ya, cetak');
    await onScreen(page, 'confirm');
    await kiosk.dev({ action: 'keypad.press', key: 'ok' });
    await onScreen(page, 'take-document', 30_000);
    cursor = await heard('Silakan ambil dokumen dan struk Anda dari printer di bawah layar.', cursor);
    cursor = await heard('Selesai', cursor);
    await kiosk.dev({ action: 'keypad.press', key: 'ok' });
    await onScreen(page, 'thank-you');
    // The thank-you screen goes back to the start by itself; its words start before it does.
    await page.waitForFunction(() => (window as unknown as { __clips: ClipRecord[] }).__clips.some((c) => c.text.startsWith('Terima kasih') && c.events.includes('playing')));
    await onScreen(page, 'attract');
    cursor = await heard(/Tekan OK untuk mulai\.$/, cursor);
    cursor = await heard('Mulai', cursor);

    // It printed: one A4 job and one receipt more.
    const after = await kiosk.devState();
    expect(after.printers.a4?.jobs).toBe((before.printers.a4?.jobs ?? 0) + 1);
    expect(after.receiptPrinter?.receipts).toBe((before.receiptPrinter?.receipts ?? 0) + 1);

    const all = await clips();
    // Not one touch, click or pointer on the page.
    expect(await page.evaluate(() => (window as unknown as { __pointer: number }).__pointer)).toBe(0);
    // Every clip the page started played, or was cut by the page itself when the next screen came
    // (the "checking" and printing phases pass in a blink).
    for (const c of all) expect(c.events.includes('playing') || c.events.includes('pause'), `${c.text}: ${c.events.join(',')}`).toBe(true);
    const spoken = all.filter((c) => c.events.includes('playing')).map((c) => c.text);
    // The sequence of the journey, in order (screens passed in a blink, like "checking", may be cut).
    const journey = [
      'Panduan suara aktif.',
      'Mulai',
      'Volume 90 persen.',
      'Kecepatan 190 kata per menit.',
      'NIK dan PIN. PIN dari pendaftaran anjungan',
      '1 dari 16 angka.',
      `NIK lengkap, berakhiran ${kk.nik.slice(12)}. Sekarang ketik PIN.`,
      'Lengkap. Tekan OK untuk masuk.',
      'Dokumen Anda. Tekan panah bawah untuk mendengar setiap dokumen.',
      'PIN, 0 angka terisi.',
      'Lengkap. Tekan OK untuk lanjut.',
      'Ya, cetak',
      'Silakan ambil dokumen dan struk Anda dari printer di bawah layar.',
      'Selesai',
      'Terima kasih. Data Anda sudah dihapus dari anjungan ini. Jangan lupa e-KTP Anda.',
    ];
    let at = 0;
    for (const want of journey) {
      const i = spoken.indexOf(want, at);
      expect(i, `"${want}" after position ${at} in ${JSON.stringify(spoken)}`).toBeGreaterThanOrEqual(at);
      at = i + 1;
    }
    // The steps of the journey were heard to their end.
    for (const want of journey.filter((w) => !w.startsWith('Terima kasih'))) expect(all.some((c) => c.text === want && c.events.includes('ended')), want).toBe(true);
    // Never a name or more than four digits of the NIK.
    const said = spoken.join(' | ');
    expect(said).not.toMatch(/BUDI|SANTOSO/i);
    expect(said).not.toContain(kk.nik.slice(0, 8));
    expect(said).not.toMatch(/\d{5,}/);
    expect((await health()).speech.sessionsWithGuidance).toBeGreaterThanOrEqual(1);
  }, 300_000);

  it('unplugging the headphones stops speech at once; the session goes on by keypad, silently', async () => {
    await onScreen(page, 'attract');
    const n = (await clips()).length;
    await kiosk.dev({ action: 'keypad.press', key: 'ok' });
    await onScreen(page, 'choose-method');
    // Wait for the screen's words to start, then pull the plug.
    const end = Date.now() + 10_000;
    while (!(await clips()).slice(n).some((c) => c.events.includes('playing'))) {
      if (Date.now() > end) throw new Error('no clip started');
      await new Promise((r) => setTimeout(r, 20));
    }
    await kiosk.dev({ action: 'headphones.plug', plugged: false });
    await page.waitForFunction((from) => {
      const c = (window as unknown as { __clips: ClipRecord[] }).__clips.slice(from);
      return c.length > 0 && c.every((x) => x.events.includes('pause') || x.events.includes('ended'));
    }, n);
    const stopped = (await clips()).length;
    const cut = (await clips()).slice(n).filter((c) => c.events.includes('pause') && !c.events.includes('ended'));
    expect(cut.length).toBeGreaterThanOrEqual(1);
    await kiosk.dev({ action: 'keypad.press', key: 'down' });
    await kiosk.dev({ action: 'keypad.press', key: 'ok' });
    await onScreen(page, 'nik-pin');
    await kiosk.dev({ action: 'keypad.digit', digit: 3 });
    await page.getByTestId('field-nik').filter({ hasText: '3' }).waitFor();
    await new Promise((r) => setTimeout(r, 1500));
    expect((await clips()).length).toBe(stopped);
    await kiosk.dev({ action: 'keypad.press', key: 'back' });
    await onScreen(page, 'choose-method');
  }, 60_000);

  it('a keypad pulled out mid-session leaves the touchscreen working, and both devices show in /healthz', async () => {
    await kiosk.dev({ action: 'keypad.plug', plugged: false });
    // Gone from the bus: "disconnected" at once, "not-connected" from the next listing on.
    await expect.poll(async () => (await health()).devices.keypad?.state, { timeout: 10_000 }).toBe('noDevice');
    expect([['disconnected'], ['not-connected']]).toContainEqual((await health()).devices.keypad?.reasons);
    expect((await health()).devices.headphoneJack?.state).toBe('online');
    await page.getByTestId('method-nik').click();
    await onScreen(page, 'nik-pin');
    await page.getByTestId('key-4').click();
    await page.getByTestId('field-nik').filter({ hasText: '4' }).waitFor();
    await page.getByTestId('cancel').click();
    await onScreen(page, 'attract');
    await kiosk.dev({ action: 'keypad.plug', plugged: true });
    await expect.poll(async () => (await health()).devices.keypad?.state, { timeout: 10_000 }).toBe('online');
    await kiosk.dev({ action: 'keypad.press', key: 'ok' });
    await onScreen(page, 'choose-method');
  }, 60_000);
});

describe('no time limit a slow citizen cannot extend', () => {
  it('"are you still there?" is spoken and any one key extends the session', async () => {
    if ((await page.locator('.frame[data-screen="choose-method"]').count()) === 0) {
      await page.goto(kiosk.uiUrl);
      await onScreen(page, 'attract');
      await kiosk.dev({ action: 'keypad.press', key: 'ok' });
    }
    await onScreen(page, 'choose-method');
    let n = (await clips()).length;
    // No headphones: the help key starts guidance (through the speaker) and says the keys and the screen.
    await kiosk.dev({ action: 'keypad.press', key: 'help' });
    n = await heard(/^Tombol panah untuk berpindah pilihan, OK untuk memilih/, n);
    n = await heard('Pilih cara masuk. Tekan panah bawah untuk berpindah pilihan.', n);
    await kiosk.dev({ action: 'clock.skip', ms: 45_000 });
    await page.getByTestId('warning').waitFor();
    n = await heard('Apakah Anda masih di sana? Tekan tombol apa saja untuk melanjutkan.', n);
    await kiosk.dev({ action: 'keypad.press', key: 'down' });
    await page.getByTestId('warning').waitFor({ state: 'detached' });
    await heard('Sesi dilanjutkan.', n);
    // The count started again: the next warning needs the full wait, and the session is still here.
    await kiosk.dev({ action: 'clock.skip', ms: 30_000 });
    await new Promise((r) => setTimeout(r, 500));
    expect(await page.getByTestId('warning').count()).toBe(0);
    await onScreen(page, 'choose-method');
    // Guidance the help key started ends with the session: down to "Batal", OK.
    // Each key travels HID -> driver -> socket -> page: wait for the focus to move before the next one, or keys pile up and overshoot.
    for (let i = 0; i < 8 && (await focusedTestId()) !== 'cancel'; i++) {
      const before = await focusedTestId();
      await kiosk.dev({ action: 'keypad.press', key: 'down' });
      await expect.poll(focusedTestId, { timeout: 10_000 }).not.toBe(before);
    }
    expect(await focusedTestId()).toBe('cancel');
    await kiosk.dev({ action: 'keypad.press', key: 'ok' });
    await onScreen(page, 'attract');
    await expect.poll(async () => (await health()).speech).toMatchObject({ guidance: false });
  }, 60_000);
});

describe('without espeak-ng', () => {
  it('the kiosk says why in /healthz and the keypad still drives the UI, silently', async () => {
    const quiet = await startKiosk({ ...FAST_DEVICES, speech: { command: '/nonexistent/espeak-ng' } });
    const p = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    try {
      await p.addInitScript(instrument);
      await p.goto(quiet.uiUrl);
      await p.locator('.frame[data-screen="attract"]').waitFor();
      await quiet.dev({ action: 'headphones.plug', plugged: true });
      await p.locator('html[data-speech="refused-503"]').waitFor({ state: 'attached' });
      await quiet.dev({ action: 'keypad.press', key: 'ok' });
      await p.locator('.frame[data-screen="choose-method"]').waitFor();
      await quiet.dev({ action: 'keypad.press', key: 'down' });
      await quiet.dev({ action: 'keypad.press', key: 'ok' });
      await p.locator('.frame[data-screen="nik-pin"]').waitFor();
      expect(await p.evaluate(() => (window as unknown as { __clips: unknown[] }).__clips.length)).toBe(0);
      const h = (await (await fetch(`${quiet.base}/healthz`)).json()) as { speech: { engine: string } };
      expect(h.speech.engine).toBe('engineMissing');
      expect(quiet.output()).toContain('"event":"speech.unavailable"');
    } finally {
      await p.close();
      await quiet.stop();
    }
  }, 90_000);
});
