import { afterEach, describe, expect, it } from 'vitest';
import { ok } from '../../core/result.ts';
import type { PrintHandle } from '../../flows/ports.ts';
import { CITIZEN, LISTINGS, NIK } from './support/fixtures.ts';
import { signedInByPin, startSession, toClaim, type Harness } from './support/harness.ts';
import { settle } from './support/scripted-ports.ts';

let h: Harness;
afterEach(() => h?.stop());

function handle(over: Partial<PrintHandle> = {}): PrintHandle {
  return { ledgerId: 'L0001', application: LISTINGS[0]!.application, pages: 1, ...over };
}

describe('session: the journey that goes right', () => {
  it('e-KTP + finger → KK printed with progress → receipt → thank you → wiped', async () => {
    h = startSession();
    expect(h.at()).toBe('attract');
    h.ports.setCard(true);
    await Promise.resolve();
    expect(h.at()).toBe('identify.ektp.reading');
    expect(h.view().screen).toBe('card-reading');
    await h.answer('card.read', ok({ nik: NIK }));
    expect(h.at()).toBe('identify.ektp.finger');
    await h.answer('card.verifyFinger', ok({ match: true }));
    expect(h.at()).toBe('identify.ektp.lookup');
    expect(h.ports.pending('registry.findByNik')?.args).toEqual([NIK]);
    await h.answer('registry.findByNik', ok(CITIZEN));
    expect(h.at()).toBe('documents.loading');
    await h.answer('registry.listDocuments', ok(LISTINGS));
    const list = h.view();
    expect(list.screen).toBe('documents');
    expect(list.citizen).toEqual({ name: 'BUDI SANTOSO', nik: '3506********0003' });
    expect(list.documents.map((d) => [d.id, d.status])).toEqual([
      ['app-kk', 'ready'],
      ['app-ktp', 'ready'],
      ['app-akta', 'in-progress'],
      ['app-kia', 'not-yet'],
    ]);

    await toClaim(h);
    expect(h.at()).toBe('printing');
    const claim = h.ports.pending('print.claim');
    expect(claim?.args[0]).toMatchObject({ application: { id: 'app-kk' }, nik: NIK, proof: { kind: 'pin', pin: '654321' } });
    await h.answer('print.claim', ok(handle({ pages: null })));
    expect(h.view().progress).toEqual({ phase: 'preparing', page: 0, pages: null });
    await h.answer('print.render', ok(handle({ pages: 2 })));
    await h.answer('print.submit', ok(handle({ pages: 2 })));
    h.ports.pending('print.watch')?.onProgress?.({ page: 1, pages: 2 });
    await settle();
    expect(h.view().progress).toEqual({ phase: 'printing', page: 1, pages: 2 });
    await h.answer('print.watch', ok({ ...handle({ pages: 2 }), registryConfirmed: true }));
    await h.answer('print.receipt', ok(undefined));
    expect(h.at()).toBe('takeDocument');
    expect(h.view().result).toEqual({ reference: 'L0001', pages: 2, receipt: 'printed' });

    await h.send({ type: 'finish' });
    expect(h.at()).toBe('thankYou');
    const bye = h.view();
    expect(bye.citizen).toBeNull();
    expect(JSON.stringify(bye)).not.toContain('BUDI');
    await h.advance(6_000);
    expect(h.at()).toBe('attract');
    expect(h.actor.getSnapshot().context.citizen).toBeNull();
    expect(h.emitted.map((e) => e.type)).toEqual(['journey.started', 'journey.signedIn', 'journey.printOutcome', 'journey.ended']);
  });

  it('NIK + PIN sign-in reaches the list', async () => {
    h = startSession();
    await signedInByPin(h);
    expect(h.at()).toBe('documents.list');
  });
});
