import { accessSync, constants, existsSync } from 'node:fs';
import type { CheckOutcome, DoctorCheck } from './check.ts';
import type { KioskConfig } from '../config/schema.ts';
import { OpeningHours } from '../opening-hours/schedule.ts';
import { rtcwakePlan } from '../opening-hours/wake.ts';
import { isoInZone } from '../opening-hours/zone-time.ts';
import { spanText } from '../opening-hours/health.ts';

/** The running kiosk's /healthz (the doctor is another process): null when no kiosk answers. */
async function runningKiosk(config: KioskConfig, signal: AbortSignal): Promise<Record<string, unknown> | null> {
  const host = config.http.host === '::1' ? '[::1]' : config.http.host;
  try {
    const r = await fetch(`http://${host}:${config.http.port}/healthz`, { signal: AbortSignal.any([signal, AbortSignal.timeout(1500)]) });
    return r.ok ? ((await r.json()) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export const openingHoursCheck: DoctorCheck = {
  name: 'opening hours',
  run(config, _signal) {
    const c = config.openingHours;
    if (c === undefined) return [{ status: 'ok', detail: 'not set: the kiosk is always open' }];
    const hours = new OpeningHours(c);
    const now = new Date();
    const s = hours.at(now);
    const local = (d: Date | null) => (d ? isoInZone(d, hours.zone) : 'never');
    const today = s.today.spans.length > 0 ? s.today.spans.map(spanText).join(', ') : 'closed';
    const rule = s.today.rule === 'weekly' ? 'weekly hours' : `${s.today.rule}${s.today.name ? ` (${s.today.name})` : ''}`;
    const out: CheckOutcome[] = [
      s.open
        ? { status: 'ok', detail: `open now (${s.localTime}, ${hours.zone}); closes ${local(s.closesAt)}; today ${today} by ${rule}` }
        : { status: s.opensAt ? 'ok' : 'warn', detail: `closed now (${s.localTime}, ${hours.zone}); ${s.opensAt ? `opens ${local(s.opensAt)}` : 'no opening in the next 400 days'}; today ${today} by ${rule}` },
    ];
    const hostZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (hostZone !== hours.zone) out.push({ status: 'ok', detail: `the host's own zone is ${hostZone}: hours follow openingHours.timezone (${hours.zone}), not it` });
    if (c.power.offAtClose) {
      const plan = rtcwakePlan(hours, c.power, now);
      const wakealarm = '/sys/class/rtc/rtc0/wakealarm';
      const rtcwake = ['/usr/sbin/rtcwake', '/sbin/rtcwake'].find((p) => existsSync(p));
      if (!rtcwake) out.push({ status: 'fail', detail: 'openingHours.power.offAtClose is on but rtcwake is missing (Debian package util-linux)' });
      else if (!existsSync(wakealarm)) out.push({ status: 'warn', detail: `${wakealarm} is missing: this machine's RTC cannot wake it; powering off would leave it off` });
      else {
        try {
          accessSync(rtcwake, constants.X_OK);
        } catch {
          out.push({ status: 'fail', detail: `${rtcwake} is not executable` });
        }
      }
      out.push(plan.ok
        ? { status: 'ok', detail: `next power-off ${plan.value.offAtLocal}, wake ${plan.value.wakeAtLocal}: ${plan.value.command.join(' ')}` }
        : { status: 'ok', detail: `no power-off planned: ${plan.error.message}` });
    }
    return out;
  },
};

export const registryLinkCheck: DoctorCheck = {
  name: 'registry link',
  async run(config, signal) {
    const health = await runningKiosk(config, signal);
    const link = health?.registryLink as { state?: string; downForMs?: number; lastError?: string | null; lastOkAt?: string | null; unreachableAfterMs?: number } | undefined;
    if (!health || !link) return [{ status: 'ok', detail: `no kiosk answers on ${config.http.host}:${config.http.port}: the link's health is known only to a running kiosk (the registry line above pings it from here)` }];
    const threshold = `threshold ${Math.round((link.unreachableAfterMs ?? config.registry.unreachableAfterMs) / 1000)} s`;
    switch (link.state) {
      case 'up':
        return [{ status: 'ok', detail: `the running kiosk reaches the registry (last answer ${link.lastOkAt ?? '?'}; ${threshold})` }];
      case 'failing':
        return [{ status: 'warn', detail: `the running kiosk has not reached the registry for ${Math.round((link.downForMs ?? 0) / 1000)} s (${threshold}): ${link.lastError ?? ''}` }];
      case 'down':
        return [{ status: 'fail', detail: `the running kiosk has not reached the registry for ${Math.round((link.downForMs ?? 0) / 1000)} s: citizens are told printing is unavailable; last error: ${link.lastError ?? ''}` }];
      default:
        return [{ status: 'ok', detail: 'the running kiosk has not called the registry yet' }];
    }
  },
};
