import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { KioskLogger } from '../log/logger.ts';
import { sendJson, type Routes } from '../server/routes.ts';
import { checkOrigin } from '../server/ws/lockdown.ts';
import { describeSpeechError } from './errors.ts';
import type { SpeechService } from './speech-service.ts';

export const SPEECH_PATH = '/speech';
/** The header that carries the touch UI's per-boot key (the page learned it over the socket). */
export const SPEECH_KEY_HEADER = 'x-adm-key';
const MAX_BODY = 2048;

const bodySchema = z.strictObject({
  lang: z.enum(['id', 'en']),
  rate: z.number().int(),
  text: z.string().min(1).max(1000),
});

export interface SpeechRouteOptions {
  speech: SpeechService;
  /** True when `given` is the touch UI's secret for this boot (the launch token never is: it is spent on connect). */
  authorized(given: string | null): boolean;
  hosts(): ReadonlySet<string>;
  log: KioskLogger;
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    let size = 0;
    const parts: Buffer[] = [];
    // Past the bound the rest is read and dropped, so the refusal still reaches the caller.
    req.on('data', (d: Buffer) => {
      size += d.length;
      if (size <= MAX_BODY) parts.push(d);
    });
    req.on('end', () => resolve(size > MAX_BODY ? null : Buffer.concat(parts).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}

/**
 * POST /speech: one WAV clip for the touch UI. Same lockdown as the UI socket: the kiosk's own Host
 * and Origin, and the per-boot key in a header (so it is in no URL, history or log). The text is
 * checked on this side for personal data whatever the page sent.
 */
export function addSpeechRoute(routes: Routes, o: SpeechRouteOptions): void {
  routes.post.set(SPEECH_PATH, async (req: IncomingMessage, res: ServerResponse) => {
    const refuse = (status: number, reason: string) => {
      o.log.event('speech.request_refused', { reason });
      sendJson(res, status, { error: reason });
    };
    const origin = checkOrigin(req, o.hosts());
    if (!origin.ok) return refuse(origin.reason === 'bad_host' ? 421 : 403, origin.reason);
    const key = req.headers[SPEECH_KEY_HEADER];
    if (!o.authorized(typeof key === 'string' ? key : null)) return refuse(401, 'no_key');
    const text = await readBody(req);
    if (text === null) return refuse(413, 'too_large');
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return refuse(400, 'malformed_json');
    }
    const parsed = bodySchema.safeParse(raw);
    if (!parsed.success) return refuse(400, 'invalid_body');
    // The page moved on (the next focus): whatever is not made yet is not made.
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableEnded) gone.abort();
    });
    const clip = await o.speech.clip(parsed.data, gone.signal);
    if (!clip.ok) {
      const e = clip.error;
      if (e.code === 'canceled') return void res.destroy();
      if (e.code === 'personalData') {
        o.log.event('speech.refused', { detail: e.detail, length: parsed.data.text.length });
        return sendJson(res, 422, { error: e.code, detail: e.detail });
      }
      if (e.code === 'badText') return sendJson(res, 400, { error: e.code, detail: e.detail });
      o.log.event('speech.unavailable', { code: e.code, detail: describeSpeechError(e) });
      return sendJson(res, 503, { error: e.code, detail: describeSpeechError(e) });
    }
    res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': clip.value.wav.length, 'cache-control': 'no-store', 'x-adm-cached': clip.value.cached ? '1' : '0' });
    res.end(clip.value.wav);
  });
}
