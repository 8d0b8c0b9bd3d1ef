/**
 * The narrow face of the kiosk's logger that a lower layer needs: a device names the events it
 * may log, and the kiosk's catalog must hold every one of them (checked where the catalog is built).
 */
export interface EventLog<Name extends string> {
  event(name: Name, fields?: Record<string, unknown>): void;
}
