import { z } from 'zod';
import { NUT_PORT } from './protocol.ts';

/** `devices.ups` in the kiosk configuration; docs/devices/ups.md and docs/configuration.md explain each key. */
export const upsConfigSchema = z
  .strictObject({
    /** `nut`: read a UPS from NUT's upsd; `simulated`: a simulated upsd on loopback; `none`: no UPS fitted. */
    mode: z.enum(['simulated', 'nut', 'none']).default('simulated'),
    /** Where upsd listens (its `LISTEN` line); loopback on a kiosk. */
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(1).max(65535).default(NUT_PORT),
    /** The UPS's section name in ups.conf (`[kioskups]`). */
    name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'the section name in ups.conf: letters, digits, dot, dash, underscore').default('kioskups'),
    /** A user from upsd.users; with it the kiosk logs in (LOGIN) as a secondary, so upsd's primary waits for it at shutdown. */
    username: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).optional(),
    /** A file holding that user's password (one line); kept out of the configuration itself. */
    passwordFile: z.string().min(1).optional(),
    /** How often ups.status, battery.charge and battery.runtime are read. */
    pollIntervalMs: z.number().int().min(200).max(60000).default(2000),
    /** One command to upsd, connecting included. */
    timeoutMs: z.number().int().min(100).max(30000).default(3000),
    /** Cap of the reconnect backoff while upsd is unreachable. */
    reconnectMaxMs: z.number().int().min(100).default(10000),
    /** On battery, the kiosk stops and powers off when the charge falls below this (or the UPS says LB). */
    lowChargePct: z.number().min(0).max(100).default(20),
    /** …or when the runtime left falls below this many seconds. */
    lowRuntimeS: z.number().int().min(0).default(180),
    /** Back on mains after an outage, citizens are served again once the charge is at least this. */
    resumeChargePct: z.number().min(0).max(100).default(50),
    /** At low battery, how long a print under way may go on before the kiosk stops anyway (the row is then reconciled at the next boot). */
    lowBatteryDrainMs: z.number().int().min(0).max(600000).default(90000),
    /**
     * Run once, after the kiosk stopped for low battery, to ask the host to power off: argv, no
     * shell. On a kiosk `["/usr/bin/touch", "/run/adm-kiosk/power-off"]`, the request the root
     * path unit adm-poweroff.path answers (docs/install.md). Empty: the kiosk stops and the host
     * is left to upsmon.
     */
    powerOffCommand: z.array(z.string().min(1)).default([]),
    /** How long the power-off command may take before it is given up on. */
    powerOffTimeoutMs: z.number().int().min(100).max(120000).default(15000),
  })
  .superRefine((v, ctx) => {
    if (v.resumeChargePct < v.lowChargePct) {
      ctx.addIssue({ code: 'custom', path: ['resumeChargePct'], message: 'must be at least lowChargePct, or the kiosk would open and stop again at once', input: v.resumeChargePct });
    }
    if ((v.username === undefined) !== (v.passwordFile === undefined)) {
      ctx.addIssue({ code: 'custom', path: [v.username === undefined ? 'username' : 'passwordFile'], message: 'username and passwordFile go together', input: undefined });
    }
  });

export type UpsConfig = z.output<typeof upsConfigSchema>;
