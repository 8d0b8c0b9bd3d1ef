import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueTrustList, simulatedRoot, SIMULATED_KEY_VALIDITY } from '../../kiosk/registry/trust-list.ts';
import { simulatedOffices } from '../../kiosk/registry/seed/offices-table.ts';
import { launchChromium, onScreen, PORTRAIT } from './support/browser.ts';
import { FAST_DEVICES, startKiosk, type KioskProcess } from './support/kiosk-process.ts';
import { chooseAndConfirm, demoEntry, openUi, printedText, signInWithPin } from './support/journey.ts';

/**
 * The kiosk as `npm start` runs it, configured with a trust list on which the Dinas of Kabupaten
 * Kediri's key is revoked: a citizen's document sealed with it is never printed, the citizen is
 * told kindly that the right to print stands, and the kiosk logs it (no NIK).
 */
let kiosk: KioskProcess;
let browser: Browser;
let page: Page;
let listFile: string;

beforeAll(async () => {
  const root = simulatedRoot();
  const keys = simulatedOffices().map((o) => ({ officeCode: o.code, officeName: o.name, keyId: o.keyId, publicKey: o.publicKey, ...SIMULATED_KEY_VALIDITY }));
  const kediri = keys.find((k) => k.officeCode === '3506');
  const list = issueTrustList(root.privateKey, '2026-06-01', keys, [{ keyId: kediri?.keyId ?? '', revokedOn: '2026-05-30', reason: 'key compromised' }]);
  listFile = join(process.env.TMPDIR ?? '/tmp', `adm-trust-revoked-${process.pid}.json`);
  writeFileSync(listFile, JSON.stringify(list));
  [kiosk, browser] = await Promise.all([startKiosk({ ...FAST_DEVICES, trust: { listFile, rootPublicKey: root.publicKey } }), launchChromium()]);
  page = await browser.newPage({ viewport: PORTRAIT });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
  rmSync(listFile, { force: true });
});

describe('a seal by a revoked key, end to end', () => {
  it('is not printed: the citizen keeps the right to print, and the log records it without the NIK (the fleet alert: tests/printing/untrusted-seal.test.ts)', async () => {
    const kk = await demoEntry(kiosk, 'KK-3506-900001');
    await openUi(page, kiosk);
    await signInWithPin(page, kk.nik, kk.loginPin as string);
    await chooseAndConfirm(page, kiosk, kk);
    await onScreen(page, 'print-failed', 30_000);
    const notice = await page.getByTestId('notice').innerText();
    expect(notice).toContain('Dokumen tidak dapat disiapkan');
    expect(notice).toContain('Hak cetak Anda tetap berlaku');
    expect(printedText(kiosk, 'a4')).toEqual([]);
    const out = kiosk.output();
    expect(out).toContain('"event":"documents.untrusted_seal"');
    expect(out).toMatch(/"event":"documents\.untrusted_seal"[^\n]*"code":"revoked"/);
    expect(out.split('\n').filter((l) => l.includes('documents.untrusted_seal')).join('\n')).not.toContain(kk.nik);
    // Back at the list, the document is still there to print once the trust list is put right.
    await page.getByTestId('another').click();
    await onScreen(page, 'documents');
    await page.getByTestId(`print-${kk.applicationId}`).waitFor();
  });
});
