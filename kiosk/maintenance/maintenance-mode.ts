import { createActor, type Actor } from 'xstate';
import type { FlowClock } from '../../flows/clock.ts';
import { createMaintenanceMachine, vendorModeOf, type MaintenanceEmitted, type MaintenanceMachine, type VendorModeState } from '../../flows/maintenance/maintenance-machine.ts';
import type { EntrySource, ExitReason, MaintenancePorts, MaintenanceSettings, TechnicianRef } from '../../flows/maintenance/ports.ts';

/**
 * Runs the vendor-mode machine for the kiosk's lifetime and tells listeners what it emits (the
 * maintenance area journals and audits those). Reads of the mode are synchronous snapshots.
 */
export class MaintenanceMode {
  readonly #actor: Actor<MaintenanceMachine>;
  readonly #listeners = new Set<(e: MaintenanceEmitted) => void>();

  constructor(ports: MaintenancePorts, settings: MaintenanceSettings, clock: FlowClock) {
    const machine = createMaintenanceMachine({ ports, settings, now: () => clock.now() });
    this.#actor = createActor(machine, { clock });
    for (const type of ['maintenance.enterRequested', 'maintenance.active', 'maintenance.signedIn', 'maintenance.exitRequested', 'maintenance.inactive'] as const) {
      this.#actor.on(type, (e) => {
        for (const l of [...this.#listeners]) l(e);
      });
    }
    this.#actor.start();
  }

  on(listener: (e: MaintenanceEmitted) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get state(): VendorModeState {
    return vendorModeOf(this.#actor.getSnapshot().value);
  }

  /** True on the sign-in screen (active, nobody signed in yet). */
  get signingIn(): boolean {
    return this.#actor.getSnapshot().matches({ active: 'signIn' });
  }

  get working(): boolean {
    return this.#actor.getSnapshot().matches({ active: 'working' });
  }

  get technician(): TechnicianRef | null {
    return this.#actor.getSnapshot().context.technician;
  }

  enter(source: EntrySource): void {
    this.#actor.send({ type: 'enter', source });
  }

  signedIn(technician: TechnicianRef): void {
    this.#actor.send({ type: 'signedIn', technician });
  }

  activity(): void {
    this.#actor.send({ type: 'activity' });
  }

  leave(reason?: ExitReason): void {
    this.#actor.send(reason === undefined ? { type: 'leave' } : { type: 'leave', reason });
  }

  stop(): void {
    this.#listeners.clear();
    this.#actor.stop();
  }
}
