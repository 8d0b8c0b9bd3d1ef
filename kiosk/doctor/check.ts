import type { KioskConfig } from '../config/schema.ts';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface CheckOutcome {
  status: CheckStatus;
  detail: string;
}

/** What `adm doctor` knows beyond the configuration itself. */
export interface DoctorContext {
  /** The configuration file read, or null for the defaults. */
  configFile: string | null;
  env: NodeJS.ProcessEnv;
}

/** One line of `adm doctor`: what is configured, whether it is reachable, what is missing. */
export interface DoctorCheck {
  name: string;
  run(config: KioskConfig, signal: AbortSignal, context?: DoctorContext): Promise<CheckOutcome[]> | CheckOutcome[];
}
