import { accessSync, constants, statSync } from 'node:fs';
import type { CheckOutcome, DoctorCheck } from './check.ts';
import type { KioskConfig } from '../config/schema.ts';
import { deadline } from '../../devices/common/deadline.ts';
import type { DeviceStatus } from '../../core/device-status.ts';
import { createCardReader } from '../../devices/card-reader/factory.ts';
import { pcscReaderList } from './pcsc-readers.ts';
import { createReceiptPrinter } from '../../devices/receipt-printer/factory.ts';

/** Is the configured path a serial device this process may open? Null when it is. */
function pathProblem(path: string): CheckOutcome | null {
  let isChar: boolean;
  try {
    isChar = statSync(path).isCharacterDevice();
  } catch {
    return { status: 'fail', detail: `${path} does not exist: check the cable, the USB adapter and the udev rule that makes this name` };
  }
  if (!isChar) return { status: 'fail', detail: `${path} is not a serial device (not a character device)` };
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
  } catch {
    return { status: 'fail', detail: `${path}: permission denied; add the kiosk user to the dialout group` };
  }
  return null;
}

/** A check of a device on a serial line: the configured port first (when it is a real one), then the device itself. */
function serialDeviceCheck<C extends { mode: string; path?: string | undefined }>(
  name: string,
  configured: (config: KioskConfig) => C,
  probe: (config: KioskConfig, c: C, signal: AbortSignal) => Promise<CheckOutcome[]>,
): DoctorCheck {
  return {
    name,
    async run(config, signal) {
      const c = configured(config);
      const missing = c.mode === 'serial' ? pathProblem(c.path as string) : null;
      if (missing) return [missing];
      return probe(config, c, signal);
    },
  };
}

const describe = (s: DeviceStatus) => `${s.device}${s.reasons.length ? ` (${s.reasons.join(', ')})` : ''}${s.detail ? `: ${s.detail}` : ''}`;

function where(mode: string, link: string, path: string | undefined): string {
  return mode === 'serial' ? `serial ${path ?? ''}` : `simulated on ${link === 'pty' ? 'a socat pty pair' : 'an in-memory cable'}`;
}

function readerAt(c: KioskConfig['devices']['cardReader']): string {
  if (c.mode !== 'pcsc') return where(c.mode, c.simulatorLink, c.path);
  return `PC/SC "${c.pcsc.cardReader}" (SAM in "${c.pcsc.samReader}", profile ${c.pcsc.profile}${c.pcsc.virtualCard ? ', virtual card' : ''})`;
}

async function onlineOrDone(reader: { status(): DeviceStatus }, signal: AbortSignal): Promise<void> {
  while (reader.status().device !== 'online' && !signal.aborted) await new Promise((r) => setTimeout(r, 50));
}

/** Opens the reader as the kiosk would, waits for its handshake, and asks it for status and SAM. */
export const cardReaderCheck = serialDeviceCheck('card reader', (config) => config.devices.cardReader, async (config, c, signal) => {
  const created = await createCardReader(c, { fingerprintAttempts: config.session.fingerprintAttempts, operationTimeoutMs: 2000 });
  const at = readerAt(c);
  const out: CheckOutcome[] = [];
  if (created.fallback) out.push({ status: 'warn', detail: c.mode === 'pcsc' ? created.fallback : `socat ptys unavailable (${created.fallback}); the simulator runs on an in-memory cable` });
  const d = deadline(signal, 3000);
  try {
    created.driver.start();
    if (!(await created.driver.waitConnected(d.signal))) {
      out.push({ status: 'fail', detail: `${at}: no answer to the status request; ${describe(created.driver.status())}` });
      if (c.mode === 'pcsc') out.push(...(await pcscReaderList()));
      return out;
    }
    // A PC/SC SAM is found when pcscd next polls its slot: give it the check's time.
    if (c.mode === 'pcsc') await onlineOrDone(created.driver, d.signal);
    const info = await created.driver.getInfo(d.signal);
    if (!info.ok) out.push({ status: 'fail', detail: `${at}: ${info.error.message}` });
    else if (!info.value.samPresent) out.push({ status: 'fail', detail: `${at}: firmware ${info.value.firmware}, but no SAM in the slot: e-KTP cannot be read (fit the SAM issued by Ditjen Dukcapil)` });
    else if (!info.value.sensorOk) out.push({ status: 'fail', detail: `${at}: firmware ${info.value.firmware}, fingerprint sensor reports a fault` });
    else out.push({ status: 'ok', detail: `${at}: firmware ${info.value.firmware}, SAM present, fingerprint sensor ok` });
    if (c.mode === 'pcsc') out.push(...(await pcscReaderList()));
    return out;
  } finally {
    d.dispose();
    await created.driver.stop();
    await created.close();
  }
});

/** Opens the receipt printer, asks `DLE EOT 1–4`, and reports paper, cover and cutter. */
export const receiptPrinterCheck = serialDeviceCheck('receipt printer', (config) => config.devices.receiptPrinter, async (_config, c, signal) => {
  const created = await createReceiptPrinter(c, { operationTimeoutMs: 2000 });
  const at = `${where(c.mode, c.simulatorLink, c.path)}, ${c.paperWidthMm} mm`;
  const out: CheckOutcome[] = [];
  if (created.fallback) out.push({ status: 'warn', detail: `socat ptys unavailable (${created.fallback}); the simulator runs on an in-memory cable` });
  const d = deadline(signal, 3000);
  try {
    created.driver.start();
    if (!(await created.driver.waitConnected(d.signal))) {
      out.push({ status: 'fail', detail: `${at}: no answer to status queries; ${describe(created.driver.status())}` });
      return out;
    }
    const q = await created.driver.queryStatus(d.signal);
    if (!q.ok) {
      out.push({ status: 'fail', detail: `${at}: ${q.error.message}` });
      return out;
    }
    const s = q.value;
    if (s.paperOut) out.push({ status: 'fail', detail: `${at}: paper out; load a roll` });
    else if (s.coverOpen) out.push({ status: 'fail', detail: `${at}: cover open` });
    else if (s.cutterError || s.mechanicalError || s.unrecoverable) out.push({ status: 'fail', detail: `${at}: ${describe(created.driver.status())}` });
    else if (s.paperNearEnd) out.push({ status: 'warn', detail: `${at}: paper near end; change the roll soon` });
    else out.push({ status: 'ok', detail: `${at}: online, paper ok, cover closed, cutter ok` });
    return out;
  } finally {
    d.dispose();
    await created.driver.stop();
    await created.link?.close();
  }
});
