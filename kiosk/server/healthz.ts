import type { Routes } from './routes.ts';
import { sendJson } from './routes.ts';
import type { DeviceBoard } from '../boot/context.ts';
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

export function addHealthRoute(routes: Routes, kioskId: string, startedAt: number, board: DeviceBoard): HealthSections {
  const sections = new HealthSections();
  routes.get.set('/healthz', (_req, res) => sendJson(res, 200, { ...healthOf(kioskId, startedAt, board), ...sections.collect() }));
  return sections;
}
