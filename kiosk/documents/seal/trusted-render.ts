import type { KioskLogger } from '../../log/logger.ts';
import type { PrintPackage } from '../../../core/domain.ts';
import type { TrustAnchor, TrustListError } from '../../registry/trust-list.ts';
import type { Result } from '../../../core/result.ts';
import { verifySealText } from '../verify.ts';

/** Why a package's seal is refused before anything is drawn: it does not chain to the trust list. */
export const UNTRUSTED_SEAL = 'untrusted_seal';

export interface SealTrustDeps {
  /** The configured trust list, or why it was refused (then no seal is trusted). */
  trust: Result<TrustAnchor, TrustListError>;
  log: KioskLogger;
  fleet: { untrustedSeal(detail: { code: string; officeCode: string; keyId: string }): void; trustedSeal(): void };
}

type Renderer<T> = (pkg: PrintPackage, signal: AbortSignal) => Promise<Result<T, { code: string; message: string }>>;

/**
 * Wraps the print pipeline's render step: a package whose seal does not chain to the trust list
 * (an office key outside it, revoked, or out of its validity) fails with `untrusted_seal` before
 * anything is drawn, so the pipeline releases the entitlement and nothing prints. The key in the
 * package itself is never what decides. Logged (office and key id, never a NIK) and raised to the fleet.
 */
export function trustedRender<T>(render: Renderer<T>, deps: SealTrustDeps): Renderer<T> {
  return async (pkg, signal) => {
    if (!deps.trust.ok) {
      const detail = { code: 'trust_list_refused', officeCode: pkg.signature.fields.officeCode, keyId: pkg.signature.fields.keyId };
      deps.log.event('documents.untrusted_seal', { ...detail, reason: deps.trust.error.message });
      deps.fleet.untrustedSeal(detail);
      return { ok: false, error: { code: UNTRUSTED_SEAL, message: `no trust list: ${deps.trust.error.message}` } };
    }
    const verified = verifySealText(pkg.signature.seal, deps.trust.value.list);
    if (!verified.ok) {
      const detail = { code: verified.error.code, officeCode: pkg.signature.fields.officeCode, keyId: pkg.signature.fields.keyId };
      deps.log.event('documents.untrusted_seal', { ...detail, reason: verified.error.message });
      deps.fleet.untrustedSeal(detail);
      return { ok: false, error: { code: UNTRUSTED_SEAL, message: `the seal does not chain to the trust list (${verified.error.code}): ${verified.error.message}` } };
    }
    const rendered = await render(pkg, signal);
    if (rendered.ok) deps.fleet.trustedSeal();
    return rendered;
  };
}
