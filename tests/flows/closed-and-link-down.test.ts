import { afterEach, describe, expect, it } from 'vitest';
import type { PrintHandle } from '../../flows/ports.ts';
import { ok } from '../../core/result.ts';
import { LISTINGS } from './support/fixtures.ts';
import { signedInByPin, startSession, toClaim, type Harness } from './support/harness.ts';
import { READY } from './support/scripted-ports.ts';

let h: Harness;
afterEach(() => h?.stop());
const handle = (over: Partial<PrintHandle> = {}): PrintHandle => ({ ledgerId: 'L0001', application: LISTINGS[0]!.application, pages: 1, ...over });

describe('closed by the hours or the central link down: nobody new starts, nobody under way is cut off', () => {
  for (const reason of ['closed', 'registry_unreachable'] as const) {
    it(`${reason}: a print under way finishes and the citizen takes it; then the kiosk shows why it does not serve`, async () => {
      h = startSession();
      await signedInByPin(h);
      await toClaim(h);
      await h.answer('print.claim', ok(handle({ pages: null })));
      await h.answer('print.render', ok(handle({ pages: 1 })));
      await h.answer('print.submit', ok(handle({ pages: 1 })));
      h.ports.setKiosk({ ...READY, outOfService: reason, ...(reason === 'closed' ? { opensAt: '2026-12-08T08:00:00+07:00' } : {}) });
      await h.advance(0);
      expect(h.at()).toBe('printing');
      // Registry confirmation owed: the print finished, the registry not yet told (the ledger keeps it).
      await h.answer('print.watch', ok({ ...handle(), registryConfirmed: false }));
      await h.answer('print.receipt', ok(undefined));
      expect(h.at()).toBe('takeDocument');
      expect(h.actor.getSnapshot().context.outcome).toMatchObject({ kind: 'printed' });
      await h.send({ type: 'finish' });
      await h.advance(6_000);
      expect(h.at()).toBe('outOfService');
      const v = h.view();
      expect(v).toMatchObject({ screen: 'out-of-service', outOfService: reason, opensAt: reason === 'closed' ? '2026-12-08T08:00:00+07:00' : null, citizen: null });
      expect(v.actions).not.toContain('start');
      h.ports.setKiosk(READY);
      await h.advance(0);
      expect(h.at()).toBe('attract');
      expect(h.view().opensAt).toBeNull();
    });
  }
});
