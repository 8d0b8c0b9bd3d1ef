import { accessSync, constants, existsSync } from 'node:fs';
import type { CheckOutcome, DoctorCheck } from './check.ts';
import { describeMatch, pickDevice } from '../../devices/common/hid/device-match.ts';
import { loadNodeHid } from '../../devices/common/hid/node-hid-loader.ts';
import { NodeHidTransport, readDescriptor } from '../../devices/common/hid/node-hid-transport.ts';
import { parseReportDescriptor } from '../../devices/common/hid/report-descriptor.ts';
import { scannerMatch } from '../../devices/scanner/factory.ts';
import { touchscreenMatch } from '../../devices/touchscreen/factory.ts';
import { digitizerLayout } from '../../devices/touchscreen/digitizer-layout.ts';

const FIX: Record<string, string> = {
  'node-hid-missing': 'reinstall with optional dependencies: npm install node-hid',
  'libusb-missing': 'apt-get install libusb-1.0-0',
  'libudev-missing': 'apt-get install libudev1',
  'binding-missing': 'no node-hid build for this platform: npm rebuild node-hid (needs build-essential, libusb-1.0-0-dev, libudev-dev)',
  'binding-failed': 'npm rebuild node-hid',
};

/**
 * `adm doctor` for the scanner and touchscreen: node-hid and libusb load, the configured device is
 * plugged in, the kiosk user may open its hidraw node (the udev rule), and a touch panel's report
 * descriptor has a touch report the driver can read.
 */
export const hidDevicesCheck: DoctorCheck = {
  name: 'HID devices (scanner, touchscreen)',
  async run(config) {
    const wanted = (['scanner', 'touchscreen'] as const).filter((d) => config.devices[d].mode === 'hid');
    const out: CheckOutcome[] = (['scanner', 'touchscreen'] as const)
      .filter((d) => config.devices[d].mode !== 'hid')
      .map((d) => ({ status: 'ok', detail: `${d}: ${config.devices[d].mode === 'none' ? 'off (mode none)' : 'simulated'}` }));
    if (wanted.length === 0) return out;

    const loaded = await loadNodeHid();
    if (!loaded.ok) {
      return [...out, { status: 'fail', detail: `node-hid cannot load (${loaded.error.reason}): ${loaded.error.detail}. Fix: ${FIX[loaded.error.reason] ?? 'see docs/devices/scanner.md'}` }];
    }
    out.push({ status: 'ok', detail: `node-hid loads (hidapi ${loaded.value.hidapiVersion})` });
    const listed = await new NodeHidTransport(loaded.value).list(AbortSignal.timeout(config.timeouts.deviceOperationMs));
    if (!listed.ok) return [...out, { status: 'fail', detail: `cannot list HID devices: ${listed.error.code}` }];

    for (const device of wanted) {
      const { vendorId, productId } = config.devices[device];
      const match = device === 'scanner' ? scannerMatch(config.devices.scanner.protocol, { vendorId, productId }) : touchscreenMatch({ vendorId, productId });
      const found = pickDevice(listed.value, match);
      if (!found) {
        out.push({ status: 'warn', detail: `${device}: not connected (no HID device matches ${describeMatch(match)}; ${listed.value.length} HID interfaces seen). Check the cable and vendorId/productId (lsusb).` });
        continue;
      }
      const where = `${found.vendorId.toString(16).padStart(4, '0')}:${found.productId.toString(16).padStart(4, '0')} ${found.product ?? ''} at ${found.path}`;
      if (found.path.startsWith('/dev/') && existsSync(found.path)) {
        try {
          accessSync(found.path, constants.R_OK | constants.W_OK);
        } catch {
          out.push({ status: 'fail', detail: `${device}: ${where} is not readable by this user: install the udev rule from docs/devices/${device}.md` });
          continue;
        }
      }
      if (device === 'touchscreen') {
        const bytes = readDescriptor('/sys/class/hidraw', found.path);
        const parsed = bytes ? parseReportDescriptor(bytes) : null;
        const layout = parsed?.ok ? digitizerLayout(parsed.value) : null;
        if (!layout?.ok) {
          out.push({ status: 'warn', detail: `${device}: ${where} found, but no readable touch report in its descriptor (${parsed && !parsed.ok ? parsed.error.detail : layout && !layout.ok ? layout.error.detail : 'descriptor not available'})` });
          continue;
        }
        out.push({ status: 'ok', detail: `${device}: ${where}, ${layout.value.slots.length} contact(s) per report` });
        continue;
      }
      out.push({ status: 'ok', detail: `${device}: ${where}` });
    }
    return out;
  },
};
