import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IppDocumentPrinter } from '../../devices/document-printer/driver.ts';
import { renderDocument } from '../../kiosk/documents/render.ts';
import { makeSeal, openSeal } from '../../kiosk/documents/seal/node-seal.ts';
import { trustedRender } from '../../kiosk/documents/seal/trusted-render.ts';
import { sampleKey } from '../../kiosk/documents/sample/office.ts';
import { runPrint } from '../../kiosk/printing/run-print.ts';
import type { PrintDeps, RenderFn } from '../../kiosk/printing/types.ts';
import { demoSet, type DemoEntry } from '../../kiosk/registry/demo/demo-set.ts';
import type { EmbeddedRegistry } from '../../kiosk/registry/embedded/embedded-registry.ts';
import type { Registry } from '../../core/registry.ts';
import { issueTrustList, simulatedRoot, simulatedTrustList, SIMULATED_KEY_VALIDITY, type TrustAnchor } from '../../kiosk/registry/trust-list.ts';
import { simulatedOffices } from '../../kiosk/registry/seed/offices-table.ts';
import { ok, type Result } from '../../core/result.ts';
import { kioskMigrations } from '../../kiosk/store/migrations/index.ts';
import { openDatabase } from '../../kiosk/store/open-database.ts';
import { PrintLedger } from '../../kiosk/store/print-ledger.ts';
import { testKiosk, type TestKiosk } from '../fleet/support/harness.ts';
import { openOrThrow, seededFile } from '../registry/helpers/seeded.ts';
import { startIppEvePrinter, type IppEvePrinter } from '../support/ippeveprinter.ts';

/**
 * The kiosk prints only packages whose seal chains to the trust list. Driven through the real
 * print pipeline (claim → render → IPP job → confirm) against ippeveprinter and the embedded
 * registry: a package sealed by a key outside the list, by a revoked key, or by a rogue key the
 * package itself vouches for, is released, never printed, logged and raised to the fleet.
 */
const SCRIPT = ['echo "$(basename "$1")" >> {{dir}}/printed.log', 'exit 0'].join('\n');

let eve: IppEvePrinter;
let printer: IppDocumentPrinter;
let seeded: Awaited<ReturnType<typeof seededFile>>;
let reg: EmbeddedRegistry;
let fleet: TestKiosk;
let entries: DemoEntry[];

beforeAll(async () => {
  eve = await startIppEvePrinter({ kind: 'a4', script: SCRIPT });
  printer = new IppDocumentPrinter({ kind: 'a4', uri: eve.uri, media: eve.media, pollIntervalMs: 200, operationTimeoutMs: 2000, jobTimeoutMs: 10_000, jobPollMs: 20 });
  seeded = await seededFile({ families: 0 });
  reg = openOrThrow({ path: seeded.path, hashCost: { N: 1024, r: 8, p: 1 } });
  entries = demoSet(seeded.today);
  fleet = await testKiosk('mqtt://127.0.0.1:9');
}, 60_000);
afterAll(async () => {
  await fleet?.stop();
  await reg?.close();
  seeded?.cleanup();
  await printer?.close();
  await eve?.stop();
});

const paper = () => readFileSync(join(eve.dir, 'printed.log'), { encoding: 'utf8', flag: 'a+' }).split('\n').filter(Boolean);
const entry = (id: string) => entries.find((e) => e.applicationId === id) as DemoEntry;

function deps(registry: Registry): PrintDeps {
  const opened = openDatabase({ path: ':memory:', migrations: kioskMigrations });
  if (!opened.ok) throw new Error(opened.error.message);
  return { ledger: new PrintLedger(opened.value.db), registry, printers: { a4: printer }, kioskId: 'ADM-TEST', subjectRef: () => 'subject-ref', attentionTimeoutMs: 5000, jobTimeoutMs: 10_000 };
}

/** The render the kiosk boots with (kiosk/boot/wire-journey.ts): the trust check, then the real renderer. */
function kioskRender(trust: TrustAnchor): RenderFn {
  return trustedRender(async (pkg, signal) => {
    const r = await renderDocument(pkg.content, pkg.signature, { signal });
    return r.ok ? r : { ok: false, error: r.error };
  }, { trust: ok(trust), log: fleet.log, fleet: fleet.agent });
}

const request = (e: DemoEntry) => ({ applicationId: e.applicationId, documentType: e.type, nik: e.nik, proof: { kind: 'pin' as const, pin: e.pin as string } });
const root = simulatedRoot();
const officeKeys = simulatedOffices().map((o) => ({ officeCode: o.code, officeName: o.name, keyId: o.keyId, publicKey: o.publicKey, ...SIMULATED_KEY_VALIDITY }));

async function refusedAndReleased(e: DemoEntry, trust: TrustAnchor, registry: Registry = reg): Promise<void> {
  const before = paper().length;
  const d = deps(registry);
  const r = await runPrint(d, request(e), kioskRender(trust));
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.error).toMatchObject({ code: 'render_failed', state: 'released' });
  expect(r.error.message).toContain('does not chain to the trust list');
  expect(paper().length).toBe(before);
  expect(d.ledger.get(r.error.ledgerId ?? '')).toMatchObject({ state: 'released' });
  // The entitlement went back: the document is still ready for the citizen.
  const listing = await reg.listDocuments(e.nik, seeded.today);
  expect(listing.ok && listing.value.find((l) => l.application.id === e.applicationId)?.kind).toBe('ready');
}

describe('a package whose seal does not chain to the trust list is never printed', () => {
  it('a key outside the list: released, nothing printed, logged, the fleet alerted', async () => {
    const without3506 = { list: issueTrustList(root.privateKey, '2026-06-01', officeKeys.filter((k) => k.officeCode !== '3506')), rootPublicKey: root.publicKey };
    await refusedAndReleased(entry('KK-3506-900001'), without3506);
    expect(fleet.lines.find((l) => l.event === 'documents.untrusted_seal')).toMatchObject({ code: 'unknown_key', officeCode: '3506' });
    expect(fleet.agent.alerts.active().map((a) => a.kind)).toContain('seal.untrusted');
    const events = fleet.agent.outbox.next(0, 100).map((row) => JSON.parse(row.payload) as { kind?: string; data?: Record<string, unknown> });
    expect(events.find((m) => m.kind === 'seal.untrusted')?.data).toMatchObject({ code: 'unknown_key', officeCode: '3506' });
    // No NIK in what went to the log or the fleet.
    expect(JSON.stringify([fleet.lines, events])).not.toContain(entry('KK-3506-900001').nik);
  });

  it('a revoked key: released and nothing printed', async () => {
    const office = simulatedOffices().find((o) => o.code === '3506');
    const revoked = simulatedTrustList([{ keyId: office?.keyId ?? '', revokedOn: '2026-06-01', reason: 'key compromised' }]);
    await refusedAndReleased(entry('AL-3506-900004'), revoked);
    expect(fleet.lines.filter((l) => l.event === 'documents.untrusted_seal').at(-1)).toMatchObject({ code: 'revoked' });
  });

  it('a rogue key the package vouches for itself (same key id, its own public key in the content): the renderer alone would print it, the kiosk does not', async () => {
    const rogue = sampleKey('rogue-registry-key');
    const forgedClaim: Registry['claim'] = async (req, opts) => {
      const real = await reg.claim(req, opts);
      if (!real.ok) return real;
      const pkg = real.value;
      const opened = openSeal(pkg.signature.seal);
      if (!opened.ok) throw new Error(opened.error.message);
      const forged = { ...pkg, content: { ...pkg.content, office: { ...pkg.content.office, publicKey: rogue.publicKeyB64 } }, signature: { ...pkg.signature, seal: makeSeal(opened.value.payload, rogue.privateKey) } };
      return ok(forged) as Result<typeof forged, never>;
    };
    // The real registry in every call but the claim, whose package it re-seals.
    const forging = new Proxy(reg, {
      get(target, prop) {
        if (prop === 'claim') return forgedClaim;
        const v: unknown = Reflect.get(target, prop, target);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    }) as Registry;
    const e = entry('AM-3506-900006');
    // The attack works against the old check (the office key inside the package): it renders.
    const claimed = await forging.claim({ applicationId: e.applicationId, ledgerId: 'L-probe', nik: e.nik, proof: { kind: 'pin', pin: e.pin as string }, kioskId: 'probe' });
    if (!claimed.ok) throw new Error(claimed.error.message);
    expect((await renderDocument(claimed.value.content, claimed.value.signature)).ok).toBe(true);
    expect((await reg.release(e.applicationId, 'L-probe', 'probe')).ok).toBe(true);
    await refusedAndReleased(e, simulatedTrustList(), forging);
    expect(fleet.lines.filter((l) => l.event === 'documents.untrusted_seal').at(-1)).toMatchObject({ code: 'bad_signature' });
  });

  it('a seal that chains prints once, and the untrusted-seal alert clears', async () => {
    const e = entry('KK-3506-900007');
    const before = paper().length;
    const r = await runPrint(deps(reg), request(e), kioskRender(simulatedTrustList()));
    expect(r).toMatchObject({ ok: true });
    expect(paper().length).toBe(before + 1);
    expect(fleet.agent.alerts.active().map((a) => a.kind)).not.toContain('seal.untrusted');
  });
});
