import type { DoctorCheck } from './check.ts';
import { configuredTrust } from '../registry/trust-list.ts';
import { localDay } from '../registry/identifiers/dates.ts';

/** The trust list the kiosk prints by: whether it loads and chains to the root, and what it holds. */
export const trustListCheck: DoctorCheck = {
  name: 'trust list',
  run(config) {
    const trust = configuredTrust(config.trust, config.dataDir);
    if (!trust.ok) return [{ status: 'fail', detail: `${trust.error.message}: the kiosk trusts no seal and prints nothing` }];
    const { list } = trust.value;
    const today = localDay(new Date());
    const current = list.keys.filter((k) => k.validFrom <= today && today <= k.validUntil && !list.revoked.some((r) => r.keyId === k.keyId));
    const source = config.trust.listFile === undefined ? 'the simulated offices (no trust.listFile; signs nothing real)' : config.trust.listFile;
    return [{
      status: current.length > 0 ? 'ok' : 'warn',
      detail: `${source}: issued ${list.issuedOn}, ${list.keys.length} office keys (${current.length} valid today), ${list.revoked.length} revoked`,
    }];
  },
};
