import { err, ok, type Result } from '../../core/result.ts';
import type { OpeningHoursConfig } from './config.ts';
import { parseSpan } from './config.ts';
import type { OpeningHours } from './schedule.ts';
import { addDays, isoInZone, WEEKDAYS, type Weekday } from './zone-time.ts';

/**
 * Powering the host off for a closure and waking it before opening with the RTC alarm (`rtcwake`,
 * util-linux). The plan is a pure function of the schedule and the time, so it is tested without
 * touching a clock chip; `adm hours power-off` carries it out, and `adm hours systemd` writes the
 * timer that starts it after each closing.
 */

export interface WakePlan {
  /** When the host goes off (now, or the closing plus `offAfterCloseMin` while still open). */
  offAt: Date;
  /** When the RTC wakes it: `wakeBeforeOpenMin` before the next opening. */
  wakeAt: Date;
  opensAt: Date;
  offAtLocal: string;
  wakeAtLocal: string;
  opensAtLocal: string;
  /** The command line, argv form; `rtcwake` reads the RTC's clock mode (UTC or local) from /etc/adjtime. */
  command: string[];
}

export interface NoPlan {
  code: 'no_opening' | 'too_short';
  message: string;
}

type PowerConfig = OpeningHoursConfig['power'];

export function rtcwakePlan(hours: OpeningHours, power: PowerConfig, now: Date, rtcwake = 'rtcwake'): Result<WakePlan, NoPlan> {
  const state = hours.at(now);
  const closesAt = state.open ? state.closesAt : now;
  if (closesAt === null) return err({ code: 'no_opening', message: 'the kiosk never closes in the next 400 days' });
  const offAt = state.open ? new Date(closesAt.getTime() + power.offAfterCloseMin * 60_000) : now;
  const opensAt = hours.nextOpening(closesAt);
  if (opensAt === null) return err({ code: 'no_opening', message: 'no opening in the next 400 days: the host stays on rather than sleep with no wake-up' });
  const wakeAt = new Date(opensAt.getTime() - power.wakeBeforeOpenMin * 60_000);
  const offMin = (wakeAt.getTime() - offAt.getTime()) / 60_000;
  if (offMin < power.minOffMin) {
    return err({ code: 'too_short', message: `the closure until ${isoInZone(opensAt, hours.zone)} leaves ${Math.max(0, Math.floor(offMin))} min off, less than openingHours.power.minOffMin (${power.minOffMin})` });
  }
  const wakeSeconds = Math.floor(wakeAt.getTime() / 1000);
  return ok({
    offAt,
    wakeAt,
    opensAt,
    offAtLocal: isoInZone(offAt, hours.zone),
    wakeAtLocal: isoInZone(wakeAt, hours.zone),
    opensAtLocal: isoInZone(opensAt, hours.zone),
    command: [rtcwake, '--mode', 'off', '--time', String(wakeSeconds)],
  });
}

const SYSTEMD_DAYS: Record<Weekday, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };
const hhmm = (m: number) => `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/**
 * The `OnCalendar=` lines of the power-off timer: every weekly closing and every dated one, plus
 * `offAfterCloseMin`, in the kiosk's zone. Weekdays with the same time share a line. A trigger that
 * falls on a short closure (a lunch break) is harmless: `adm hours power-off` works the plan out
 * again and does nothing when the closure is too short or the kiosk is open.
 */
export function powerOffCalendar(config: OpeningHoursConfig): string[] {
  const after = config.power.offAfterCloseMin;
  const byTime = new Map<string, Weekday[]>();
  for (const day of WEEKDAYS) {
    for (const span of config.weekly[day].map(parseSpan)) {
      const at = span.close + after;
      // A closing pushed past midnight belongs to the next weekday.
      const d = at >= 1440 ? (WEEKDAYS[(WEEKDAYS.indexOf(day) + 1) % 7] as Weekday) : day;
      const key = hhmm(at % 1440);
      byTime.set(key, [...(byTime.get(key) ?? []), d]);
    }
  }
  const lines = [...byTime.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([time, days]) => `${[...new Set(days)].sort((a, b) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b)).map((d) => SYSTEMD_DAYS[d]).join(',')} *-*-* ${time}:00 ${config.timezone}`);
  for (const e of config.exceptions) {
    const closings = e.hours.map(parseSpan).map((span) => span.close + after).filter((at) => at < 1440);
    // One line per dated closing; a long exception is one rule in the schedule, a handful of lines here.
    for (let d = e.from, i = 0; d <= (e.to ?? e.from) && i < 62; d = addDays(d, 1), i++) {
      for (const at of closings) lines.push(`${d} ${hhmm(at)}:00 ${config.timezone}`);
    }
  }
  return lines;
}

export interface SleepUnits {
  timer: string;
  service: string;
}

/** `adm-kiosk-sleep.timer` and `.service` for `/etc/systemd/system/`, from the schedule. */
export function sleepUnits(config: OpeningHoursConfig, options: { adm: string; configFile: string }): SleepUnits {
  const timer = [
    '# Written by `adm hours systemd` from openingHours: after each closing, power off until shortly before opening.',
    '[Unit]',
    'Description=ADM kiosk: power off after closing, RTC wake before opening',
    '',
    '[Timer]',
    ...powerOffCalendar(config).map((c) => `OnCalendar=${c}`),
    'AccuracySec=1min',
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ].join('\n');
  const service = [
    '# Written by `adm hours systemd`. Waits for a citizen still at the kiosk (exit 75, retried), then',
    '# sets the RTC alarm and powers off through rtcwake; adm-kiosk.service stops cleanly on the way down.',
    '[Unit]',
    'Description=ADM kiosk: power off for the closure (rtcwake)',
    'After=adm-kiosk.service',
    'StartLimitIntervalSec=0',
    '',
    '[Service]',
    'Type=oneshot',
    `ExecStart=${options.adm} hours power-off --config ${options.configFile}`,
    'Restart=on-failure',
    'RestartSec=2min',
    'SuccessExitStatus=0',
    '',
  ].join('\n');
  return { timer, service };
}
