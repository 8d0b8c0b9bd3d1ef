import { z } from 'zod';

/** `devices.headphoneJack` in the kiosk configuration; docs/devices/headphone-jack.md explains each key. */
export const headphoneJackConfigSchema = z.strictObject({
  /** `evdev`: the sound card's input device; `simulated`: a FIFO the simulator writes input events to. */
  mode: z.enum(['simulated', 'evdev', 'none']).default('simulated'),
  /** The input device node, e.g. `/dev/input/event7`; without it the device whose name holds `nameContains` is found in /sys/class/input. */
  path: z.string().min(1).optional(),
  nameContains: z.string().min(1).default('Headphone'),
  /** Where input devices are listed (a test points it elsewhere). */
  sysInputDir: z.string().min(1).default('/sys/class/input'),
  /** Wait before opening the device again after it went away. */
  reopenMs: z.number().int().min(100).max(60000).default(2000),
});

export type HeadphoneJackConfig = z.output<typeof headphoneJackConfigSchema>;
