import { afterEach, describe, expect, it } from 'vitest';
import { ok } from '../../core/result.ts';
import type { PrintHandle } from '../../flows/ports.ts';
import { LISTINGS, SETTINGS } from './support/fixtures.ts';
import { signedInByPin, startSession, toClaim, type Harness } from './support/harness.ts';

let h: Harness;
afterEach(() => h?.stop());

const HANDLE: PrintHandle = { ledgerId: 'L0001', application: LISTINGS[0]!.application, pages: 1 };

async function printed(): Promise<void> {
  await toClaim(h);
  await h.answer('print.claim', ok(HANDLE));
  await h.answer('print.render', ok(HANDLE));
  await h.answer('print.submit', ok(HANDLE));
  await h.answer('print.watch', ok({ ...HANDLE, registryConfirmed: true }));
  await h.answer('print.receipt', ok({ reference: 'L0001' }));
}

describe('session: the take-document screen waits for a slow reader', () => {
  it('a touch starts its count again, so the reference stays on screen while the citizen copies it', async () => {
    h = startSession();
    await signedInByPin(h);
    await printed();
    expect(h.at()).toBe('takeDocument');
    expect(h.view().actions).toContain('activity');
    await h.advance(SETTINGS.takeDocumentTimeoutMs - 1000);
    await h.send({ type: 'activity' });
    await h.advance(SETTINGS.takeDocumentTimeoutMs - 1000);
    expect(h.at()).toBe('takeDocument');
    await h.advance(1000);
    expect(h.at()).toBe('thankYou');
  });
});
