import type { KioskConfig } from '../config/schema.ts';
import { safeUrl } from '../fleet/publisher.ts';
import { VERSION } from '../version.ts';

/** Who this kiosk is and how it is set up, for the technician's screen and exports. Never a secret. */
export interface KioskIdentity {
  kioskId: string;
  regionCode: string;
  location: string;
  version: string;
  node: string;
  startedAt: string;
  uptimeS: number;
  config: Record<string, Record<string, string | number | boolean | null>>;
}

const hostOf = (url: string | undefined): string | null => {
  if (url === undefined) return null;
  const safe = safeUrl(url);
  try {
    const u = new URL(safe);
    return `${u.protocol}//${u.host}`;
  } catch {
    return safe;
  }
};

export function kioskIdentity(c: KioskConfig, startedAt: number, now: Date): KioskIdentity {
  const d = c.devices;
  return {
    kioskId: c.kiosk.id,
    regionCode: c.kiosk.regionCode,
    location: c.kiosk.location,
    version: VERSION,
    node: process.version,
    startedAt: new Date(startedAt).toISOString(),
    uptimeS: Math.max(0, Math.round((now.getTime() - startedAt) / 1000)),
    config: {
      kiosk: { language: c.kiosk.language, dataDir: c.dataDir, http: `${c.http.host}:${c.http.port}` },
      devices: {
        cardReader: d.cardReader.mode,
        receiptPrinter: `${d.receiptPrinter.mode}, ${d.receiptPrinter.paperWidthMm} mm`,
        a4Printer: d.a4Printer.mode === 'ipp' ? `ipp ${hostOf(d.a4Printer.uri) ?? ''}` : d.a4Printer.mode,
        cardPrinter: d.cardPrinter.mode === 'ipp' ? `ipp ${hostOf(d.cardPrinter.uri) ?? ''}` : d.cardPrinter.mode,
        scanner: d.scanner.mode,
        touchscreen: d.touchscreen.mode,
      },
      registry: { mode: c.registry.mode, url: hostOf(c.registry.url), mutualTls: c.registry.tls.cert !== undefined },
      fleet: {
        broker: hostOf(c.fleet.mqttUrl),
        credentials: c.fleet.username !== undefined,
        commandsVerified: c.fleet.commandPublicKey !== undefined,
        telemetryIntervalMs: c.fleet.telemetryIntervalMs,
      },
      session: { fingerprintAttempts: c.session.fingerprintAttempts, inactivityTimeoutMs: c.session.inactivityTimeoutMs },
      maintenance: {
        technicians: c.maintenance.technicianNiks.length,
        pinConfigured: c.maintenance.technicianPinHash !== undefined,
        sessionIdleMs: c.maintenance.sessionIdleMs,
      },
      update: { unit: c.update.unit, vendorKeys: c.update.vendorKeys.length },
    },
  };
}
