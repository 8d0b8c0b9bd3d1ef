import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { DEVICE_IDS } from '../../../core/device-status.ts';
import { ENTRY_SOURCES, type TechnicianRef } from '../../../flows/maintenance/ports.ts';
import type { KioskLogger } from '../../log/logger.ts';
import type { Routes } from '../../server/routes.ts';
import { ALL_CONSUMABLES } from '../../store/consumables.ts';
import type { Maintenance } from '../maintenance.ts';
import { MAX_MESSAGE } from '../service-notice.ts';
import { checkPost, checkRequest, MAINTENANCE_CSP, PERMISSIONS_POLICY, readJson, type Refusal } from './lockdown.ts';
import { TokenBucket } from '../../server/token-bucket.ts';
import { loadStaticFiles } from '../../server/static-files.ts';
import { projectPath } from '../../../core/project-root.ts';

export const MAINTENANCE_ASSETS_DIR = projectPath('assets', 'maintenance');
export const MOUNT = '/maintenance/';
export const API = '/maintenance/api/';
/** Every request body is small: a PIN, a level, a message of 200 characters. */
export const MAX_BODY = 8 * 1024;

export interface MaintenanceRoutesOptions {
  maintenance: Maintenance;
  log: KioskLogger;
  /** Loopback Host values, known once the server listens. */
  hosts(): ReadonlySet<string>;
  assetsDir?: string;
  /** For the rate limits; tests pass a fake. */
  now?: () => number;
}

const STATUS: Record<string, number> = {
  not_loopback: 403,
  bad_host: 421,
  bad_origin: 403,
  no_origin: 403,
  bad_content_type: 415,
  too_large: 413,
  bad_json: 400,
  invalid_request: 400,
  aborted: 400,
  rate_limited: 429,
  unauthorized: 401,
  not_signing_in: 409,
  busy: 409,
  closed: 409,
  wrong_state: 409,
  printer_not_clear: 409,
  not_found: 404,
  no_such_device: 404,
  unsupported: 404,
  pin_locked: 423,
  no_drive: 404,
};

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function fail(res: ServerResponse, error: { code: string; message: string }, status?: number): void {
  const { code, message, ...rest } = error as { code: string; message: string } & Record<string, unknown>;
  send(res, status ?? STATUS[code] ?? 422, { error: code, message, ...rest });
}

const bearer = (req: IncomingMessage): string | null => {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : null;
};

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/, 'a date YYYY-MM-DD or an ISO time');
const schemas = {
  enter: z.strictObject({ source: z.enum(ENTRY_SOURCES).default('page') }),
  pin: z.strictObject({ pin: z.string().max(32) }),
  empty: z.strictObject({}),
  device: z.strictObject({ device: z.enum(DEVICE_IDS) }),
  consumable: z.strictObject({
    name: z.enum(ALL_CONSUMABLES),
    level: z.number().int().min(0).max(1_000_000),
    capacity: z.number().int().min(1).max(1_000_000).optional(),
    lowThreshold: z.number().int().min(0).max(1_000_000).optional(),
  }),
  resolve: z.strictObject({ ledgerId: z.string().min(1).max(64), decision: z.enum(['printed', 'not_printed']), note: z.string().max(200).default('') }),
  review: z.strictObject({ ledgerId: z.string().min(1).max(64), note: z.string().min(1).max(200) }),
  service: z.strictObject({ outOfService: z.boolean(), messageId: z.string().max(MAX_MESSAGE).optional(), messageEn: z.string().max(MAX_MESSAGE).optional() }),
  export: z.discriminatedUnion('target', [z.strictObject({ target: z.literal('file') }), z.strictObject({ target: z.literal('usb'), mountPoint: z.string().min(1).max(4096) })]),
  journal: z.strictObject({ kind: z.string().max(64).optional(), from: isoDate.optional(), to: isoDate.optional(), limit: z.coerce.number().int().min(1).max(500).optional() }),
  audit: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
};

/**
 * The maintenance app: its page under /maintenance/ and its JSON API under /maintenance/api/
 * (docs/maintenance.md). Sign-in endpoints need no session; every other API call needs the bearer
 * token the sign-in returned, and each counts as the technician's activity.
 */
export function addMaintenanceRoutes(routes: Routes, o: MaintenanceRoutesOptions): void {
  const m = o.maintenance;
  const now = o.now ?? (() => performance.now());
  const buckets = { signIn: new TokenBucket(2, 10, now), enter: new TokenBucket(5, 20, now), api: new TokenBucket(20, 60, now) };
  const refuse = (req: IncomingMessage, res: ServerResponse, reason: Refusal | 'rate_limited' | 'unauthorized' | 'too_large' | 'bad_json' | 'aborted', path: string) => {
    o.log.event('maintenance.request_refused', { path, reason, method: req.method });
    fail(res, { code: reason, message: reason.replace(/_/g, ' ') });
  };

  type Handler<S extends z.ZodType> = (input: z.output<S>, ctx: { req: IncomingMessage; res: ServerResponse; technician: TechnicianRef | null; signal: AbortSignal }) => Promise<void> | void;

  const post = <S extends z.ZodType>(name: string, schema: S, auth: boolean, bucket: TokenBucket, handler: Handler<S>) => {
    const path = API + name;
    routes.post.set(path, async (req, res) => {
      const refused = checkPost(req, o.hosts());
      if (refused) return refuse(req, res, refused, path);
      if (!bucket.take()) return refuse(req, res, 'rate_limited', path);
      const body = await readJson(req, MAX_BODY);
      if (!body.ok && body.error.code === 'too_large') {
        // Answer and hang up: draining a body for as long as the sender likes would be a free flood.
        res.setHeader('connection', 'close');
        res.once('finish', () => req.socket.destroy());
      }
      if (!body.ok) return refuse(req, res, body.error.code, path);
      const technician = auth ? m.authenticate(bearer(req)) : null;
      if (auth && technician === null) return refuse(req, res, 'unauthorized', path);
      const parsed = schema.safeParse(body.value);
      if (!parsed.success) return fail(res, { code: 'invalid_request', message: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
      const controller = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) controller.abort(new Error('the page went away'));
      });
      await handler(parsed.data, { req, res, technician, signal: controller.signal });
    });
  };

  const get = <S extends z.ZodType>(name: string, schema: S, auth: boolean, handler: Handler<S>) => {
    const path = API + name;
    routes.get.set(path, async (req, res, url) => {
      const refused = checkRequest(req, o.hosts());
      if (refused) return refuse(req, res, refused, path);
      if (!buckets.api.take()) return refuse(req, res, 'rate_limited', path);
      const technician = auth ? m.authenticate(bearer(req)) : null;
      if (auth && technician === null) return refuse(req, res, 'unauthorized', path);
      const parsed = schema.safeParse(Object.fromEntries(url.searchParams));
      if (!parsed.success) return fail(res, { code: 'invalid_request', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
      await handler(parsed.data, { req, res, technician, signal: AbortSignal.timeout(30_000) });
    });
  };

  const tech = (t: TechnicianRef | null): TechnicianRef => {
    if (t === null) throw new Error('bug: authenticated handler without a technician');
    return t;
  };

  // ── no session needed ──
  get('state', schemas.empty, false, (_i, { res }) => send(res, 200, m.publicState()));
  get('notice', schemas.empty, false, (_i, { res }) => send(res, 200, m.citizenNotice()));
  post('enter', schemas.enter, false, buckets.enter, (i, { res }) => send(res, 200, { mode: m.requestEntry(i.source) }));
  post('cancel', schemas.empty, false, buckets.enter, (_i, { res }) => {
    const canceled = m.cancelEntry();
    send(res, canceled ? 200 : 409, canceled ? { mode: m.mode.state } : { error: 'not_signing_in', message: 'nothing to cancel' });
  });
  post('sign-in/pin', schemas.pin, false, buckets.signIn, async (i, { res }) => {
    const r = await m.signInWithPin(i.pin);
    if (r.ok) send(res, 200, r.value);
    else fail(res, r.error);
  });
  post('sign-in/ektp', schemas.empty, false, buckets.signIn, async (_i, { res, signal }) => {
    const r = await m.signInWithCard(signal);
    if (r.ok) send(res, 200, r.value);
    else fail(res, r.error);
  });

  // ── a signed-in technician ──
  get('overview', schemas.empty, true, (_i, { res }) => send(res, 200, m.overview()));
  get('identity', schemas.empty, true, (_i, { res }) => send(res, 200, m.identity()));
  get('prints/unknown', schemas.empty, true, (_i, { res }) => send(res, 200, { rows: m.unknownPrints() }));
  get('journal/kinds', schemas.empty, true, (_i, { res }) => send(res, 200, { kinds: m.journalKinds() }));
  get('journal', schemas.journal, true, (i, { res }) => send(res, 200, { entries: m.journal(i) }));
  get('audit', schemas.audit, true, (i, { res }) => send(res, 200, m.auditList(i.limit)));
  get('usb', schemas.empty, true, (_i, { res }) => {
    const r = m.usbDrives();
    if (r.ok) send(res, 200, { drives: r.value });
    else fail(res, r.error, 500);
  });
  post('self-test', schemas.device, true, buckets.api, async (i, { res, technician, signal }) => {
    const r = await m.selfTest(tech(technician), i.device, signal);
    if (r.ok) send(res, 200, r.value);
    else fail(res, r.error);
  });
  post('test-print', schemas.device, true, buckets.api, async (i, { res, technician, signal }) => {
    const r = await m.testPrint(tech(technician), i.device, signal);
    if (r.ok) send(res, 200, r.value);
    else fail(res, r.error);
  });
  post('consumables', schemas.consumable, true, buckets.api, (i, { res, technician }) => {
    const { name, ...change } = i;
    const r = m.setConsumable(tech(technician), name, change);
    if (r.ok) send(res, 200, { consumable: r.value, alerts: m.alerts() });
    else fail(res, r.error);
  });
  post('prints/resolve', schemas.resolve, true, buckets.api, async (i, { res, technician }) => {
    const r = await m.resolvePrint(tech(technician), i.ledgerId, i.decision, i.note);
    if (r.ok) send(res, 200, r.value);
    else fail(res, r.error);
  });
  post('prints/review', schemas.review, true, buckets.api, (i, { res, technician }) => {
    const r = m.closeReview(tech(technician), i.ledgerId, i.note);
    if (r.ok) send(res, 200, { row: r.value });
    else fail(res, r.error);
  });
  post('service', schemas.service, true, buckets.api, (i, { res, technician }) => {
    const clean = (t: string) => o.log.redactor.text(t);
    const r = m.setService(tech(technician), i.outOfService, { ...(i.messageId !== undefined ? { id: clean(i.messageId) } : {}), ...(i.messageEn !== undefined ? { en: clean(i.messageEn) } : {}) });
    if (r.ok) send(res, 200, { notice: r.value, service: m.overview().service });
    else fail(res, r.error);
  });
  post('export', schemas.export, true, buckets.api, async (i, { res, technician, signal }) => {
    const r = await m.export(tech(technician), i.target === 'usb' ? { kind: 'usb', mountPoint: i.mountPoint } : { kind: 'file' }, signal);
    if (r.ok) send(res, 200, r.value);
    else fail(res, r.error);
  });
  post('leave', schemas.empty, true, buckets.api, (_i, { res, technician }) => {
    m.leave(tech(technician));
    send(res, 200, { mode: m.mode.state });
  });

  // Unknown API paths answer JSON 404 from the server itself; the page and its files:
  const files = loadStaticFiles(o.assetsDir ?? MAINTENANCE_ASSETS_DIR);
  const page = (name: string) => (req: IncomingMessage, res: ServerResponse) => {
    const refused = checkRequest(req, o.hosts());
    if (refused) return refuse(req, res, refused, MOUNT + name);
    const file = files.get(name);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end('not found');
      return;
    }
    const headers = {
      'content-type': file.type,
      'content-length': file.body.length,
      'cache-control': 'no-store',
      etag: file.etag,
      'content-security-policy': MAINTENANCE_CSP,
      'permissions-policy': PERMISSIONS_POLICY,
    };
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };
  routes.get.set('/maintenance', (_req, res) => {
    res.writeHead(308, { location: MOUNT, 'cache-control': 'no-store' });
    res.end();
  });
  routes.get.set(MOUNT, page('index.html'));
  routes.prefixes.set(MOUNT, (req, res, url) => {
    if (url.pathname.startsWith(API)) {
      send(res, 404, { error: 'not_found', message: 'no such maintenance API' });
      return;
    }
    let name = '';
    try {
      name = decodeURIComponent(url.pathname.slice(MOUNT.length));
    } catch {
      // A malformed escape is simply not one of the page's files.
    }
    page(name)(req, res);
  });
}
