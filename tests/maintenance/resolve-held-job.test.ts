import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSet, type DemoEntry } from '../../kiosk/registry/demo/demo-set.ts';
import type { EmbeddedRegistry } from '../../kiosk/registry/embedded/embedded-registry.ts';
import { localDay } from '../../kiosk/registry/identifiers/dates.ts';
import { startIppEvePrinter, type IppEvePrinter } from '../support/ippeveprinter.ts';
import { MaintenanceApi } from './support/api.ts';
import { startRig, TECH_PIN, type Rig } from './support/rig.ts';
import { rigRegistry, unknownPrintOnPrinter } from './support/unknown-print.ts';

/*
 * A technician's "not printed" must not give back an entitlement whose job the printer will still
 * print. ippeveprinter holds a job while its tray is empty and, once refilled, prints it, even one
 * it was told to cancel: the real peer for a printer that only holds a job.
 */

const SCRIPT = 'echo "$(basename "$1")" >> {{dir}}/printed.log\nexit 0';
let eve: IppEvePrinter;
let rig: Rig;
let registry: EmbeddedRegistry;
let api: MaintenanceApi;
let today: string;

beforeAll(async () => {
  eve = await startIppEvePrinter({ kind: 'a4', script: SCRIPT });
  rig = await startRig({ a4Printer: { uri: eve.uri, media: eve.media }, config: { timeouts: { printJobMs: 2000 } } });
  today = localDay(new Date());
  registry = await rigRegistry(rig, 'held-job', today);
  api = new MaintenanceApi(rig.url);
  expect((await api.signIn(TECH_PIN)).status).toBe(200);
});
afterAll(async () => {
  await registry?.close();
  await rig?.close();
  await eve?.stop();
});

const paper = () => readFileSync(join(eve.dir, 'printed.log'), { encoding: 'utf8', flag: 'a+' }).split('\n').filter(Boolean);

async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a technician answers "not printed" while the printer still holds the job', () => {
  it('is refused and says why; after a refill the job prints, and only "printed" can answer it', async () => {
    const e = demoSet(today).find((d) => d.applicationId === 'AM-3506-900006') as DemoEntry;
    await eve.setTrayLevel(0);
    const { id, jobId } = await unknownPrintOnPrinter(rig, registry, e, eve.uri);
    const before = paper().length;

    const refused = await api.post('prints/resolve', { ledgerId: id, decision: 'not_printed', note: 'tray empty, nothing came out' });
    expect(refused).toMatchObject({ status: 409, body: { error: 'printer_not_clear' } });
    expect(rig.ledger.get(id)).toMatchObject({ state: 'unknown' });
    expect(await registry.claimStatus(e.applicationId, id)).toMatchObject({ ok: true, value: { state: 'claimed' } });

    // The technician refills the tray: the held job prints (ippeveprinter prints it even though the kiosk asked to cancel it).
    await eve.setTrayLevel(250);
    await waitFor('the held job printed', () => paper().length > before);
    await waitFor('the job ended', async () => {
      const j = await rig.drivers.a4.job(jobId);
      return j.ok && (j.value.state === 'completed' || j.value.state === 'canceled' || j.value.state === 'aborted');
    });
    const printed = await api.post('prints/resolve', { ledgerId: id, decision: 'printed', note: 'found in the tray after refill' });
    expect(printed).toMatchObject({ status: 200, body: { row: { id, state: 'printed' } } });
    expect(await registry.claimStatus(e.applicationId, id)).toMatchObject({ ok: true, value: { state: 'printed' } });
    expect(paper().filter((f) => f.includes(id))).toHaveLength(1);
  });

  it('a job the printer reports completed cannot be answered "not printed"', async () => {
    const e = demoSet(today).find((d) => d.applicationId === 'KK-3506-900007') as DemoEntry;
    await eve.setTrayLevel(250);
    const { id, jobId } = await unknownPrintOnPrinter(rig, registry, e, eve.uri);
    await waitFor('the job completed', async () => {
      const j = await rig.drivers.a4.job(jobId);
      return j.ok && j.value.state === 'completed';
    });
    const refused = await api.post('prints/resolve', { ledgerId: id, decision: 'not_printed', note: 'nothing seen' });
    expect(refused).toMatchObject({ status: 409, body: { error: 'printer_not_clear' } });
    expect(refused.body.message).toMatch(/completed/);
    expect(await registry.claimStatus(e.applicationId, id)).toMatchObject({ ok: true, value: { state: 'claimed' } });
  });
});
