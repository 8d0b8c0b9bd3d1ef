import type { StoredOffice } from '../embedded/rows.ts';
import { makeOffice } from './offices.ts';
import { SeededRandom } from './random.ts';

/**
 * The offices of the simulated registry. Their keys come from a fixed seed, not the families' seed,
 * so the demo set's QR codes verify in every seeded registry (these keys sign nothing real).
 */
export const OFFICE_CODES = ['3506', '3571', '3572', '3575', '7271'] as const;
export const OFFICE_KEY_YEAR = 2024;

export function simulatedOffices(): StoredOffice[] {
  const rnd = new SeededRandom('adm-simulated-offices-v1');
  return OFFICE_CODES.map((code) => makeOffice(rnd.fork(code), code, OFFICE_KEY_YEAR));
}
