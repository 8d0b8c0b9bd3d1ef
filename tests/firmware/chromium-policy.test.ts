import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { projectPath } from '../../core/project-root.ts';
import { tempDir } from '../support/temp-dir.ts';

const POLICY = JSON.parse(readFileSync(projectPath('scripts', 'systemd', 'chromium-policy.json'), 'utf8')) as Record<string, unknown>;

/** A headless Chromium that reads `policy` as its managed policy, driven over raw CDP. */
interface PolicedBrowser {
  /** `Target.attachToTarget` on the page: the session id, or the refusal. */
  attachPage(): Promise<{ sessionId?: string; error?: string }>;
  /** Navigates the attached page; resolves with Chromium's error text, or null when it loaded. */
  navigate(sessionId: string, url: string): Promise<string | null>;
}

const cleanups: Array<() => void | Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

// Chromium reads managed policy only from /etc/chromium/policies; each launch gets its own mount
// namespace with a temp directory over /etc/chromium, so the machine's Chromium (and the other
// browser tests running meanwhile) never see it.
async function launch(policy: Record<string, unknown>): Promise<PolicedBrowser> {
  const dir = tempDir('chromium-policy');
  // Retries: a helper process may still be closing files in the profile for a moment.
  cleanups.push(() => rmSync(dir.path, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 }));
  mkdirSync(join(dir.path, 'etc', 'policies', 'managed'), { recursive: true });
  writeFileSync(join(dir.path, 'etc', 'policies', 'managed', 'adm-kiosk.json'), JSON.stringify(policy));
  const script = `mount --bind "$0/etc" /etc/chromium && exec /usr/bin/chromium --headless=new --no-sandbox --disable-gpu --remote-debugging-port=0 --user-data-dir="$0/profile" about:blank`;
  const child: ChildProcess = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script, dir.path], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const exited = new Promise((r) => child.once('exit', r));
  // Chromium and its helpers (its own process group) must be gone before the profile is removed.
  cleanups.push(() => {
    try {
      process.kill(-(child.pid as number), 'SIGKILL');
    } catch {
      // Already gone.
    }
    return exited;
  });
  const wsUrl = await new Promise<string>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`chromium did not start: ${err.slice(-500)}`)), 30_000);
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /DevTools listening on (ws:\S+)/.exec(err);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`chromium exited ${String(code)}: ${err.slice(-500)}`)));
  });
  const ws = new WebSocket(wsUrl);
  await new Promise((r, j) => ws.once('open', r).once('error', j));
  cleanups.push(() => ws.close());
  let next = 0;
  type Answer = { id?: number; result?: Record<string, unknown>; error?: { message: string } };
  const waiting = new Map<number, (m: Answer) => void>();
  ws.on('message', (raw) => {
    const m = JSON.parse(String(raw)) as Answer;
    if (m.id !== undefined) waiting.get(m.id)?.(m);
  });
  const call = (method: string, params: object = {}, sessionId?: string) =>
    new Promise<Answer>((resolve) => {
      const id = ++next;
      waiting.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  return {
    async attachPage() {
      const targets = (await call('Target.getTargets')).result?.targetInfos as Array<{ targetId: string; type: string }>;
      const page = targets.find((t) => t.type === 'page');
      const r = await call('Target.attachToTarget', { targetId: page?.targetId, flatten: true });
      return r.error ? { error: r.error.message } : { sessionId: r.result?.sessionId as string };
    },
    async navigate(sessionId, url) {
      const r = await call('Page.navigate', { url }, sessionId);
      return (r.result?.errorText as string | undefined) || (r.error?.message ?? null);
    },
  };
}

// Mount namespaces need root, as on the kiosk where install.sh puts the policy in place; CI runs as root.
describe.skipIf(process.getuid?.() !== 0)('the kiosk browser\'s managed Chromium policy (scripts/systemd/chromium-policy.json)', () => {
  let server: Server;
  let kiosk: string;
  beforeAll(async () => {
    server = createServer((_req, res) => res.end('<!doctype html><title>kiosk</title>'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    kiosk = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  });
  afterAll(() => server.close());

  it('turns DevTools off: nothing can attach to the page, not even over the debugging port', { timeout: 60_000 }, async () => {
    const b = await launch(POLICY);
    expect(await b.attachPage()).toEqual({ error: 'Not allowed' });
  });

  it('allows only the kiosk on loopback: files, other hosts and https are blocked', { timeout: 60_000 }, async () => {
    // DevTools left on here only so the test can drive the page; the URL lists are the shipped ones.
    const { DeveloperToolsAvailability: _off, ...urlsOnly } = POLICY;
    const b = await launch(urlsOnly);
    const { sessionId } = await b.attachPage();
    expect(sessionId).toBeTypeOf('string');
    expect(await b.navigate(sessionId as string, kiosk)).toBeNull();
    for (const url of ['file:///etc/hostname', 'http://example.invalid/', 'https://127.0.0.1/']) {
      expect(await b.navigate(sessionId as string, url), url).toBe('net::ERR_BLOCKED_BY_ADMINISTRATOR');
    }
  });

  it('without it the same browser would attach and open files (the test can tell)', { timeout: 60_000 }, async () => {
    const b = await launch({});
    const { sessionId } = await b.attachPage();
    expect(sessionId).toBeTypeOf('string');
    expect(await b.navigate(sessionId as string, 'file:///etc/hostname')).toBeNull();
  });
});
