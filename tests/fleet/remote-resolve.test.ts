import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendCommand } from '../../kiosk/fleet/commander.ts';
import { emptySources, type FleetSources } from '../../kiosk/fleet/sources.ts';
import { demoSet, type DemoEntry } from '../../kiosk/registry/demo/demo-set.ts';
import { openEmbeddedRegistry, type EmbeddedRegistry } from '../../kiosk/registry/embedded/embedded-registry.ts';
import { localDay } from '../../kiosk/registry/identifiers/dates.ts';
import { seedRegistry } from '../../kiosk/registry/seed/seed.ts';
import { startRig, type Rig } from '../maintenance/support/rig.ts';
import { renderTestPdf } from '../printing/support/test-render.ts';
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
    fleet: { reporter: { fingerprintFailure() {}, fingerprintSuccess() {}, refresh() {}, untrustedSeal() {}, trustedSeal() {} }, provide: (more) => Object.assign(sources, more) },
  });
  today = localDay(new Date());
  const opened = openEmbeddedRegistry({ path: join(rig.dir, 'registry.sqlite') });
  if (!opened.ok) throw new Error(opened.error.message);
  registry = opened.value;
  const seeded = await seedRegistry(registry, { families: 0, seed: 'remote-resolve', today });
  if (!seeded.ok) throw new Error(seeded.error.message);
  rig.handle.provide({ registry });
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

/** A claimed document whose job the printer completed while the kiosk lost track: parked as unknown. */
async function completedUnknownPrint(e: DemoEntry): Promise<{ id: string; jobId: number }> {
  const row = rig.ledger.create({ applicationId: e.applicationId, documentType: e.type, subjectRef: 'keyed-ref', printer: 'a4' });
  if (!row.ok) throw new Error(row.error.message);
  const id = row.value.id;
  const claimed = await registry.claim({ applicationId: e.applicationId, ledgerId: id, nik: e.nik, proof: { kind: 'pin', pin: e.pin as string }, kioskId: rig.config.kiosk.id });
  if (!claimed.ok) throw new Error(claimed.error.message);
  const pdf = await renderTestPdf(claimed.value, AbortSignal.timeout(5000));
  if (!pdf.ok) throw new Error(pdf.error.message);
  rig.ledger.markRendered(id, 1);
  rig.ledger.markSubmitting(id, eve.uri, `adm-${id}`);
  const sent = await rig.drivers.a4.submit({ name: `adm-${id}`, pdf: pdf.value.pdf });
  if (!sent.ok) throw new Error(sent.error.message);
  rig.ledger.markSubmitted(id, sent.value.id);
  rig.ledger.markUnknown(id, 'the printer stopped answering about the job');
  const watched = await rig.drivers.a4.watch(sent.value.id, { timeoutMs: 15_000 });
  if (!watched.ok) throw new Error(watched.error.message);
  return { id, jobId: sent.value.id };
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

    const right = await send('resolve-print', { ledgerId: id, decision: 'printed', note: 'printer history: completed', operator: 'dinas-kediri' });
    expect(right.ok && right.value.diagnostics?.report).toMatchObject({ ok: true, state: 'printed', resolvedBy: 'fleet:dinas-kediri' });
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
