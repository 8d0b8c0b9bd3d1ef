import type { BootContext } from './context.ts';
import type { KioskBus } from '../bus.ts';
import type { DeviceBoard } from '../../devices/common/device-board.ts';
import type { DeviceStatus } from '../../core/device-status.ts';
import { createUps, upsCredentials } from '../../devices/ups/factory.ts';
import { UpsDriver } from '../../devices/ups/driver.ts';
import type { UpsSimulator } from '../../devices/ups/simulator.ts';
import { startPowerOff } from '../power/power-off.ts';
import { PowerWatch, type PowerSnapshot } from '../power/power-watch.ts';
import { PowerEventLog, unsettledPrints, type PowerEvent } from '../store/power-events.ts';

export interface PowerOffHandle {
  /** Low battery: the power-off command runs once, at the end of the shutdown that follows. */
  arm(): void;
  readonly armed: boolean;
}

/**
 * The last shutdown step before the store closes: when armed (low battery), it records how the
 * ledger stands and runs `devices.ups.powerOffCommand` once. Wired first, so every other area
 * (the citizen's print, printers, the fleet) has closed before it runs.
 */
export function wirePowerOff(ctx: BootContext): PowerOffHandle {
  const { config, log } = ctx;
  const events = new PowerEventLog(ctx.store.journal);
  let armed = false;
  let ran = false;
  ctx.lifecycle.add('power-off', { outermost: true, stop: async () => {
    if (!armed || ran) return;
    ran = true;
    const ledger = unsettledPrints(ctx.store.db);
    events.append({ event: 'stopped', status: null, chargePct: null, runtimeS: null, openPrints: ledger.open });
    const argv = config.devices.ups.powerOffCommand;
    if (argv.length === 0) {
      log.event('power.off_unconfigured', { openPrints: ledger.open, unknownPrints: ledger.unknown });
      return;
    }
    events.append({ event: 'power-off-requested', status: null, chargePct: null, runtimeS: null });
    const started = await startPowerOff(argv, config.devices.ups.powerOffTimeoutMs);
    log.event('power.off_requested', { command: argv[0], outcome: started.kind, ...(started.kind === 'failed' ? { error: started.message } : {}), openPrints: ledger.open, unknownPrints: ledger.unknown });
    if (started.kind === 'started') {
      void started.exited.then((x) => log.event('power.off_command_ended', x.kind === 'exited' ? { code: x.code, signal: x.signal } : { timeoutMs: x.ms }));
    }
  } });
  return {
    arm() {
      armed = true;
    },
    get armed() {
      return armed;
    },
  };
}

export interface PowerHandle {
  readonly ups: UpsDriver | null;
  /** Simulated mode: the simulated upsd (dev panel, tests). */
  readonly simulator: UpsSimulator | null;
  snapshot(): PowerSnapshot;
  /** Newest first. */
  recentEvents(limit?: number): PowerEvent[];
}

export interface WirePowerDeps {
  service: { set(reason: 'on-battery' | 'battery-charging', outOfService: boolean): boolean };
  powerOff: PowerOffHandle;
  /** Every change of the power is said here (the fleet reports it). */
  bus: KioskBus;
  /** Whether the journey has a print under way (a low battery waits for it to finish). */
  printing: () => boolean;
}

/**
 * The UPS (NUT's upsd, simulated by default) and the power watch. Its start waits for the first
 * reading (at most `devices.ups.timeoutMs`), so a kiosk booting on battery does not open for a moment first.
 */
export async function wirePower(ctx: BootContext, board: DeviceBoard, deps: WirePowerDeps): Promise<PowerHandle> {
  const { config, log } = ctx;
  const c = config.devices.ups;
  const events = new PowerEventLog(ctx.store.journal);
  const credentials = c.mode === 'none' ? null : upsCredentials(c);
  if (credentials && !credentials.ok) log.event('ups.config_invalid', { error: credentials.error });
  const ups = credentials?.ok ? await createUps(c, { credentials: credentials.value }).catch((e: Error) => {
    log.event('ups.config_invalid', { error: e.message });
    return null;
  }) : null;
  const driver = ups?.driver ?? null;
  const watch = new PowerWatch({
    ups: driver ?? { on: () => undefined },
    thresholds: { lowChargePct: c.lowChargePct, lowRuntimeS: c.lowRuntimeS, resumeChargePct: c.resumeChargePct },
    service: deps.service,
    events,
    log,
    printing: deps.printing,
    drainMs: c.lowBatteryDrainMs,
    stopForLowBattery: () => {
      deps.powerOff.arm();
      ctx.lifecycle.requestStop('low-battery');
    },
    report: (snapshot, event) => deps.bus.emit('power.changed', { snapshot, event }),
    now: ctx.now,
  });
  if (c.mode !== 'none') {
    board.add(() => driver?.summary() ?? { id: 'ups', mode: c.mode, status: { device: 'hardwareError', reasons: ['config-invalid'], since: new Date(ctx.startedAt).toISOString() } });
  }
  if (driver) {
    driver.on('status', (s: DeviceStatus) => log.event('ups.status_changed', { mode: c.mode, state: s.device, reasons: s.reasons, detail: s.detail, action: s.action }));
    driver.supervisor.on('retry', (r) => log.event('ups.retrying', { ...r }));
  }
  ctx.lifecycle.add('ups', {
    start: async () => {
      if (!driver) return;
      const first = new Promise<void>((resolve) => {
        const t = setTimeout(resolve, c.timeoutMs);
        driver.once('reading', () => {
          clearTimeout(t);
          resolve();
        });
      });
      driver.start();
      await first;
    },
    stop: async () => {
      watch.stop();
      await driver?.stop();
      await ups?.close();
    },
  });
  return {
    ups: driver,
    simulator: ups?.simulator ?? null,
    snapshot: () => watch.snapshot(),
    recentEvents: (limit = 10) => events.recent(limit),
  };
}
