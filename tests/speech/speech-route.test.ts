import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../../kiosk/server/http-server.ts';
import { speechConfigSchema } from '../../kiosk/speech/config.ts';
import { addSpeechRoute, SPEECH_KEY_HEADER } from '../../kiosk/speech/speech-route.ts';
import { SpeechService } from '../../kiosk/speech/speech-service.ts';
import { memoryLogger, type LogLine } from '../maintenance/support/rig.ts';

const KEY = 'k'.repeat(43);
let http: HttpServer;
let lines: LogLine[];
let dir: string;
let citizen: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'adm-speech-'));
  const logged = await memoryLogger();
  lines = logged.lines;
  http = createHttpServer({ host: '127.0.0.1', port: 0, log: logged.log });
  const speech = new SpeechService(speechConfigSchema.parse({}), dir, () => ({ names: citizen }));
  addSpeechRoute(http.routes, { speech, authorized: (k) => k === KEY, hosts: () => http.hosts(), log: logged.log });
  await http.listen();
});
afterAll(async () => {
  await http?.close();
  rmSync(dir, { recursive: true, force: true });
});

function post(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Buffer; headers: Record<string, unknown> }> {
  const port = Number(new URL(http.url()).port);
  const host = `127.0.0.1:${port}`;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/speech', headers: { host, origin: `http://${host}`, [SPEECH_KEY_HEADER]: KEY, 'content-type': 'application/json', ...headers } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts), headers: res.headers }));
    });
    req.on('error', reject);
    req.end(typeof body === 'string' ? body : JSON.stringify(body));
  });
}

describe('POST /speech with the real espeak-ng', () => {
  it('synthesises a WAV clip in Bahasa Indonesia, then serves it from the disk cache', async () => {
    const first = await post({ lang: 'id', rate: 150, text: 'Selamat datang. Tekan OK untuk mulai.' });
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('audio/wav');
    expect(first.body.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(first.headers['x-adm-cached']).toBe('0');
    const again = await post({ lang: 'id', rate: 150, text: 'Selamat datang. Tekan OK untuk mulai.' });
    expect(again.headers['x-adm-cached']).toBe('1');
    expect(again.body.equals(first.body)).toBe(true);
    // Keyed by voice, speed and text: another speed is another clip; file names say nothing of the text.
    const faster = await post({ lang: 'id', rate: 190, text: 'Selamat datang. Tekan OK untuk mulai.' });
    expect(faster.headers['x-adm-cached']).toBe('0');
    const files = readdirSync(join(dir, 'speech-cache'));
    expect(files).toHaveLength(2);
    for (const f of files) expect(f).toMatch(/^[0-9a-f]{64}\.wav$/);
  });

  it('refuses, as an adversary would try it, to speak a NIK or the citizen\'s name, and logs no text', async () => {
    citizen = ['Siti Nurhaliza'];
    for (const text of ['NIK 3506141203849001', 'N I K 3 5 0 6 1 4 1 2', 'tiga lima nol enam satu', 'Halo Siti', 'S-I-T-I']) {
      const r = await post({ lang: 'id', rate: 150, text });
      expect(r.status, text).toBe(422);
      expect(JSON.parse(r.body.toString())).toMatchObject({ error: 'personalData' });
    }
    citizen = [];
    const log = JSON.stringify(lines);
    expect(log).not.toContain('3506141203849001');
    expect(log).not.toContain('Siti');
    expect(lines.some((l) => l.event === 'speech.refused')).toBe(true);
  });

  it('keeps the lockdown: wrong key, foreign Origin, rebinding Host, unknown rate, malformed body', async () => {
    const ok = { lang: 'id', rate: 150, text: 'Tes.' };
    expect((await post(ok, { [SPEECH_KEY_HEADER]: 'wrong' })).status).toBe(401);
    expect((await post(ok, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await post(ok, { host: 'evil.example' })).status).toBe(421);
    expect((await post({ ...ok, rate: 999 })).status).toBe(400);
    expect((await post('{nope')).status).toBe(400);
    expect((await post({ ...ok, extra: 1 })).status).toBe(400);
    expect((await post({ ...ok, text: 'x'.repeat(3000) })).status).toBe(413);
  });
});

describe('speech without espeak-ng', () => {
  it('is a typed engineMissing error, not a crash', async () => {
    const d = mkdtempSync(join(tmpdir(), 'adm-speech-'));
    const speech = new SpeechService(speechConfigSchema.parse({ command: '/nonexistent/espeak-ng' }), d, () => ({ names: [] }));
    expect(await speech.clip({ lang: 'id', rate: 150, text: 'Tes.' })).toMatchObject({ ok: false, error: { code: 'engineMissing' } });
    expect(speech.lastError).toMatchObject({ code: 'engineMissing' });
    expect(await speech.probe()).toMatchObject({ ok: false, error: { code: 'engineMissing' } });
    const noVoice = new SpeechService(speechConfigSchema.parse({ voices: { id: 'qqq' } }), d, () => ({ names: [] }));
    expect(await noVoice.clip({ lang: 'id', rate: 150, text: 'Tes.' })).toMatchObject({ ok: false, error: { code: 'voiceMissing', voice: 'qqq' } });
    rmSync(d, { recursive: true, force: true });
  });
});

describe('many clips at once', () => {
  it('all come back, with at most two syntheses running at a time', async () => {
    const d = mkdtempSync(join(tmpdir(), 'adm-speech-'));
    // A synthesiser that notes when it starts and ends, then is espeak-ng.
    const log = join(d, 'runs.log');
    const engine = join(d, 'engine.sh');
    writeFileSync(engine, `#!/bin/sh\necho start >> '${log}'\nsleep 0.2\necho end >> '${log}'\nexec espeak-ng "$@"\n`, { mode: 0o755 });
    const speech = new SpeechService(speechConfigSchema.parse({ command: engine }), d, () => ({ names: [] }));
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => speech.clip({ lang: 'id', rate: 150, text: `Pilihan ${i + 1}. Kartu Keluarga, siap dicetak.` })));
    expect(results.every((r) => r.ok)).toBe(true);
    let running = 0;
    let peak = 0;
    for (const line of readFileSync(log, 'utf8').split('\n').filter(Boolean)) {
      running += line === 'start' ? 1 : -1;
      peak = Math.max(peak, running);
    }
    expect(peak).toBe(2);
    rmSync(d, { recursive: true, force: true });
  });
});

describe('a clip nobody waits for any more', () => {
  it('is not finished: the synthesiser is stopped when the page goes away, and that is no engine fault', async () => {
    const d = mkdtempSync(join(tmpdir(), 'adm-speech-'));
    const log = join(d, 'runs.log');
    const engine = join(d, 'engine.sh');
    writeFileSync(engine, `#!/bin/sh\necho start >> '${log}'\nsleep 1\necho end >> '${log}'\nexec espeak-ng "$@"\n`, { mode: 0o755 });
    const speech = new SpeechService(speechConfigSchema.parse({ command: engine }), d, () => ({ names: [] }));
    const gone = new AbortController();
    const pending = speech.clip({ lang: 'id', rate: 150, text: 'Kartu Keluarga.' }, gone.signal);
    await new Promise((r) => setTimeout(r, 150));
    gone.abort();
    expect(await pending).toEqual({ ok: false, error: { code: 'canceled' } });
    await new Promise((r) => setTimeout(r, 1200));
    expect(readFileSync(log, 'utf8')).toBe('start\n');
    expect(speech.lastError).toBeNull();
    // Waiting for a turn and forgotten meanwhile: never started.
    const before = new AbortController();
    before.abort();
    expect(await speech.clip({ lang: 'id', rate: 150, text: 'Akta Kelahiran.' }, before.signal)).toMatchObject({ ok: false });
    rmSync(d, { recursive: true, force: true });
  });
});
