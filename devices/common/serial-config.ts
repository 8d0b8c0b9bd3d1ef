import { z } from 'zod';

/** What every serial device's configuration holds: the port, and in simulated mode the cable the simulator sits on. */
export const serialDeviceSchema = z.strictObject({
  mode: z.enum(['simulated', 'serial']).default('simulated'),
  /** e.g. `/dev/ttyUSB0` or a udev symlink such as `/dev/adm-reader`. */
  path: z.string().min(1).optional(),
  baudRate: z.number().int().positive().default(115200),
  /** Simulated mode: the simulator on an in-memory cable, or on a socat pty pair (needs socat). */
  simulatorLink: z.enum(['memory', 'pty']).default('memory'),
  /** Status poll while idle; a device that misses two is reported `hardwareError/no-response`. */
  heartbeatMs: z.number().int().min(100).default(5000),
  /** Cap of the reconnect backoff. */
  reconnectMaxMs: z.number().int().min(100).default(10000),
});
