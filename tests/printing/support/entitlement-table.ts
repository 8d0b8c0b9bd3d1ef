import type { ClaimRequest, ClaimState, Registry, RegistryError, RegistryErrorCode } from '../../../core/registry.ts';
import type { Application, Office, PrintPackage } from '../../../core/domain.ts';
import { err, ok, type Result } from '../../../core/result.ts';

/*
 * A minimal in-memory entitlement table standing in for the registry's claim / confirm / release, for
 * the print pipeline tests and the crash harness. Not a registry: no citizens, no listings, no
 * signatures that verify. It keeps the rules the real one must keep (one claim per document,
 * idempotent per ledger id, a printed document is never released) and records every breach.
 */

export type EntitlementStatus = 'ready' | 'claimed' | 'printed';

export interface Entitlement {
  applicationId: string;
  pin: string;
  status: EntitlementStatus;
  ledgerId: string | null;
  /** Every ledger id that ever claimed it, in order. */
  claims: string[];
}

const OFFICE: Office = {
  code: '3506',
  name: 'DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL KABUPATEN KEDIRI',
  city: 'KEDIRI',
  officialName: 'PEJABAT UJI',
  officialTitle: 'KEPALA DINAS',
  officialNip: '197001012000031001',
  keyId: 'test',
  publicKey: '',
};

export const TEST_NIK = '3506042505900001';

export type EntitlementCall = 'claim' | 'confirmPrinted' | 'release';

export class EntitlementTable implements Pick<Registry, 'claim' | 'confirmPrinted' | 'release' | 'claimStatus'> {
  readonly entitlements = new Map<string, Entitlement>();
  /** Released ledger ids (tombstones): a claim with one of them is refused, as the contract says. */
  readonly released = new Set<string>();
  /** Calls that broke a rule: releasing a printed document, confirming someone else's claim… */
  readonly violations: string[] = [];
  /** Per call: answer with this error instead (e.g. `unavailable`), once or always. */
  readonly #failures = new Map<EntitlementCall, { code: RegistryErrorCode; times: number }>();
  calls: Array<{ call: EntitlementCall; applicationId: string; ledgerId: string }> = [];

  add(applicationId: string, pin = '123456'): void {
    this.entitlements.set(applicationId, { applicationId, pin, status: 'ready', ledgerId: null, claims: [] });
  }

  /** The next `times` calls of `call` fail with `code` (Infinity: until cleared with times 0). */
  fail(call: EntitlementCall, code: RegistryErrorCode, times = 1): void {
    if (times <= 0) this.#failures.delete(call);
    else this.#failures.set(call, { code, times });
  }

  get(applicationId: string): Entitlement | undefined {
    return this.entitlements.get(applicationId);
  }

  nextReady(): string | null {
    for (const e of this.entitlements.values()) if (e.status === 'ready') return e.applicationId;
    return null;
  }

  #injected(call: EntitlementCall): RegistryError | null {
    const f = this.#failures.get(call);
    if (!f) return null;
    f.times -= 1;
    if (f.times <= 0) this.#failures.delete(call);
    return { code: f.code, message: `injected ${f.code} for ${call}` };
  }

  async claim(request: ClaimRequest): Promise<Result<PrintPackage, RegistryError>> {
    this.calls.push({ call: 'claim', applicationId: request.applicationId, ledgerId: request.ledgerId });
    const injected = this.#injected('claim');
    const e = this.entitlements.get(request.applicationId);
    if (!e) return err({ code: 'not_found', message: `no application ${request.applicationId}` });
    if (request.proof.kind !== 'pin' || request.proof.pin !== e.pin) return err({ code: 'wrong_pin', message: 'wrong document PIN', attemptsLeft: 2 });
    if (this.released.has(request.ledgerId)) return err({ code: 'invalid_request', message: `ledger id ${request.ledgerId} was released`, reason: 'ledger_released' });
    if (injected?.code === 'timeout' || injected?.code === 'unavailable') {
      // The worst case for the kiosk: the registry did reserve it, but the answer never arrived.
      if (e.status === 'ready') Object.assign(e, { status: 'claimed', ledgerId: request.ledgerId, claims: [...e.claims, request.ledgerId] });
      return err(injected);
    }
    if (injected) return err(injected);
    if (e.status === 'claimed' && e.ledgerId === request.ledgerId) return ok(this.#package(e));
    if (e.status !== 'ready') return err({ code: 'already_claimed', message: `application ${e.applicationId} is ${e.status}` });
    Object.assign(e, { status: 'claimed', ledgerId: request.ledgerId, claims: [...e.claims, request.ledgerId] });
    return ok(this.#package(e));
  }

  async confirmPrinted(applicationId: string, ledgerId: string): Promise<Result<void, RegistryError>> {
    this.calls.push({ call: 'confirmPrinted', applicationId, ledgerId });
    const injected = this.#injected('confirmPrinted');
    if (injected) return err(injected);
    const e = this.entitlements.get(applicationId);
    if (!e) return err({ code: 'not_found', message: `no application ${applicationId}` });
    if (e.status === 'printed' && e.ledgerId === ledgerId) return ok(undefined);
    if (e.status !== 'claimed' || e.ledgerId !== ledgerId) {
      this.violations.push(`confirmPrinted(${applicationId}, ${ledgerId}) while ${e.status} by ${e.ledgerId ?? 'nobody'}`);
      return err({ code: 'not_claimed', message: `application ${applicationId} is not claimed by ${ledgerId}` });
    }
    e.status = 'printed';
    return ok(undefined);
  }

  async release(applicationId: string, ledgerId: string): Promise<Result<void, RegistryError>> {
    this.calls.push({ call: 'release', applicationId, ledgerId });
    const injected = this.#injected('release');
    if (injected) return err(injected);
    const e = this.entitlements.get(applicationId);
    if (!e) return err({ code: 'not_found', message: `no application ${applicationId}` });
    if (e.ledgerId !== ledgerId || e.status === 'ready') {
      // This ledger id holds nothing (its claim never arrived, or was released already): a tombstone fences it.
      this.released.add(ledgerId);
      return ok(undefined);
    }
    if (e.status === 'printed') {
      this.violations.push(`release(${applicationId}, ${ledgerId}) of a printed document`);
      return err({ code: 'already_claimed', message: 'a printed document cannot be released' });
    }
    Object.assign(e, { status: 'ready', ledgerId: null });
    this.released.add(ledgerId);
    return ok(undefined);
  }

  async claimStatus(applicationId: string, ledgerId: string): Promise<Result<ClaimState, RegistryError>> {
    const e = this.entitlements.get(applicationId);
    if (this.released.has(ledgerId)) return ok({ state: 'released' });
    if (!e || e.ledgerId !== ledgerId) return ok({ state: 'none' });
    return ok({ state: e.status === 'printed' ? 'printed' : 'claimed' });
  }

  #package(e: Entitlement): PrintPackage {
    const application: Application = {
      id: e.applicationId,
      type: 'akta-mati',
      subjectNik: TEST_NIK,
      ownerNiks: [TEST_NIK],
      documentNumber: `3506-KM-01012024-${e.applicationId.slice(-4).padStart(4, '0')}`,
      status: 'ready',
      submittedOn: '2024-01-01',
      expectedOn: null,
      printableFrom: null,
      officeCode: OFFICE.code,
    };
    return {
      application,
      ledgerId: e.ledgerId ?? '',
      content: {
        type: 'akta-mati',
        death: { aktaNumber: application.documentNumber, nik: TEST_NIK, name: 'CONTOH NAMA', sex: 'LAKI-LAKI', birthDate: '1990-05-25', placeOfDeath: 'KEDIRI', dateOfDeath: '2024-01-01', registeredOn: '2024-01-02' },
        office: OFFICE,
        issuedOn: '2024-01-02',
      },
      signature: { fields: { type: 'akta-mati', number: application.documentNumber, nik: TEST_NIK, issuedOn: '2024-01-02', officeCode: OFFICE.code, keyId: OFFICE.keyId, revision: 1 }, seal: 'test' },
    };
  }
}
