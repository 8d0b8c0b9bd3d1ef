import type { ScannerDriver } from '../../../devices/scanner/driver.ts';
import type { TouchscreenDriver } from '../../../devices/touchscreen/driver.ts';
import { DriverDevice } from './driver-device.ts';
import type { DeviceDetails, SelfTestReport } from './types.ts';


/** The QR/barcode scanner. Its self-test checks the HID interface; a technician confirms a scan by eye. */
export class ScannerDevice extends DriverDevice {
  readonly id = 'scanner' as const;

  constructor(private readonly scanner: ScannerDriver) {
    super(scanner);
  }

  details(): DeviceDetails {
    return { protocol: this.scanner.protocol ?? 'not attached', maxLength: this.scanner.capabilities.maxLength };
  }

  selfTest(signal: AbortSignal): Promise<SelfTestReport> {
    return this.reportedSelfTest(signal, 'scanner', () => this.scanner.status, [
      () => {
        const p = this.scanner.protocol;
        return { name: 'protocol', ok: p !== null, detail: p === null ? 'the report descriptor named no protocol this driver speaks' : `speaks ${p === 'pos' ? 'HID POS' : 'keyboard emulation'}` };
      },
    ]);
  }
}

/** The touch panel's digitizer: attached, reports readable, no dead zone suspected. */
export class TouchscreenDevice extends DriverDevice {
  readonly id = 'touchscreen' as const;

  constructor(private readonly touch: TouchscreenDriver) {
    super(touch);
  }

  details(): DeviceDetails {
    const h = this.touch.health();
    return { touches: h.touches, lastTouchAt: h.lastTouchAt === null ? null : new Date(h.lastTouchAt).toISOString(), silentRegions: h.silentRegions.length, badReports: this.touch.badReports };
  }

  selfTest(signal: AbortSignal): Promise<SelfTestReport> {
    return this.reportedSelfTest(signal, 'digitizer', () => this.touch.status, [
      () => {
        const h = this.touch.health();
        const silent = h.silentRegions.map((r) => `column ${r.column + 1}, row ${r.row + 1}`);
        return { name: 'dead zones', ok: silent.length === 0, detail: silent.length ? `no touch for a long time in: ${silent.join('; ')}` : `${h.touches} touches seen, no silent region` };
      },
      () => ({ name: 'reports', ok: this.touch.badReports === 0, detail: `${this.touch.badReports} unreadable report(s) since start` }),
    ]);
  }
}
