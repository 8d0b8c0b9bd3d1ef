import type { SimulatedLink } from './simulated-link.ts';

/**
 * What every device factory returns, whatever the class: the driver the kiosk talks to and, in
 * simulated mode, the far end of the wire the dev panel and the tests drive.
 */
export interface CreatedDevice<Driver, Simulator> {
  driver: Driver;
  /** Simulated mode: the far end (it speaks the device's side of the protocol); null on real hardware. */
  simulator: Simulator | null;
  /** Simulated serial and PC/SC modes: the cable the simulator sits on, to unplug and plug. */
  link: SimulatedLink | null;
  /** Set when the simulated transport asked for (a pty, a private pcscd) could not be made and another was used. */
  fallback?: string;
  /** Stops what the factory started beside the driver (the simulator, its cable); the driver has its own `close`. */
  close(): Promise<void>;
}

/** Every factory has this shape: its own slice of the configuration, and what it needs from the kiosk. */
export type DeviceFactory<Config, Deps, Driver, Simulator> = (config: Config, deps: Deps) => Promise<CreatedDevice<Driver, Simulator>>;
