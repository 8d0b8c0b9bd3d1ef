import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openingHoursSchema, type OpeningHoursInput } from '../../kiosk/opening-hours/config.ts';
import { OpeningHours } from '../../kiosk/opening-hours/schedule.ts';
import { powerOffCalendar, rtcwakePlan, sleepUnits } from '../../kiosk/opening-hours/wake.ts';
import { wallTime } from '../../kiosk/opening-hours/zone-time.ts';

const ADM = fileURLToPath(new URL('../../scripts/adm.js', import.meta.url));

/** Weekdays 08:00–15:00 with a Friday break, Saturday mornings; Christmas Eve short, Christmas closed. */
const OFFICE: OpeningHoursInput = {
  timezone: 'Asia/Jakarta',
  weekly: { mon: ['08:00-15:00'], tue: ['08:00-15:00'], wed: ['08:00-15:00'], thu: ['08:00-15:00'], fri: ['08:00-11:30', '13:30-15:00'], sat: ['08:00-12:00'] },
  holidays: [{ date: '2026-12-25', name: 'Natal' }],
  exceptions: [{ from: '2026-12-24', hours: ['08:00-12:00'] }],
  power: { offAtClose: true },
};
const config = (input: OpeningHoursInput = OFFICE) => openingHoursSchema.parse(input);
const plan = (iso: string, input: OpeningHoursInput = OFFICE) => {
  const c = config(input);
  return rtcwakePlan(new OpeningHours(c), c.power, new Date(iso));
};
const epoch = (iso: string) => String(Date.parse(iso) / 1000);

describe('the wake schedule, worked out dry', () => {
  it('open on Monday afternoon: off 15 min after closing, the RTC wakes 20 min before Tuesday opens', () => {
    const p = plan('2026-12-07T07:30:00Z'); // Monday 14:30 WIB
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.value).toMatchObject({ offAtLocal: '2026-12-07T15:15:00+07:00', wakeAtLocal: '2026-12-08T07:40:00+07:00', opensAtLocal: '2026-12-08T08:00:00+07:00' });
    expect(p.value.command).toEqual(['rtcwake', '--mode', 'off', '--time', epoch('2026-12-08T07:40:00+07:00')]);
    expect(p.value.command[4]).toBe('1796690400');
  });

  it('already closed (the timer fired): off now; over Christmas the wake skips the holiday to Saturday', () => {
    const p = plan('2026-12-24T05:15:00Z'); // Thursday 24th, 12:15 WIB, after the short day
    expect(p.ok && p.value.offAtLocal).toBe('2026-12-24T12:15:00+07:00');
    expect(p.ok && p.value.wakeAtLocal).toBe('2026-12-26T07:40:00+07:00');
  });

  it('a lunch break is too short to power off; a kiosk that never opens again is never put to sleep', () => {
    const lunch = plan('2026-12-11T04:45:00Z'); // Friday 11:45
    expect(lunch).toMatchObject({ ok: false, error: { code: 'too_short' } });
    expect(!lunch.ok && lunch.error.message).toMatch(/leaves 85 min off, less than openingHours\.power\.minOffMin \(120\)/);
    expect(plan('2026-12-07T03:00:00Z', { timezone: 'Asia/Jakarta', power: { offAtClose: true } })).toMatchObject({ ok: false, error: { code: 'no_opening' } });
  });

  it('in WIT the wake time is the same wall time two hours earlier in UTC than in WIB', () => {
    const wit = plan('2026-12-07T05:30:00Z', { ...OFFICE, timezone: 'Asia/Jayapura' }); // Monday 14:30 WIT
    expect(wit.ok && wit.value.wakeAtLocal).toBe('2026-12-08T07:40:00+09:00');
    expect(wit.ok && wit.value.command[4]).toBe(epoch('2026-12-07T22:40:00Z'));
  });

  it('the timer fires after every closing: systemd reads each OnCalendar line and elapses when the plan says', () => {
    const c = config();
    const lines = powerOffCalendar(c);
    expect(lines).toEqual([
      'Fri *-*-* 11:45:00 Asia/Jakarta',
      'Sat *-*-* 12:15:00 Asia/Jakarta',
      'Mon,Tue,Wed,Thu,Fri *-*-* 15:15:00 Asia/Jakarta',
      '2026-12-24 12:15:00 Asia/Jakarta',
    ]);
    // From Monday 14:30 WIB, systemd's next elapse of the weekday line is the plan's power-off time.
    const out = execFileSync('systemd-analyze', ['calendar', '--base-time=@' + epoch('2026-12-07T07:30:00Z'), ...lines], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    const next = [...out.matchAll(/Next elapse: \w+ (\S+ \S+) UTC/g)].map((m) => m[1]);
    expect(next).toEqual(['2026-12-11 04:45:00', '2026-12-12 05:15:00', '2026-12-07 08:15:00', '2026-12-24 05:15:00']);
    const p = plan('2026-12-07T07:30:00Z');
    expect(p.ok && p.value.offAt.toISOString()).toBe('2026-12-07T08:15:00.000Z');
    const units = sleepUnits(c, { adm: '/usr/bin/node /opt/adm/current/scripts/adm.js', configFile: '/etc/adm/kiosk.json' });
    expect(units.timer).toContain('OnCalendar=Mon,Tue,Wed,Thu,Fri *-*-* 15:15:00 Asia/Jakarta');
    expect(units.service).toContain('ExecStart=/usr/bin/node /opt/adm/current/scripts/adm.js hours power-off --config /etc/adm/kiosk.json');
  });
});

describe('adm hours', () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  function configFile(extra: Record<string, unknown> = {}, input: OpeningHoursInput = OFFICE): string {
    const dir = mkdtempSync(join(tmpdir(), 'adm-hours-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'kiosk.json');
    writeFileSync(file, JSON.stringify({ dataDir: dir, openingHours: input, ...extra }));
    return file;
  }
  const adm = (args: string[]) => spawnSync(process.execPath, [ADM, 'hours', ...args], { encoding: 'utf8', env: { ...process.env, ADM_CONFIG: '' }, timeout: 60_000 });
  /** Without blocking this process: the test's own server must answer the command. */
  const admAsync = (args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, [ADM, 'hours', ...args], { encoding: 'utf8', env: { ...process.env, ADM_CONFIG: '' }, timeout: 60_000 }, (_e, stdout, stderr) => resolve({ status: child.exitCode, stdout, stderr }));
    });

  it('prints the plan and the units; never runs rtcwake for them', () => {
    const file = configFile();
    const r = adm(['rtcwake', '--config', file, '--at', '2026-12-07T14:30:00+07:00']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(`power off 2026-12-07T15:15:00+07:00\nwake      2026-12-08T07:40:00+07:00 (opens 2026-12-08T08:00:00+07:00)\ncommand   rtcwake --mode off --time 1796690400\n`);
    const dir = mkdtempSync(join(tmpdir(), 'adm-units-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const u = adm(['systemd', '--config', file, '--out', dir]);
    expect(u.status, u.stderr).toBe(0);
    expect(readFileSync(join(dir, 'adm-kiosk-sleep.timer'), 'utf8')).toContain('OnCalendar=Sat *-*-* 12:15:00 Asia/Jakarta');
    expect(readFileSync(join(dir, 'adm-kiosk-sleep.service'), 'utf8')).toMatch(/ExecStart=\S+ \S+adm\.js hours power-off --config \S+kiosk\.json/);
    const bad = adm(['rtcwake', '--config', file, '--at', 'tomorrow']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--at tomorrow is not a time');
  });

  it('power-off waits while a citizen is at the kiosk (exit 75 for the retry), and goes when nobody is', async () => {
    // Closed all of today in WIB, open every day at 08:00: a long closure whenever the test runs.
    const today = wallTime(new Date(), 'Asia/Jakarta').date;
    const every = ['08:00-15:00'];
    const input: OpeningHoursInput = { timezone: 'Asia/Jakarta', weekly: { mon: every, tue: every, wed: every, thu: every, fri: every, sat: every, sun: every }, exceptions: [{ from: today, hours: [] }], power: { offAtClose: true, minOffMin: 10 } };
    // The kiosk's /healthz as it answers while a citizen finishes a print after closing.
    let citizen = { screen: 'printing', printing: true };
    const server: Server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(req.url === '/healthz' ? { status: 'ok', citizen } : {}));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => server.close(r)));
    const port = (server.address() as { port: number }).port;
    const file = configFile({ http: { port } }, input);
    const busy = await admAsync(['power-off', '--dry-run', '--config', file]);
    expect(busy.status, busy.stdout + busy.stderr).toBe(75);
    expect(busy.stdout).toContain('a citizen is still at the kiosk (screen printing, printing)');
    citizen = { screen: 'out-of-service', printing: false };
    const go = await admAsync(['power-off', '--dry-run', '--config', file]);
    expect(go.status, go.stdout + go.stderr).toBe(0);
    expect(go.stdout).toMatch(/^would run: rtcwake --mode off --time \d+ \(wake \d{4}-\d{2}-\d{2}T07:40:00\+07:00\)\n$/);
  });
});

describe('adm doctor on opening hours', () => {
  it('says open or closed now, until when, by which rule, and whether this machine can wake itself', async () => {
    const { openingHoursCheck } = await import('../../kiosk/doctor/hours-and-link-checks.ts');
    const { configSchema } = await import('../../kiosk/config/schema.ts');
    const none = await openingHoursCheck.run(configSchema.parse({}), AbortSignal.timeout(5000));
    expect(none).toEqual([{ status: 'ok', detail: 'not set: the kiosk is always open' }]);
    const today = wallTime(new Date(), 'Asia/Jayapura').date;
    const every = ['08:00-15:00'];
    const c = configSchema.parse({ openingHours: { timezone: 'Asia/Jayapura', weekly: { mon: every, tue: every, wed: every, thu: every, fri: every, sat: every, sun: every }, exceptions: [{ from: today, hours: [], name: 'rapat' }], power: { offAtClose: true, minOffMin: 10 } } });
    const lines = await openingHoursCheck.run(c, AbortSignal.timeout(5000));
    const text = lines.map((l) => `${l.status} ${l.detail}`).join('\n');
    expect(text).toMatch(new RegExp(`^ok closed now \\(${today}T\\d\\d:\\d\\d:\\d\\d\\+09:00, Asia/Jayapura\\); opens \\d{4}-\\d\\d-\\d\\dT08:00:00\\+09:00; today closed by exception \\(rapat\\)`));
    expect(text).toMatch(/next power-off \S+\+09:00, wake \S+T07:40:00\+09:00: rtcwake --mode off --time \d+/);
    // This machine's answer about its RTC: a warning exactly when it has no wake alarm.
    const { existsSync } = await import('node:fs');
    const hasAlarm = existsSync('/sys/class/rtc/rtc0/wakealarm');
    expect(lines.some((l) => l.status === 'warn' && l.detail.includes('/sys/class/rtc/rtc0/wakealarm is missing'))).toBe(!hasAlarm);
  });
});
