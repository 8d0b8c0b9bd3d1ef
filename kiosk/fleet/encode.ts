import type { Redactor } from '../privacy/redactor.ts';

/**
 * The one way a fleet message becomes text. It passes through the same redactor as the logs
 * (NIK-shaped numbers masked, personal keys blanked, names the session registered blanked), so a
 * mistake upstream, such as a device detail quoting a citizen, cannot reach the broker.
 */
export function fleetEncoder(redactor: Redactor): (message: Record<string, unknown>) => string {
  return (message) => JSON.stringify(redactor.object(message));
}
