import type { KioskLogger } from '../log/logger.ts';
import type { Routes } from './routes.ts';
import { fromLoopback } from './ws/lockdown.ts';
import { sendJson } from './routes.ts';
import type { DeviceBoard } from '../../devices/common/device-board.ts';
import { VERSION } from '../version.ts';
import { runtimeInfo } from '../runtime.ts';

export interface Health {
  status: 'ok' | 'degraded';
  version: string;
  kioskId: string;
  uptimeS: number;
  devices: Record<string, { mode: string; state: string; reasons: string[] }>;
  /** Resident memory and live JavaScript heap, for technicians and the soak benchmark. */
  memory: { rssMb: number; heapUsedMb: number };
  /** `bundle` (compiled dist/) or `sources` (TypeScript through tsx); `embedded` when not started by `adm`. */
  runtime: 'bundle' | 'sources' | 'embedded';
}

const mb = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;

export function healthOf(kioskId: string, startedAt: number, board: DeviceBoard): Health {
  const devices: Health['devices'] = {};
  let degraded = false;
  for (const d of board.summaries()) {
    devices[d.id] = { mode: d.mode, state: d.status.device, reasons: d.status.reasons };
    if (d.status.device !== 'online' && d.mode !== 'none') degraded = true;
  }
  const m = process.memoryUsage();
  return {
    status: degraded ? 'degraded' : 'ok',
    version: VERSION,
    kioskId,
    uptimeS: Math.round((Date.now() - startedAt) / 1000),
    devices,
    memory: { rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed) },
    runtime: runtimeInfo().kind,
  };
}

/** Sections other areas add to /healthz (the boot self-test, the printable set), computed per request. */
export class HealthSections {
  readonly #sections = new Map<string, () => unknown>();

  add(name: string, section: () => unknown): void {
    this.#sections.set(name, section);
  }

  collect(): Record<string, unknown> {
    return Object.fromEntries([...this.#sections].map(([name, section]) => [name, section()]));
  }
}

export interface HealthRouteOptions {
  kioskId: string;
  startedAt: number;
  board: DeviceBoard;
  /** The kiosk's own Host values: the same check as the UI and maintenance (no DNS rebinding). */
  hosts(): ReadonlySet<string>;
  log: KioskLogger;
}

/** /healthz names the version, the kiosk and its devices: only for a loopback caller with the kiosk's own Host. */
export function addHealthRoute(routes: Routes, o: HealthRouteOptions): HealthSections {
  const sections = new HealthSections();
  routes.get.set('/healthz', (req, res) => {
    const reason = !fromLoopback(req) ? 'not_loopback' : !o.hosts().has(req.headers.host ?? '') ? 'bad_host' : null;
    if (reason) {
      o.log.event('http.request_refused', { path: '/healthz', reason });
      sendJson(res, reason === 'bad_host' ? 421 : 403, { error: reason });
      return;
    }
    sendJson(res, 200, { ...healthOf(o.kioskId, o.startedAt, o.board), ...sections.collect() });
  });
  return sections;
}
