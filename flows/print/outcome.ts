import type { RegistryError } from '../../core/registry.ts';
import type { PrintFailureCode } from '../ports.ts';

/** How one print ended, as the session machine needs to know it. */
export type PrintOutcome =
  | {
      kind: 'printed';
      ledgerId: string;
      pages: number;
      /** False when the registry could not be told yet; the pipeline retries it later. */
      registryConfirmed: boolean;
      receipt: 'printed' | 'failed';
    }
  /** The registry refused the claim (wrong PIN, locked, already printed…) or could not be asked. Nothing was reserved. */
  | { kind: 'refused'; error: RegistryError }
  /** Nothing came out. `released`: the entitlement is back with the citizen. */
  | { kind: 'not_printed'; ledgerId: string; reason: PrintFailureCode; released: boolean }
  /** Paper may have come out: parked for a technician, never reprinted on its own. */
  | { kind: 'unknown'; ledgerId: string; reason: PrintFailureCode; receipt: 'printed' | 'failed' };

/** Where a print is, as the progress screen shows it. */
export type PrintPhase = 'checking' | 'preparing' | 'sending' | 'printing' | 'finishing' | 'receipt';
