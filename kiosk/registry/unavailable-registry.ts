import { err, type Result } from '../../core/result.ts';
import type { Registry, RegistryError } from '../../core/registry.ts';

/**
 * The registry a kiosk runs with when its registry could not be set up at boot (a damaged embedded
 * file, unreadable TLS files): every call answers `unavailable` with the reason, so citizens hear
 * "layanan pusat sedang tidak tersedia", the rest of the kiosk (maintenance, fleet) keeps working,
 * and `adm doctor` names the cause.
 */
export class UnavailableRegistry implements Registry {
  constructor(readonly reason: string) {}

  #no(): Promise<Result<never, RegistryError>> {
    return Promise.resolve(err({ code: 'unavailable', message: this.reason }));
  }

  findByNik = () => this.#no();
  signInWithPin = () => this.#no();
  signInWithQr = () => this.#no();
  listDocuments = () => this.#no();
  claim = () => this.#no();
  confirmPrinted = () => this.#no();
  release = () => this.#no();
  documentState = () => this.#no();
  verifyDocument = () => this.#no();
  claimStatus = () => this.#no();
  offices = () => this.#no();
  ping = () => this.#no();
  async close(): Promise<void> {}
}
