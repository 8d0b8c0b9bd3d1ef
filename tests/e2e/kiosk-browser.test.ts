import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { onScreen } from './support/browser.ts';
import { startKiosk, type KioskProcess } from './support/kiosk-process.ts';

const SCRIPT = fileURLToPath(new URL('../../scripts/kiosk-browser.sh', import.meta.url));

async function connectWithRetry(ws: string): Promise<Browser> {
  let last: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await chromium.connectOverCDP(ws, { timeout: 10_000 });
    } catch (e) {
      last = e;
    }
  }
  throw last;
}

describe('scripts/kiosk-browser.sh', () => {
  it('opens only the kiosk on loopback', () => {
    const run = (args: string[]) => spawnSync('sh', [SCRIPT, ...args], { encoding: 'utf8', env: { ...process.env, ADM_BROWSER_DRY_RUN: '1' } });
    expect(run([]).status).toBe(2);
    for (const bad of ['http://example.com/#k=x', 'https://127.0.0.1:8080/', 'file:///etc/passwd', 'http://127.0.0.1.evil.example:80/', 'javascript:alert(1)']) {
      const r = run([bad]);
      expect(r.status, bad).toBe(1);
      expect(r.stderr).toContain('refusing');
    }
    const ok = run(['http://127.0.0.1:8080/#k=abc']);
    expect(ok.status).toBe(0);
    const argv = ok.stdout.trim().split('\n');
    expect(argv[0]).toBe('/usr/bin/chromium');
    expect(argv.at(-1)).toBe('http://127.0.0.1:8080/#k=abc');
    for (const flag of ['--kiosk', '--incognito', '--noerrdialogs', '--disable-pinch', '--overscroll-history-navigation=0', '--disable-translate', '--block-new-web-contents', '--deny-permission-prompts']) {
      expect(argv, flag).toContain(flag);
    }
    expect(argv.find((a) => a.startsWith('--disable-features='))).toMatch(/Translate.*OverscrollHistoryNavigation/);
    expect(argv.find((a) => a.startsWith('--host-resolver-rules='))).toBe('--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost');
  });

  it('passes sh -n and has no bashisms a plain sh would trip on', () => {
    expect(() => execFileSync('sh', ['-n', SCRIPT])).not.toThrow();
  });

  describe('launching the real browser with these flags', () => {
    let kiosk: KioskProcess;
    const runDir = mkdtempSync(join(tmpdir(), 'adm-run-'));
    const launchFile = join(runDir, 'launch-url');
    beforeAll(async () => {
      kiosk = await startKiosk(undefined, { ADM_LAUNCH_URL_FILE: launchFile });
    });
    afterAll(async () => {
      await kiosk?.stop();
      rmSync(runDir, { recursive: true, force: true });
    });

    /** Every command line of the process group, as any local user could read them in /proc. */
    const commandLines = (pgid: number): string => {
      const out: string[] = [];
      for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
          if (Number(stat[2]) === pgid) out.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
        } catch {
          // gone meanwhile
        }
      }
      return out.join('\n');
    };
    const socketStatus = (query: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`${kiosk.base.replace('http', 'ws')}/ws/ui?${query}`, { headers: { origin: kiosk.base } });
        ws.once('open', () => (ws.terminate(), resolve(101)));
        ws.once('unexpected-response', (_q, res) => (ws.terminate(), resolve(res.statusCode ?? 0)));
        ws.once('error', () => resolve(-1));
      });

    it('shows the attract screen, connected with a single-use launch token that is spent once the browser is in', { timeout: 90_000 }, async () => {
      const launched = readFileSync(launchFile, 'utf8').trim();
      expect(launched).toMatch(/#t=[\w-]+$/);
      const secret = new URL(kiosk.uiUrl).hash.replace('#k=', '');
      expect(launched).not.toContain(secret);
      const child = spawn('sh', [SCRIPT, launched], {
        env: { ...process.env, ADM_BROWSER_EXTRA_FLAGS: '--headless=new --no-sandbox --disable-gpu --remote-debugging-port=0 --window-size=1080,1920' },
        stdio: ['ignore', 'ignore', 'pipe'],
        detached: true,
      });
      try {
        let err = '';
        const ws = await new Promise<string>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no DevTools endpoint: ${err.slice(-1000)}`)), 20_000);
          child.stderr?.on('data', (d: Buffer) => {
            err += d.toString();
            const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
            if (m?.[1]) {
              clearTimeout(timer);
              resolve(m[1]);
            }
          });
        });
        // Attaching over CDP to a browser still opening its incognito window now and then stalls
        // inside Playwright; a fresh attach goes through. The assertions below are unchanged.
        const browser = await connectWithRetry(ws);
        try {
          const page = browser.contexts()[0]?.pages()[0];
          if (!page) throw new Error('no page');
          await onScreen(page, 'attract');
          // The browser swapped the token for the secret; a reload reconnects with it.
          expect(await page.evaluate(() => location.hash)).toBe(`#k=${secret}`);
          expect((await kiosk.devState()).screen).toBe('attract');
          expect(kiosk.output()).toContain('"event":"ws.connected"');
          // What a local attacker sees in /proc: the token, never the secret, and the token is spent.
          const cmdlines = commandLines(child.pid as number);
          expect(cmdlines).toContain(launched);
          expect(cmdlines).not.toContain(secret);
          expect(await socketStatus(`t=${new URL(launched).hash.slice(3)}`)).toBe(401);
          // The file now holds a fresh token for the browser session's next start.
          expect(readFileSync(launchFile, 'utf8').trim()).not.toBe(launched);
          await page.reload();
          await onScreen(page, 'attract');
        } finally {
          await browser.close().catch(() => undefined);
        }
      } finally {
        // The launcher and its browser form one process group.
        try {
          process.kill(-(child.pid as number), 'SIGTERM');
        } catch {
          // already gone
        }
      }
    });
  });
});
