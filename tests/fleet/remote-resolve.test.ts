import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendCommand } from '../../kiosk/fleet/commander.ts';
import { emptySources, type FleetSources } from '../../kiosk/fleet/sources.ts';
import { demoSet, type DemoEntry } from '../../kiosk/registry/demo/demo-set.ts';
import type { EmbeddedRegistry } from '../../kiosk/registry/embedded/embedded-registry.ts';
import { localDay } from '../../kiosk/registry/identifiers/dates.ts';
import { startRig, type Rig } from '../maintenance/support/rig.ts';
import { rigRegistry, unknownPrintOnPrinter } from '../maintenance/support/unknown-print.ts';
import { startIppEvePrinter, type IppEvePrinter } from '../support/ippeveprinter.ts';
import { Mosquitto } from '../support/mosquitto.ts';
import { ADDRESS, testKiosk, type TestKiosk } from './support/harness.ts';

/*
 * An operator at Dinas resolves a print whose outcome is unknown, from afar: a signed fleet command
 * asks for the evidence (ledger history, what the printer says of the job) and then answers it.
 * The kiosk holds the answer to the same checks and audit as a technician's at the machine.
 */

const fleetKey = generateKeyPairSync('ed25519');
let broker: Mosquitto;
let eve: IppEvePrinter;
let rig: Rig;
let kiosk: TestKiosk;
let registry: EmbeddedRegistry;
let today: string;

beforeAll(async () => {
  broker = await Mosquitto.start();
  eve = await startIppEvePrinter({ kind: 'a4' });
  const sources: FleetSources = { ...emptySources };
  kiosk = await testKiosk(broker.url, { key: fleetKey.publicKey, sources });
  rig = await startRig({
    a4Printer: { uri: eve.uri, media: eve.media },
    config: { timeouts: { printJobMs: 2000 } },
  });
  // As boot wires the fleet: what maintenance offers a remote operator.
  Object.assign(sources, rig.handle.fleetSources);
  today = localDay(new Date());
  registry = await rigRegistry(rig, 'remote-resolve', today);
  kiosk.agent.start();
  await kiosk.agent.publisher.whenOnline(AbortSignal.timeout(10_000));
});
afterAll(async () => {
  await kiosk?.stop();
  await registry?.close();
  await rig?.close();
  await eve?.stop();
  await broker?.close();
});

/** An unknown print whose job the printer went on to complete. */
async function completedUnknownPrint(e: DemoEntry): Promise<{ id: string; jobId: number }> {
  const printed = await unknownPrintOnPrinter(rig, registry, e, eve.uri);
  const watched = await rig.drivers.a4.watch(printed.jobId, { timeoutMs: 15_000 });
  if (!watched.ok) throw new Error(watched.error.message);
  return printed;
}

const send = (cmd: 'print-evidence' | 'resolve-print', args: Record<string, unknown>) =>
  sendCommand({ url: broker.url, address: ADDRESS, cmd, args, privateKey: fleetKey.privateKey, timeoutMs: 15_000 });

describe('resolving an unknown print by a signed fleet command', () => {
  it('shows the operator the printer’s evidence, refuses an answer the evidence contradicts, and records the operator', async () => {
    const e = demoSet(today).find((d) => d.applicationId === 'KK-3506-900001') as DemoEntry;
    const { id, jobId } = await completedUnknownPrint(e);

    const evidence = await send('print-evidence', { ledgerId: id });
    expect(evidence.ok).toBe(true);
    const report = evidence.ok ? (evidence.value.diagnostics?.report ?? {}) : {};
    expect(report).toMatchObject({ ok: true, row: { id, state: 'unknown' }, jobById: { id: jobId, state: 'completed', sameName: true } });
    const text = JSON.stringify(report);
    expect(text).not.toContain('keyed-ref');
    expect(text).not.toContain(e.nik);

    const wrong = await send('resolve-print', { ledgerId: id, decision: 'not_printed', note: 'kiosk reports nothing', operator: 'dinas-kediri' });
    expect(wrong.ok && wrong.value.diagnostics?.report).toMatchObject({ ok: false, error: 'printer_not_clear' });
    expect(rig.ledger.get(id)).toMatchObject({ state: 'unknown' });

    // An operator's note that names the citizen's NIK (spaced) is redacted before the ledger keeps it.
    const spaced = e.nik.replace(/(\d{4})(?=\d)/g, '$1 ');
    const right = await send('resolve-print', { ledgerId: id, decision: 'printed', note: `printer history: completed, NIK ${spaced}`, operator: 'dinas-kediri' });
    expect(right.ok && right.value.diagnostics?.report).toMatchObject({ ok: true, state: 'printed', resolvedBy: 'fleet:dinas-kediri' });
    const kept = JSON.stringify([rig.ledger.get(id), rig.ledger.history(id)]);
    expect(kept).toContain('printer history: completed');
    expect(kept.replace(/\D/g, '')).not.toContain(e.nik);
    expect(await registry.claimStatus(e.applicationId, id)).toMatchObject({ ok: true, value: { state: 'printed' } });
    const audit = rig.handle.maintenance.audit.all().filter((a) => a.action === 'ledger.resolve');
    expect(audit.map((a) => [a.actor, a.detail.decision, a.detail.failed ?? false])).toEqual([
      ['fleet:dinas-kediri', 'not_printed', true],
      ['fleet:dinas-kediri', 'printed', false],
    ]);
  });

  it('refuses malformed arguments before touching the ledger', async () => {
    const r = await send('resolve-print', { ledgerId: 'x y', decision: 'maybe', operator: '' });
    expect(r.ok && r.value.event).toMatchObject({ kind: 'command.refused', data: { reason: 'bad_args' } });
  });
});
