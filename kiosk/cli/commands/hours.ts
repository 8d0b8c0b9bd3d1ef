import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from '../command.ts';
import { formatProblem, loadConfig } from '../../config/load.ts';
import type { KioskConfig } from '../../config/schema.ts';
import { hoursView, spanText } from '../../opening-hours/health.ts';
import { OpeningHours } from '../../opening-hours/schedule.ts';
import { rtcwakePlan, sleepUnits } from '../../opening-hours/wake.ts';
import { addDays, wallTime } from '../../opening-hours/zone-time.ts';

/** Exit code when a citizen is still at the kiosk: the systemd unit retries (EX_TEMPFAIL). */
const BUSY = 75;

const USAGE = `[status] [--at ISO] [--json] [--config FILE]
       adm hours rtcwake [--at ISO] [--config FILE]          the next power-off and wake time, and the rtcwake command (never run)
       adm hours systemd [--out DIR] [--config FILE]         the adm-kiosk-sleep timer and service units for this schedule
       adm hours power-off [--dry-run] [--config FILE]       wait for no citizen, then rtcwake --mode off (as root, from the timer)`;

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function schedule(argv: string[]): { config: KioskConfig; hours: OpeningHours; file: string | null } | null {
  const file = arg(argv, '--config');
  const loaded = loadConfig(file === undefined ? {} : { file });
  if (!loaded.ok) {
    for (const p of loaded.error) process.stderr.write(`${formatProblem(p)}\n`);
    return null;
  }
  const c = loaded.value.config.openingHours;
  if (c === undefined) {
    process.stderr.write('adm hours: openingHours is not set in the configuration: the kiosk is always open\n');
    return null;
  }
  return { config: loaded.value.config, hours: new OpeningHours(c), file: loaded.value.file };
}

function when(argv: string[]): Date | null {
  const at = arg(argv, '--at');
  if (at === undefined) return new Date();
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) {
    process.stderr.write(`adm hours: --at ${at} is not a time (ISO 8601, e.g. 2026-12-07T15:20:00+07:00)\n`);
    return null;
  }
  return d;
}

/** The running kiosk's screen and print, from its /healthz; null when no kiosk answers. */
async function citizenAtKiosk(config: KioskConfig): Promise<{ screen: string; printing: boolean } | null> {
  try {
    const r = await fetch(`http://${config.http.host === '::1' ? '[::1]' : config.http.host}:${config.http.port}/healthz`, { signal: AbortSignal.timeout(3000) });
    const j = (await r.json()) as { citizen?: { screen: string; printing: boolean } };
    return j.citizen ?? null;
  } catch {
    return null;
  }
}

export const hoursCommand: Command = {
  name: 'hours',
  summary: 'opening hours now and this week; the wake schedule (rtcwake) and its systemd units',
  usage: USAGE,
  async run(argv) {
    const verb = ['status', 'rtcwake', 'systemd', 'power-off'].includes(argv[0] ?? '') ? (argv[0] as string) : 'status';
    if (argv.includes('--help')) {
      process.stdout.write(`usage: adm hours ${USAGE}\n`);
      return 0;
    }
    const s = schedule(argv);
    if (!s) return 2;
    const { config, hours } = s;
    const power = (config.openingHours as NonNullable<KioskConfig['openingHours']>).power;

    if (verb === 'status') {
      const now = when(argv);
      if (!now) return 2;
      const view = hoursView({ hours, state: () => hours.at(now) });
      const start = wallTime(now, hours.zone).date;
      const week = Array.from({ length: 7 }, (_, i) => hours.day(addDays(start, i))).map((d) => ({ date: d.date, weekday: d.weekday, hours: d.spans.map(spanText), rule: d.rule, name: d.name }));
      if (argv.includes('--json')) {
        process.stdout.write(`${JSON.stringify({ ...view, week }, null, 2)}\n`);
        return 0;
      }
      process.stdout.write(`${view.open ? `open now (${view.localTime}); closes ${view.closesAt}` : `closed now (${view.localTime}); opens ${view.opensAt ?? 'not in the next 400 days'}`}\n`);
      for (const d of week) process.stdout.write(`  ${d.date} ${d.weekday}  ${(d.hours.join(', ') || 'closed').padEnd(26)} ${d.rule}${d.name ? ` (${d.name})` : ''}\n`);
      return 0;
    }

    if (verb === 'rtcwake') {
      const now = when(argv);
      if (!now) return 2;
      const plan = rtcwakePlan(hours, power, now);
      if (!plan.ok) {
        process.stdout.write(`no power-off: ${plan.error.message}\n`);
        return 0;
      }
      const p = plan.value;
      process.stdout.write(`power off ${p.offAtLocal}\nwake      ${p.wakeAtLocal} (opens ${p.opensAtLocal})\ncommand   ${p.command.join(' ')}\n`);
      return 0;
    }

    if (verb === 'systemd') {
      const adm = `${process.execPath} ${resolve(process.argv[1] ?? 'adm')}`;
      const units = sleepUnits(config.openingHours as NonNullable<KioskConfig['openingHours']>, { adm, configFile: s.file ?? '/etc/adm/kiosk.json' });
      const out = arg(argv, '--out');
      if (out === undefined) {
        process.stdout.write(`# adm-kiosk-sleep.timer\n${units.timer}\n# adm-kiosk-sleep.service\n${units.service}`);
        return 0;
      }
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, 'adm-kiosk-sleep.timer'), units.timer);
      writeFileSync(join(out, 'adm-kiosk-sleep.service'), units.service);
      process.stdout.write(`wrote ${join(out, 'adm-kiosk-sleep.timer')} and ${join(out, 'adm-kiosk-sleep.service')}\n`);
      return 0;
    }

    // power-off: the timer fired after a closing.
    const dry = argv.includes('--dry-run');
    if (!power.offAtClose) {
      process.stdout.write('openingHours.power.offAtClose is off: nothing to do\n');
      return 0;
    }
    const now = new Date();
    if (hours.at(now).open) {
      process.stdout.write('the kiosk is open now: not powering off\n');
      return 0;
    }
    const plan = rtcwakePlan(hours, power, now);
    if (!plan.ok) {
      process.stdout.write(`no power-off: ${plan.error.message}\n`);
      return 0;
    }
    // A citizen who began before closing finishes first: the kiosk's screen says whether anyone is there.
    const citizen = await citizenAtKiosk(config);
    if (citizen && (citizen.printing || citizen.screen !== 'out-of-service')) {
      process.stdout.write(`a citizen is still at the kiosk (screen ${citizen.screen}${citizen.printing ? ', printing' : ''}): trying again later\n`);
      return BUSY;
    }
    process.stdout.write(`${dry ? 'would run' : 'running'}: ${plan.value.command.join(' ')} (wake ${plan.value.wakeAtLocal})\n`);
    if (dry) return 0;
    return new Promise((done) => {
      execFile(plan.value.command[0] as string, plan.value.command.slice(1), (e, _out, stderr) => {
        if (e) process.stderr.write(`adm hours: rtcwake failed: ${stderr || e.message}\n`);
        done(e ? 1 : 0);
      });
    });
  },
};
