import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, round, type Bench } from './bench.ts';
import { createHttpServer } from '../server/http-server.ts';
import { createLogger } from '../log/logger.ts';
import { speechConfigSchema } from '../speech/config.ts';
import { addSpeechRoute, SPEECH_KEY_HEADER } from '../speech/speech-route.ts';
import { SpeechService } from '../speech/speech-service.ts';

const KEY = 'bench-key';

/** What a focus move asks for: a choice's label, as the documents and method screens have them. */
function labels(n: number): string[] {
  const docs = ['Kartu Keluarga', 'Akta Kelahiran', 'KTP-el', 'Kartu Identitas Anak', 'Akta Kematian'];
  return Array.from({ length: n }, (_, i) => `${docs[i % docs.length]}. Siap dicetak. Cetak, pilihan ${i + 1}.`);
}

/** POST /speech as the page sends it when a control gets focus; ms to the first byte of audio. */
function firstByte(port: number, text: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const host = `127.0.0.1:${port}`;
    const t0 = performance.now();
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/speech', headers: { host, origin: `http://${host}`, [SPEECH_KEY_HEADER]: KEY, 'content-type': 'application/json' } }, (res) => {
      let first = -1;
      res.on('data', () => {
        if (first < 0) first = performance.now() - t0;
      });
      res.on('end', () => (res.statusCode === 200 && first >= 0 ? resolve(first) : reject(new Error(`speech answered ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ lang: 'id', rate: 150, text }));
  });
}

/**
 * Voice guidance latency: a keypad focus move to the first byte of its clip at the page, through the
 * real route and the real espeak-ng. Cold: a text never said before (synthesis); cached: the same
 * texts again (the disk cache). The ratio says what the cache saves a citizen on every repeat.
 */
export const speechLatencyBench: Bench = {
  name: 'speech-latency',
  async run(ctx) {
    const dir = mkdtempSync(join(tmpdir(), 'adm-bench-speech-'));
    const log = await createLogger({ level: 'silent', pretty: false });
    const http = createHttpServer({ host: '127.0.0.1', port: 0, log });
    const speech = new SpeechService(speechConfigSchema.parse({}), dir, () => ({ names: [] }));
    addSpeechRoute(http.routes, { speech, authorized: (k) => k === KEY, hosts: () => http.hosts(), log });
    await http.listen();
    try {
      const probe = await speech.probe();
      if (!probe.ok) return { figures: [], notes: [`speech latency not measured: ${probe.error.code} (apt-get install espeak-ng)`] };
      const port = Number(new URL(http.url()).port);
      const texts = labels(Math.max(10, Math.round(40 * ctx.scale)));
      ctx.note(`speech latency: ${texts.length} labels, cold then cached`);
      const cold: number[] = [];
      for (const t of texts) cold.push(await firstByte(port, t));
      const cached: number[] = [];
      for (const t of texts) cached.push(await firstByte(port, t));
      return {
        figures: [
          { key: 'speech_first_byte_cold_ms_p50', value: round(percentile(cold, 50)), unit: 'ms', label: 'focus → first audio byte, new text (espeak-ng synthesis), median' },
          { key: 'speech_first_byte_cold_ms_p95', value: round(percentile(cold, 95)), unit: 'ms', label: 'focus → first audio byte, new text, p95' },
          { key: 'speech_first_byte_cached_ms_p50', value: round(percentile(cached, 50)), unit: 'ms', label: 'focus → first audio byte, text said before (disk cache), median' },
          { key: 'speech_first_byte_cached_ms_p95', value: round(percentile(cached, 95)), unit: 'ms', label: 'focus → first audio byte, text said before, p95' },
          { key: 'speech_cache_speedup', value: round(percentile(cold, 50) / percentile(cached, 50)), unit: 'x', label: 'cold vs cached median' },
        ],
      };
    } finally {
      await http.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
