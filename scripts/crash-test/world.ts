import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IppDocumentPrinter } from '../../devices/document-printer/driver.ts';
import { openEmbeddedRegistry } from '../../kiosk/registry/embedded/embedded-registry.ts';
import { hashSecret, SEED_COST } from '../../kiosk/registry/embedded/secrets.ts';
import { localDay } from '../../kiosk/registry/identifiers/dates.ts';
import { seedRegistry } from '../../kiosk/registry/seed/seed.ts';
import type { DocumentType } from '../../core/domain.ts';
import { startIppFaultProxy, type IppFaultProxy } from '../../tests/support/ipp-fault-proxy.ts';
import { startIppEvePrinter, type IppEvePrinter } from '../../tests/support/ippeveprinter.ts';
import type { Entitlement } from './protocol.ts';

/*
 * The world around the kiosks: a registry file with enough documents to print, one A4 printer per
 * kiosk (ippeveprinter, whose print command writes each finished document's name to a paper log
 * of the harness's own, so restarts do not lose the count) behind a fault-injecting IPP proxy.
 */

export const PIN = '246810';
const A4_TYPES: DocumentType[] = ['kk', 'akta-lahir', 'akta-mati'];

/**
 * A seeded registry whose A4 documents are all ready to print with one known PIN (the seed records
 * most of them as printed long ago; here they are entitlements waiting for the harness's citizens).
 */
export async function entitlementRegistry(path: string, families: number): Promise<Entitlement[]> {
  const opened = openEmbeddedRegistry({ path });
  if (!opened.ok) throw new Error(opened.error.message);
  const reg = opened.value;
  try {
    const today = localDay(new Date(), 420);
    const seeded = await seedRegistry(reg, { families, seed: 'crash-test', today });
    if (!seeded.ok) throw new Error(seeded.error.message);
    const rows = reg.db
      .prepare(`SELECT a.id, a.type, (SELECT nik FROM application_owners o WHERE o.application_id = a.id ORDER BY nik LIMIT 1) AS nik FROM applications a WHERE a.type IN (${A4_TYPES.map(() => '?').join(', ')}) AND a.status IN ('printed', 'ready') ORDER BY a.id`)
      .all(...A4_TYPES) as Array<{ id: string; type: DocumentType; nik: string | null }>;
    const hash = await hashSecret(PIN, { cost: SEED_COST });
    const ready = reg.db.prepare("UPDATE applications SET status = 'ready', printed_at = NULL, claimed_ledger_id = NULL, printable_from = NULL, pin_hash = ?, qr_hash = coalesce(qr_hash, ?), issued_on = coalesce(issued_on, ?), wrong_pins = 0 WHERE id = ?");
    const out: Entitlement[] = [];
    reg.db.transaction(() => {
      for (const r of rows) {
        if (!r.nik) continue;
        ready.run(hash, hash, today, r.id);
        out.push({ applicationId: r.id, type: r.type, nik: r.nik, pin: PIN });
      }
    })();
    return out;
  } finally {
    await reg.close();
  }
}

/** One kiosk's printer: ippeveprinter behind the proxy, restartable, with its paper log. */
export class PrinterSite {
  readonly paperLog: string;
  #eve: IppEvePrinter | null = null;
  #proxy: IppFaultProxy | null = null;
  #restarting: Promise<void> | null = null;

  constructor(dir: string, name: string) {
    this.paperLog = join(dir, `paper-${name}.log`);
  }

  get uri(): string {
    if (!this.#proxy) throw new Error('printer site not started');
    return this.#proxy.uri;
  }

  get proxy(): IppFaultProxy {
    if (!this.#proxy) throw new Error('printer site not started');
    return this.#proxy;
  }

  async start(): Promise<void> {
    this.#eve = await startIppEvePrinter({ kind: 'a4', script: `echo "$(basename "$1")" >> ${this.paperLog}` });
    this.#proxy ??= await startIppFaultProxy(this.#eve.uri);
    this.#proxy.setUpstream(this.#eve.uri);
  }

  /** The printer loses power: every job and its history are gone, job ids start again. */
  async restart(): Promise<void> {
    if (this.#restarting) return this.#restarting;
    this.#restarting = (async () => {
      await this.#eve?.stop();
      await this.start();
    })().finally(() => (this.#restarting = null));
    return this.#restarting;
  }

  async setTray(sheets: number): Promise<void> {
    await this.#restarting;
    await this.#eve?.setTrayLevel(sheets).catch(() => undefined);
  }

  /** Document names (`<job>-adm-<ledger id>.pdf`) that came out, in order. */
  paper(): string[] {
    return existsSync(this.paperLog) ? readFileSync(this.paperLog, 'utf8').split('\n').filter((l) => l.length > 0) : [];
  }

  /** Waits until the printer has nothing left to print (held jobs released by a refill included). */
  async idle(timeoutMs: number): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      await this.#restarting;
      if (!this.#eve) return;
      const probe = new IppDocumentPrinter({ kind: 'a4', uri: this.#eve.uri, media: this.#eve.media, pollIntervalMs: 1000, operationTimeoutMs: 2000, jobTimeoutMs: 30_000 });
      const s = await probe.refreshStatus();
      await probe.close();
      if (s.ok && s.value.ippState === 'idle') return;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async stop(): Promise<void> {
    await this.#proxy?.close();
    await this.#eve?.stop();
  }
}

export const FAULTS = ['drop-answer', 'delay', 'reset', 'hide-completed', 'restart', 'hold'] as const;
export type Fault = (typeof FAULTS)[number];

/** Plays one fault on a printer site. */
export async function playFault(site: PrinterSite, fault: Fault, random: () => number): Promise<string> {
  switch (fault) {
    case 'drop-answer': {
      const op = random() < 0.6 ? 'Print-Job' : 'Get-Job-Attributes';
      site.proxy.add({ op, action: 'drop-answer', times: 1 });
      return `drop the answer to ${op}`;
    }
    case 'delay': {
      const ms = 300 + Math.floor(random() * 2500);
      site.proxy.add({ op: random() < 0.5 ? 'Get-Job-Attributes' : '*', action: 'delay', ms, times: 2 });
      return 'delay answers';
    }
    case 'reset':
      site.proxy.add({ op: random() < 0.5 ? 'Print-Job' : 'Get-Printer-Attributes', action: 'reset', times: 1 });
      return 'reset a connection';
    case 'hide-completed':
      site.proxy.add({ op: '*', action: 'hide-completed', times: 40 });
      return 'hide completed jobs';
    case 'restart':
      await site.restart();
      return 'restart the printer';
    case 'hold': {
      await site.setTray(0);
      const ms = 500 + Math.floor(random() * 3500);
      setTimeout(() => void site.setTray(250), ms).unref();
      return 'hold jobs (tray empty) then refill';
    }
  }
}
