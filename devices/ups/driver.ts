import { EventEmitter } from 'node:events';
import type { BackoffOptions } from '../common/backoff.ts';
import type { ByteChannel } from '../common/byte-channel.ts';
import type { ChannelError } from '../common/errors.ts';
import type { DeviceStatus, DeviceSummary } from '../../core/device-status.ts';
import { DeviceSupervisor, type StatusPatch } from '../common/supervisor.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { NutConnection } from './connection.ts';
import { upsError } from './errors.ts';
import { POLLED_VARS, powerReading, type NutLine, type PowerReading } from './protocol.ts';
import type { UpsError, UpsEvents, UpsInfo } from './types.ts';

export interface UpsDriverOptions {
  /** `nut`, `simulated` or `none` (no UPS: the driver never connects). */
  mode: string;
  /** The UPS's name in upsd (`[kioskups]` in ups.conf). */
  upsName: string;
  open(signal: AbortSignal): Promise<Result<ByteChannel, ChannelError>>;
  /** With credentials the driver logs in as a secondary (USERNAME, PASSWORD, LOGIN). */
  credentials: { username: string; password: string } | null;
  pollIntervalMs: number;
  timeoutMs: number;
  backoff: BackoffOptions;
  now?: () => Date;
}

/** The status a reading gives the UPS as a device: the flags as reasons, the facts as detail. */
export function statusOfReading(r: PowerReading): StatusPatch {
  const reasons: string[] = [];
  if (r.onBattery) reasons.push('on-battery');
  if (r.lowBattery) reasons.push('low-battery');
  if (r.forcedShutdown) reasons.push('forced-shutdown');
  if (r.replaceBattery) reasons.push('replace-battery');
  if (r.flags.includes('OVER')) reasons.push('overload');
  if (r.flags.includes('BYPASS')) reasons.push('bypass');
  if (r.flags.includes('OFF')) reasons.push('output-off');
  const facts = [r.flags.join(' '), r.chargePct !== null ? `charge ${r.chargePct}%` : null, r.runtimeS !== null ? `runtime ${r.runtimeS} s` : null].filter(Boolean).join(', ');
  return { device: 'online', reasons, detail: facts, ...(r.replaceBattery ? { action: 'maintenance' as const } : {}) };
}

/**
 * A UPS read through NUT's upsd: connects under the common supervisor (reconnects with backoff),
 * lists the UPS's variables once, then polls ups.status, battery.charge and battery.runtime. Each
 * reading is an event; when none can be had (upsd unreachable, its driver gone, stale data) that
 * is a device fault (`readingLost`), never a power event.
 */
export class UpsDriver extends EventEmitter<UpsEvents> {
  readonly supervisor: DeviceSupervisor;
  readonly #o: UpsDriverOptions;
  #conn: NutConnection | null = null;
  #reading: PowerReading | null = null;
  #info: UpsInfo | null = null;
  #started = false;
  #lostReason: string | null = null;

  constructor(options: UpsDriverOptions) {
    super();
    this.#o = options;
    this.supervisor = new DeviceSupervisor({
      id: 'ups',
      open: options.open,
      attach: (ch, s) => this.#attach(ch, s),
      detach: () => this.#detach(),
      heartbeat: { intervalMs: options.pollIntervalMs, probe: (s) => this.#poll(s), failuresBeforeFault: 2 },
      handshakeTimeoutMs: options.timeoutMs * 4,
      backoff: options.backoff,
      ...(options.now ? { now: options.now } : {}),
    });
    this.supervisor.on('status', (s) => this.emit('status', s));
  }

  get mode(): string {
    return this.#o.mode;
  }

  /** The last reading while upsd gives readings; null while it does not. */
  reading(): PowerReading | null {
    return this.#reading;
  }

  info(): UpsInfo | null {
    return this.#info;
  }

  status(): DeviceStatus {
    if (this.#o.mode === 'none') return { device: 'noDevice', reasons: ['not-fitted'], since: this.supervisor.status.since };
    return this.supervisor.status;
  }

  summary(): DeviceSummary {
    return { id: 'ups', mode: this.#o.mode, status: this.status() };
  }

  start(): void {
    if (this.#o.mode === 'none' || this.#started) return;
    this.#started = true;
    this.supervisor.start();
  }

  async stop(): Promise<void> {
    await this.supervisor.stop();
  }

  /** Reads the three power variables now, on the open connection. */
  async read(signal: AbortSignal): Promise<Result<PowerReading, UpsError>> {
    const conn = this.#conn;
    if (conn === null) return err(upsError('disconnected', 'upsd is not connected'));
    const vars = new Map<string, string>();
    for (const name of POLLED_VARS) {
      const r = await conn.request(['GET', 'VAR', this.#o.upsName, name], 'one', signal, this.#o.timeoutMs);
      if (!r.ok) {
        if (r.error.reason === 'varNotSupported' && name !== 'ups.status') continue;
        return r;
      }
      const v = this.#varOf(r.value[0], name);
      if (!v.ok) return v;
      vars.set(name, v.value);
    }
    return this.#toReading(vars);
  }

  async #attach(channel: ByteChannel, signal: AbortSignal): Promise<Result<StatusPatch, UpsError>> {
    const conn = new NutConnection(channel, () => {});
    this.#conn = conn;
    const ups = this.#o.upsName;
    const t = this.#o.timeoutMs;
    const c = this.#o.credentials;
    if (c !== null) {
      for (const words of [['USERNAME', c.username], ['PASSWORD', c.password], ['LOGIN', ups]]) {
        const r = await conn.request(words, 'one', signal, t);
        if (!r.ok) return this.#fail(r.error);
        if (r.value[0]?.kind !== 'ok') return this.#fail(upsError('protocol', `upsd answered ${words[0]} with ${r.value[0]?.kind ?? 'nothing'}, not OK`));
      }
    }
    const list = await conn.request(['LIST', 'VAR', ups], 'list', signal, t);
    if (!list.ok) return this.#fail(list.error);
    const vars = new Map<string, string>();
    for (const line of list.value.slice(1, -1)) {
      if (line.kind !== 'var' || line.ups !== ups) return this.#fail(upsError('protocol', `LIST VAR ${ups} held a ${line.kind} line for another UPS or of another kind`));
      vars.set(line.name, line.value);
    }
    const begin = list.value[0];
    const end = list.value.at(-1);
    if (begin?.kind !== 'begin' || begin.list.join(' ') !== `VAR ${ups}` || end?.kind !== 'end' || end.list.join(' ') !== `VAR ${ups}`) {
      return this.#fail(upsError('protocol', `LIST VAR ${ups} was not framed as BEGIN/END LIST VAR ${ups}`));
    }
    const reading = this.#toReading(vars);
    if (!reading.ok) return this.#fail(reading.error);
    this.#info = { name: ups, manufacturer: vars.get('ups.mfr') ?? vars.get('device.mfr') ?? null, model: vars.get('ups.model') ?? vars.get('device.model') ?? null, driver: vars.get('driver.name') ?? null };
    this.#took(reading.value);
    return ok(statusOfReading(reading.value));
  }

  async #poll(signal: AbortSignal): Promise<Result<StatusPatch, UpsError>> {
    const r = await this.read(signal);
    if (r.ok) {
      this.#took(r.value);
      return ok(statusOfReading(r.value));
    }
    this.#lost(r.error);
    // upsd answers but has nothing fresh to say: the UPS (or its NUT driver) is the fault, not the link.
    if (r.error.reason === 'dataStale' || r.error.reason === 'driverNotConnected' || r.error.reason === 'unknownUps') {
      return ok({ device: 'hardwareError', reasons: [r.error.reason === 'dataStale' ? 'data-stale' : r.error.reason === 'unknownUps' ? 'unknown-ups' : 'driver-not-connected'], detail: r.error.message, action: 'maintenance' });
    }
    return r;
  }

  #fail(e: UpsError): Result<never, UpsError> {
    this.#lost(e);
    return err(e);
  }

  #took(reading: PowerReading): void {
    // WAIT (the NUT driver has no data yet) and the like: neither on line nor on battery is no reading.
    if (!reading.onLine && !reading.onBattery && !reading.forcedShutdown) {
      this.#lost(upsError('dataStale', `ups.status "${reading.flags.join(' ')}" says neither OL nor OB`, 'NO-POWER-STATUS'));
      return;
    }
    this.#reading = reading;
    this.#lostReason = null;
    this.emit('reading', reading);
  }

  /** Told once per cause: a poll that fails the same way again says nothing new. */
  #lost(e: UpsError): void {
    const had = this.#reading !== null;
    this.#reading = null;
    const cause = `${e.reason}:${e.nutCode ?? ''}`;
    if (this.#lostReason === cause) return;
    this.#lostReason = cause;
    if (had || e.reason !== 'disconnected') this.emit('readingLost', e);
  }

  #detach(): void {
    this.#conn?.detach();
    this.#conn = null;
    if (this.#reading !== null) this.#lost(upsError('disconnected', 'the connection to upsd closed'));
  }

  #varOf(line: NutLine | undefined, name: string): Result<string, UpsError> {
    if (line?.kind !== 'var' || line.ups !== this.#o.upsName || line.name !== name) {
      return err(upsError('protocol', `GET VAR ${this.#o.upsName} ${name} was answered with ${line?.kind ?? 'nothing'} about something else`));
    }
    return ok(line.value);
  }

  #toReading(vars: ReadonlyMap<string, string>): Result<PowerReading, UpsError> {
    const r = powerReading(vars);
    return r.ok ? r : err(upsError('protocol', `upsd's answer for ${this.#o.upsName} is malformed: ${r.error}`));
  }
}
