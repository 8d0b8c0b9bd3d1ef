import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatedCardReader } from '../../devices/card-reader/factory.ts';
import type { SimulatedLink } from '../../devices/common/simulated-link.ts';
import type { FilePrinterSimulator } from '../../devices/document-printer/simulator.ts';
import type { ReceiptPrinterSimulator } from '../../devices/receipt-printer/simulator.ts';
import type { ScannerSimulator } from '../../devices/scanner/simulator.ts';
import type { TouchscreenSimulator } from '../../devices/touchscreen/simulator.ts';
import type { KeypadSimulator } from '../../devices/keypad/simulator.ts';
import type { HeadphoneJackSimulator } from '../../devices/headphone-jack/simulator.ts';
import type { SkippableClock } from '../../flows/clock.ts';
import type { UpsSimulator } from '../../devices/ups/simulator.ts';
import type { KioskLogger } from '../log/logger.ts';
import type { DemoEntry } from '../registry/demo/demo-set.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { Routes } from '../server/routes.ts';
import { sendJson } from '../server/routes.ts';
import { addStaticSite } from '../server/ui-routes.ts';
import { checkOrigin, sameSecret } from '../server/ws/lockdown.ts';
import { devPanelActionSchema, type DevPanelAction } from './actions.ts';
import { projectPath } from '../../core/project-root.ts';

export const DEVPANEL_ASSETS_DIR = projectPath('assets', 'devpanel');
const MAX_BODY = 4096;

/** The far ends the panel drives; any may be absent (that device is real, or not fitted). */
export interface DevPanelTargets {
  cardReader: SimulatedCardReader | null;
  cardReaderLink: SimulatedLink | null;
  receiptPrinter: ReceiptPrinterSimulator | null;
  receiptPrinterLink: SimulatedLink | null;
  scanner: ScannerSimulator | null;
  touchscreen: TouchscreenSimulator | null;
  /** The accessibility keypad and the headphone jack (absent in older wirings). */
  keypad?: KeypadSimulator | null;
  headphoneJack?: HeadphoneJackSimulator | null;
  printers: { a4: FilePrinterSimulator | null; card: FilePrinterSimulator | null };
  clock: SkippableClock;
  service: { set(reason: 'fleet', outOfService: boolean): boolean; readonly snapshot: { reasons: readonly string[] } };
  /** The simulated upsd (mains, battery, faults); absent with a real UPS or none. */
  ups?: UpsSimulator | null;
  /** The embedded registry's demo set (who to tap, which PIN, which QR); empty with a central registry. */
  demo(): DemoEntry[];
  /** What the citizen's screen shows now. */
  screen(): string;
}

export interface DevPanelOptions {
  targets: DevPanelTargets;
  secret: string;
  hosts(): ReadonlySet<string>;
  log: KioskLogger;
}

async function readJson(req: IncomingMessage): Promise<Result<unknown, string>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return err('body too large');
    chunks.push(chunk as Buffer);
  }
  try {
    return ok(JSON.parse(Buffer.concat(chunks).toString('utf8')));
  } catch {
    return err('not JSON');
  }
}

/** Runs one action; a known refusal (no such simulator, unknown citizen) comes back as text. */
export async function runAction(t: DevPanelTargets, a: DevPanelAction): Promise<Result<string, string>> {
  const need = <T>(x: T | null, what: string): Result<T, string> => (x === null ? err(`${what} is not simulated`) : ok(x));
  switch (a.action) {
    case 'card.tap': {
      const r = need(t.cardReader, 'the card reader');
      if (!r.ok) return r;
      const tapped = r.value.tapCard(a.nik);
      return tapped.ok ? ok('card on the reader') : err(tapped.error === 'unknownCitizen' ? 'no citizen with that NIK' : 'a card is already on the reader');
    }
    case 'card.tapForeign': {
      const r = need(t.cardReader, 'the card reader');
      if (!r.ok) return r;
      const tapped = r.value.tapForeignCard();
      return tapped.ok ? ok('foreign card on the reader') : err('a card is already on the reader');
    }
    case 'card.remove': {
      const r = need(t.cardReader, 'the card reader');
      if (!r.ok) return r;
      r.value.removeCard();
      return ok('card lifted');
    }
    case 'card.hold': {
      const r = need(t.cardReader, 'the card reader');
      if (!r.ok) return r;
      if (!r.value.holdCardOpen) return err('this card reader cannot hold its answers (the virtual PC/SC card)');
      r.value.holdCardOpen(a.held);
      return ok(a.held ? 'opening the card is held' : 'opening the card goes on');
    }
    case 'finger.next': {
      const r = need(t.cardReader, 'the card reader');
      if (!r.ok) return r;
      r.value.nextFinger(a.quality, a.times);
      return ok(`next ${a.times} finger(s): ${a.quality}`);
    }
    case 'scanner.scan': {
      const r = need(t.scanner, 'the scanner');
      if (!r.ok) return r;
      const s = r.value.scan(a.text);
      return s.ok ? ok('scanned') : err(`scan failed: ${s.error.code}`);
    }
    case 'touch.gesture': {
      const r = need(t.touchscreen, 'the touchscreen');
      if (!r.ok) return r;
      const g = await r.value.performGesture();
      return g.ok ? ok('technician corner gesture performed') : err(`gesture failed: ${g.error.code}`);
    }
    case 'printer.faults': {
      const r = need(t.printers[a.printer], `the ${a.printer} printer`);
      if (!r.ok) return r;
      const change: { mediaEmpty?: boolean; jam?: boolean; offline?: boolean } = {};
      if (a.mediaEmpty !== undefined) change.mediaEmpty = a.mediaEmpty;
      if (a.jam !== undefined) change.jam = a.jam;
      if (a.offline !== undefined) change.offline = a.offline;
      r.value.setFaults(change);
      return ok(`${a.printer} printer: ${JSON.stringify(r.value.faults())}`);
    }
    case 'receipt.paper': {
      const r = need(t.receiptPrinter, 'the receipt printer');
      if (!r.ok) return r;
      r.value.setPaper(a.state);
      return ok(`receipt paper ${a.state}`);
    }
    case 'receipt.cover': {
      const r = need(t.receiptPrinter, 'the receipt printer');
      if (!r.ok) return r;
      r.value.setCoverOpen(a.open);
      return ok(`receipt cover ${a.open ? 'open' : 'closed'}`);
    }
    case 'device.plug': {
      if (a.device === 'scanner') {
        const r = need(t.scanner, 'the scanner');
        if (!r.ok) return r;
        if (a.plugged) r.value.plug();
        else r.value.unplug();
      } else {
        const link = need(a.device === 'cardReader' ? t.cardReaderLink : t.receiptPrinterLink, `the ${a.device}`);
        if (!link.ok) return link;
        await (a.plugged ? link.value.plug() : link.value.unplug());
      }
      return ok(`${a.device} ${a.plugged ? 'plugged in' : 'unplugged'}`);
    }
    case 'keypad.press':
    case 'keypad.digit': {
      const r = need(t.keypad ?? null, 'the keypad');
      if (!r.ok) return r;
      const pressed = r.value.press(a.action === 'keypad.digit' ? { key: 'digit', digit: a.digit } : { key: a.key });
      return pressed.ok ? ok('key pressed') : err(`key press failed: ${pressed.error.code}`);
    }
    case 'keypad.plug': {
      const r = need(t.keypad ?? null, 'the keypad');
      if (!r.ok) return r;
      if (a.plugged) r.value.plug();
      else r.value.unplug();
      return ok(`keypad ${a.plugged ? 'plugged in' : 'unplugged'}`);
    }
    case 'headphones.plug': {
      const r = need(t.headphoneJack ?? null, 'the headphone jack');
      if (!r.ok) return r;
      const done = r.value.setPlugged(a.plugged);
      return done.ok ? ok(`headphones ${a.plugged ? 'in' : 'out'}`) : err(`headphone jack: ${done.error.code}`);
    }
    case 'clock.skip':
      t.clock.skip(a.ms);
      return ok(`skipped ${a.ms} ms`);
    case 'service.fleet':
      t.service.set('fleet', a.outOfService);
      return ok(a.outOfService ? 'held out of service by the fleet' : 'back in service');
    case 'ups.power': {
      const r = need(t.ups ?? null, 'the UPS');
      if (!r.ok) return r;
      r.value.power({ status: a.status, chargePct: a.chargePct, runtimeS: a.runtimeS });
      return ok(`UPS: ${a.status}, ${a.chargePct}%, ${a.runtimeS} s`);
    }
    case 'ups.fault': {
      const r = need(t.ups ?? null, 'the UPS');
      if (!r.ok) return r;
      r.value.fault(a.fault);
      return ok(`UPS fault: ${a.fault}`);
    }
  }
}

function state(t: DevPanelTargets) {
  return {
    screen: t.screen(),
    service: t.service.snapshot.reasons,
    cardReader: t.cardReader?.state() ?? null,
    receiptPrinter: t.receiptPrinter ? { ...t.receiptPrinter.state(), paperLeftMm: t.receiptPrinter.paperLeftMm, receipts: t.receiptPrinter.receipts().length } : null,
    scanner: t.scanner ? { plugged: t.scanner.plugged, opened: t.scanner.opened } : null,
    keypad: t.keypad ? { plugged: t.keypad.plugged, opened: t.keypad.opened } : null,
    headphones: t.headphoneJack ? { plugged: t.headphoneJack.plugged } : null,
    printers: {
      a4: t.printers.a4 ? { faults: t.printers.a4.faults(), jobs: t.printers.a4.jobs().length } : null,
      card: t.printers.card ? { faults: t.printers.card.faults(), jobs: t.printers.card.jobs().length } : null,
    },
    demo: t.demo(),
    ups: t.ups ? (({ fault, vars }) => ({ fault, status: vars['ups.status'] ?? null, charge: vars['battery.charge'] ?? null, runtime: vars['battery.runtime'] ?? null }))(t.ups.state()) : null,
  };
}

/**
 * The dev panel: a page at `/devpanel/` and a small JSON API under `/devpanel/api`, mounted only
 * in simulator mode. Same lockdown as the touch UI (loopback Host, same Origin, CSP) plus its own
 * per-boot secret, sent by the page in a header that a foreign page cannot set without asking.
 */
export function mountDevPanel(routes: Routes, options: DevPanelOptions): void {
  const { targets, log } = options;
  addStaticSite(routes, { mount: '/devpanel/', dir: DEVPANEL_ASSETS_DIR, hosts: options.hosts, log });
  const allowed = (req: IncomingMessage, res: ServerResponse, needsOrigin: boolean): boolean => {
    const hosts = options.hosts();
    const where = needsOrigin ? checkOrigin(req, hosts) : hosts.has(req.headers.host ?? '') ? { ok: true as const } : { ok: false as const, reason: 'bad_host' };
    const header = req.headers['x-adm-devpanel'];
    if (!where.ok || !sameSecret(typeof header === 'string' ? header : null, options.secret)) {
      log.event('ui.request_refused', { path: '/devpanel/api', reason: where.ok ? 'no_secret' : where.reason });
      sendJson(res, where.ok ? 401 : 403, { error: where.ok ? 'unauthorized' : 'forbidden' });
      return false;
    }
    return true;
  };
  routes.get.set('/devpanel/api/state', (req, res) => {
    if (allowed(req, res, false)) sendJson(res, 200, state(targets));
  });
  routes.post.set('/devpanel/api', async (req, res) => {
    if (!allowed(req, res, true)) return;
    const body = await readJson(req);
    if (!body.ok) return sendJson(res, 400, { error: body.error });
    const parsed = devPanelActionSchema.safeParse(body.value);
    if (!parsed.success) return sendJson(res, 400, { error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    const done = await runAction(targets, parsed.data);
    return done.ok ? sendJson(res, 200, { ok: true, message: done.value }) : sendJson(res, 409, { ok: false, error: done.error });
  });
}
