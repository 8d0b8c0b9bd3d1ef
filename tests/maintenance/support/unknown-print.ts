import { join } from 'node:path';
import type { DemoEntry } from '../../../kiosk/registry/demo/demo-set.ts';
import { openEmbeddedRegistry, type EmbeddedRegistry } from '../../../kiosk/registry/embedded/embedded-registry.ts';
import { seedRegistry } from '../../../kiosk/registry/seed/seed.ts';
import { renderTestPdf } from '../../printing/support/test-render.ts';
import type { Rig } from './rig.ts';

/** A seeded embedded registry in the rig's directory, handed to maintenance as boot does. */
export async function rigRegistry(rig: Rig, seed: string, today: string): Promise<EmbeddedRegistry> {
  const opened = openEmbeddedRegistry({ path: join(rig.dir, 'registry.sqlite') });
  if (!opened.ok) throw new Error(opened.error.message);
  const seeded = await seedRegistry(opened.value, { families: 0, seed, today });
  if (!seeded.ok) throw new Error(seeded.error.message);
  rig.registry.use(opened.value);
  return opened.value;
}

/**
 * A real claim whose job went to the rig's A4 printer (ippeveprinter) and whose outcome the kiosk
 * then lost: the ledger row is `unknown` while the printer holds, prints or finished the job.
 */
export async function unknownPrintOnPrinter(rig: Rig, registry: EmbeddedRegistry, e: DemoEntry, printerUri: string): Promise<{ id: string; jobId: number }> {
  const row = rig.ledger.create({ applicationId: e.applicationId, documentType: e.type, subjectRef: 'keyed-ref', printer: 'a4' });
  if (!row.ok) throw new Error(row.error.message);
  const id = row.value.id;
  const claimed = await registry.claim({ applicationId: e.applicationId, ledgerId: id, nik: e.nik, proof: { kind: 'pin', pin: e.pin as string }, kioskId: rig.config.kiosk.id });
  if (!claimed.ok) throw new Error(claimed.error.message);
  const pdf = await renderTestPdf(claimed.value, AbortSignal.timeout(5000));
  if (!pdf.ok) throw new Error(pdf.error.message);
  rig.ledger.markRendered(id, 1);
  rig.ledger.markSubmitting(id, printerUri, `adm-${id}`);
  const sent = await rig.drivers.a4.submit({ name: `adm-${id}`, pdf: pdf.value.pdf });
  if (!sent.ok) throw new Error(sent.error.message);
  rig.ledger.markSubmitted(id, sent.value.id);
  rig.ledger.markUnknown(id, 'the kiosk lost track of the job');
  return { id, jobId: sent.value.id };
}
