import type { KioskConfig } from '../config/schema.ts';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface CheckOutcome {
  status: CheckStatus;
  detail: string;
}

/** One line of `adm doctor`: what is configured, whether it is reachable, what is missing. */
export interface DoctorCheck {
  name: string;
  run(config: KioskConfig, signal: AbortSignal): Promise<CheckOutcome[]> | CheckOutcome[];
}
