import { err, ok, type Result } from '../../core/result.ts';
import { HidSimulator, simulatedDevice } from '../common/hid/hid-simulator.ts';
import type { MemoryHidBus, SimulatedHidDevice } from '../common/hid/memory-transport.ts';
import { bootKeyboardDescriptor, posScannerDescriptor } from './descriptors.ts';
import { encodeKeyboardScan, type KeyboardQuirks } from './keyboard-encoder.ts';
import type { KeyboardLayoutName } from './keyboard-layout.ts';
import { encodePosScan } from './pos-encoder.ts';
import type { ScanProtocol } from './types.ts';

/** pid.codes test IDs: never a real product, so a simulator is never mistaken for hardware. */
export const SIMULATED_SCANNER_IDS = { vendorId: 0x1209, productId: 0x0001 } as const;

export interface ScannerSimulatorOptions {
  bus: MemoryHidBus;
  /** How the simulated scanner is programmed to talk. */
  protocol: ScanProtocol;
  /** The host layout it types for (keyboard mode). */
  layout: KeyboardLayoutName;
  /** The suffix it is programmed to send in keyboard mode. */
  suffix?: 'enter' | 'tab' | 'none';
  path?: string;
}

export interface SimulatedScanOptions {
  quirks?: KeyboardQuirks;
  suffix?: 'enter' | 'tab' | 'none';
  /** AIM symbology identifier in HID POS mode (default `]Q1`, a QR code). */
  aim?: string;
}

export type ScannerSimulatorError =
  | { code: 'unplugged' }
  /** The driver has not opened the device (yet): a real scanner would beep and the data would go nowhere. */
  | { code: 'notOpen' }
  | { code: 'untypeable'; index: number };

/** The simulated scanner as the bus lists it: a HID POS scanner or a boot keyboard. */
function scannerDevice(options: ScannerSimulatorOptions): SimulatedHidDevice {
  const pos = options.protocol === 'pos';
  return simulatedDevice(
    {
      ...SIMULATED_SCANNER_IDS,
      path: options.path ?? '/sim/hidraw-scanner',
      usagePage: pos ? 0x8c : 0x01,
      usage: pos ? 0x02 : 0x06,
      product: `Simulated 2D scanner (${pos ? 'HID POS' : 'keyboard'})`,
    },
    pos ? posScannerDescriptor() : bootKeyboardDescriptor(),
  );
}

/**
 * A scanner on the far end of the simulated HID bus: it turns text into the input reports a real
 * scanner sends (HID POS or keyboard emulation, with real scanners' quirks), so the driver's parsers
 * run as on a kiosk. This is the control surface the dev panel drives.
 */
export class ScannerSimulator extends HidSimulator {
  readonly #options: ScannerSimulatorOptions;

  constructor(options: ScannerSimulatorOptions) {
    super(options.bus, scannerDevice(options));
    this.#options = options;
  }

  /** Scans `text` as if a QR holding it were held under the scanner. */
  scan(text: string, options: SimulatedScanOptions = {}): Result<{ reports: number }, ScannerSimulatorError> {
    let reports: Uint8Array[];
    if (this.#options.protocol === 'pos') {
      reports = encodePosScan(text, { ...(options.aim ? { aim: options.aim } : {}) });
    } else {
      const encoded = encodeKeyboardScan(text, {
        layout: this.#options.layout,
        suffix: options.suffix ?? this.#options.suffix ?? 'enter',
        reportId: null,
        ...(options.quirks ? { quirks: options.quirks } : {}),
      });
      if (!encoded.ok) return err(encoded.error);
      reports = encoded.value;
    }
    return this.sendReports(reports);
  }

  /** Sends reports as they are: broken scans, garbage, half-finished multi-report codes. */
  sendReports(reports: readonly Uint8Array[]): Result<{ reports: number }, ScannerSimulatorError> {
    const sent = this.send(reports);
    return sent.ok ? ok({ reports: sent.value }) : sent;
  }
}
