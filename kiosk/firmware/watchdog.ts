import type { ServiceNotifier } from './notify.ts';
import { err, ok, type Result } from '../../core/result.ts';

export interface WatchdogSettings {
  /** The manager's deadline (WatchdogSec) in milliseconds. */
  timeoutMs: number;
  /** How often we ping: half the deadline, as sd_watchdog_enabled(3) advises, so one late tick is not fatal. */
  intervalMs: number;
}

export type WatchdogEnvError = { code: 'bad_watchdog_usec'; value: string; message: string };

/**
 * Reads `WATCHDOG_USEC` / `WATCHDOG_PID` as sd_watchdog_enabled(3) does: null when no watchdog is
 * asked for, or when it is meant for another process (WATCHDOG_PID names someone else).
 */
export function watchdogFromEnv(env: NodeJS.ProcessEnv = process.env, pid: number = process.pid): Result<WatchdogSettings | null, WatchdogEnvError> {
  const usec = env.WATCHDOG_USEC;
  if (usec === undefined || usec === '') return ok(null);
  if (env.WATCHDOG_PID !== undefined && env.WATCHDOG_PID !== '' && env.WATCHDOG_PID !== String(pid)) return ok(null);
  if (!/^\d+$/.test(usec) || Number(usec) === 0) {
    return err({ code: 'bad_watchdog_usec', value: usec, message: `WATCHDOG_USEC=${usec} is not a positive number of microseconds; the watchdog stays off` });
  }
  const timeoutMs = Math.max(1, Math.floor(Number(usec) / 1000));
  return ok({ timeoutMs, intervalMs: Math.max(1, Math.floor(timeoutMs / 2)) });
}

export interface Watchdog {
  readonly pings: number;
  stop(): void;
}

/**
 * Pings from a plain timer on the main event loop, deliberately: if the loop is blocked (a sync
 * loop, a wedged native call) the pings stop, the manager's deadline passes, and systemd restarts
 * the kiosk. `alive` lets the runtime withhold pings for a fault the loop itself cannot see.
 */
export function startWatchdog(notifier: ServiceNotifier, settings: WatchdogSettings, alive: () => boolean = () => true): Watchdog {
  let pings = 0;
  const tick = () => {
    if (!alive()) return;
    pings += 1;
    notifier.watchdog();
  };
  tick();
  const timer = setInterval(tick, settings.intervalMs);
  // The watchdog must never be the thing that keeps a finished process alive.
  timer.unref();
  return {
    get pings() {
      return pings;
    },
    stop() {
      clearInterval(timer);
    },
  };
}
