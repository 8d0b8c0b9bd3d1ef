import { existsSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import type { CheckOutcome, DoctorCheck } from './check.ts';
import { createUps, upsCredentials } from '../../devices/ups/factory.ts';
import { statusOfReading } from '../../devices/ups/driver.ts';
import type { PowerReading } from '../../devices/ups/protocol.ts';
import type { UpsError } from '../../devices/ups/types.ts';
import { KIOSK_DB_FILE, resolveInDataDir } from '../store/kiosk-store.ts';
import { Journal } from '../store/journal.ts';
import { PowerEventLog } from '../store/power-events.ts';
import { Redactor } from '../privacy/redactor.ts';

/** Asks upsd once for the UPS's status, as the kiosk would; and says what the last power events were. */
export const upsCheck: DoctorCheck = {
  name: 'ups',
  async run(config, signal) {
    const c = config.devices.ups;
    const out: CheckOutcome[] = [];
    if (c.mode === 'none') out.push({ status: 'ok', detail: 'no UPS (devices.ups.mode none): the kiosk does not act on power' });
    else if (c.mode === 'simulated') out.push({ status: 'ok', detail: 'simulated upsd (devices.ups.mode simulated)' });
    else out.push(await readOnce(config.devices.ups, signal));
    if (c.mode === 'nut' && c.powerOffCommand.length === 0) out.push({ status: 'warn', detail: 'devices.ups.powerOffCommand is empty: at low battery the kiosk stops but leaves powering off to upsmon' });
    out.push(lastEvents(resolveInDataDir(config.dataDir, KIOSK_DB_FILE)));
    return out;
  },
};

async function readOnce(c: Parameters<typeof createUps>[0], signal: AbortSignal): Promise<CheckOutcome> {
  const where = `${c.name}@${c.host}:${c.port}`;
  const credentials = upsCredentials(c);
  if (!credentials.ok) return { status: 'fail', detail: credentials.error };
  const created = await createUps({ ...c, reconnectMaxMs: 60_000 }, { credentials: credentials.value });
  const { driver } = created;
  try {
    const r = await new Promise<{ reading: PowerReading } | { error: UpsError | string }>((resolve) => {
      driver.once('reading', (reading) => resolve({ reading }));
      driver.once('readingLost', (error) => resolve({ error }));
      driver.supervisor.once('retry', (info) => resolve({ error: info.message }));
      signal.addEventListener('abort', () => resolve({ error: 'no answer in time' }), { once: true });
      driver.start();
    });
    if ('error' in r) {
      const e = r.error;
      return { status: 'fail', detail: `${where}: ${typeof e === 'string' ? e : `${e.message}${e.reason === 'unknownUps' ? ' (check devices.ups.name against ups.conf)' : ''}`}` };
    }
    const info = driver.info();
    const detail = statusOfReading(r.reading).detail ?? '';
    return { status: r.reading.onBattery ? 'warn' : 'ok', detail: `${where}: ${detail}${info?.model ? ` (${[info.manufacturer, info.model].filter(Boolean).join(' ')}${info.driver ? `, NUT driver ${info.driver}` : ''})` : ''}` };
  } finally {
    await driver.stop();
    await created.close();
  }
}

function lastEvents(path: string): CheckOutcome {
  if (path !== ':memory:' && !existsSync(path)) return { status: 'ok', detail: 'power events: no store yet' };
  let db: BetterSqlite3.Database | null = null;
  try {
    db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    const events = new PowerEventLog(new Journal(db, new Redactor())).recent(5);
    if (events.length === 0) return { status: 'ok', detail: 'power events: none recorded' };
    const line = events.map((e) => `${e.at} ${e.event}${e.status ? ` (${e.status}${e.chargePct !== null ? `, ${e.chargePct}%` : ''})` : ''}${e.openPrints !== undefined ? ` open prints ${e.openPrints}` : ''}`).join('; ');
    return { status: 'ok', detail: `last power events, newest first: ${line}` };
  } catch (e) {
    return { status: 'warn', detail: `power events: the store could not be read: ${(e as Error).message}` };
  } finally {
    db?.close();
  }
}
