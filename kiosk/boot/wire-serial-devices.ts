import type { BootContext } from './context.ts';
import type { DeviceBoard } from '../../devices/common/device-board.ts';
import type { Person } from '../../core/domain.ts';
import type { DeviceStatus } from '../../core/device-status.ts';
import type { SimulatedLink } from '../../devices/common/simulated-link.ts';
import { createCardReader, type SimulatedCardReader } from '../../devices/card-reader/factory.ts';
import type { EktpReader } from '../../devices/card-reader/types.ts';
import { createReceiptPrinter } from '../../devices/receipt-printer/factory.ts';
import type { ReceiptPrinter } from '../../devices/receipt-printer/driver.ts';
import type { ReceiptPrinterSimulator } from '../../devices/receipt-printer/simulator.ts';

export interface SerialDevices {
  /** `cardPresent`/`cardRemoved`/`fingerPlaced` events, `readIdentity(signal)`, `verifyFingerprint(finger, signal)`, `cancel()`, `reset(signal)`. */
  cardReader: EktpReader;
  /** `print(layout, signal)`, `queryStatus(signal)`, `status()`. */
  receiptPrinter: ReceiptPrinter;
  /** Simulated mode: the far ends, for the dev panel (tap a card, paper out…); null when real. */
  simulators: { cardReader: SimulatedCardReader | null; receiptPrinter: ReceiptPrinterSimulator | null };
  /** Simulated mode: the cables, so the dev panel can unplug and plug them. */
  links: { cardReader: SimulatedLink | null; receiptPrinter: SimulatedLink | null };
}

export interface WireSerialOptions {
  /** Simulated reader: the registry's citizens, by NIK (the embedded registry's `findPerson`). */
  lookup?: (nik: string) => Person | undefined;
}

/**
 * The e-KTP reader and the receipt printer. Each is supervised (reconnects by itself), appears on
 * the device board for /healthz, logs its state changes, and closes at shutdown. A missing or
 * broken device never stops the kiosk: it shows as `noDevice`/`hardwareError` with the reason.
 */
export async function wireSerialDevices(ctx: BootContext, board: DeviceBoard, options: WireSerialOptions = {}): Promise<SerialDevices> {
  const { config, log, lifecycle } = ctx;
  const [reader, printer] = await Promise.all([
    createCardReader(config.devices.cardReader, {
      fingerprintAttempts: config.session.fingerprintAttempts,
      operationTimeoutMs: config.timeouts.deviceOperationMs,
      ...(options.lookup ? { lookup: options.lookup } : {}),
    }),
    createReceiptPrinter(config.devices.receiptPrinter, { operationTimeoutMs: config.timeouts.deviceOperationMs }),
  ]);
  for (const [device, fallback] of [['cardReader', reader.fallback], ['receiptPrinter', printer.fallback]] as const) {
    if (fallback) log.event('serial.simulator_fallback', { device, reason: fallback });
  }

  const watch = (device: 'cardReader' | 'receiptPrinter', mode: string) => (s: DeviceStatus) => {
    log.event('serial.status_changed', { device, mode, state: s.device, paper: s.paper, media: s.media, reasons: s.reasons, detail: s.detail });
    if (s.device !== 'online' && s.device !== 'starting' && !s.reasons.includes('stopped')) log.event('serial.device_unavailable', { device, mode, state: s.device, reasons: s.reasons, detail: s.detail, action: s.action });
  };
  reader.driver.on('status', watch('cardReader', reader.driver.summary().mode));
  printer.driver.on('status', watch('receiptPrinter', printer.driver.summary().mode));
  reader.driver.supervisor.on('retry', (r) => log.event('serial.retrying', { device: 'cardReader', ...r }));
  printer.driver.supervisor.on('retry', (r) => log.event('serial.retrying', { device: 'receiptPrinter', ...r }));
  reader.driver.on('lineNoise', (n) => log.event('serial.line_noise', { device: 'cardReader', ...n }));
  printer.driver.on('lineNoise', (n) => log.event('serial.line_noise', { device: 'receiptPrinter', ...n }));
  reader.driver.on('cardPresent', (p) => log.event('reader.card_present', { cardType: p.cardType }));
  reader.driver.on('cardRemoved', () => log.event('reader.card_removed', {}));
  reader.driver.on('fingerPlaced', () => log.event('reader.finger_placed', {}));

  board.add(() => reader.driver.summary());
  board.add(() => printer.driver.summary());
  lifecycle.add('serial-devices', {
    start: () => {
      reader.driver.start();
      printer.driver.start();
    },
    stop: async () => {
      await Promise.all([reader.driver.stop(), printer.driver.stop()]);
      await Promise.all([reader.close(), printer.close()]);
    },
  });
  return {
    cardReader: reader.driver,
    receiptPrinter: printer.driver,
    simulators: { cardReader: reader.simulator, receiptPrinter: printer.simulator },
    links: { cardReader: reader.link, receiptPrinter: printer.link },
  };
}
