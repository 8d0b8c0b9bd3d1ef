import type { BootContext } from './context.ts';
import type { DeviceBoard } from '../../devices/common/device-board.ts';
import { MemoryHidBus } from '../../devices/common/hid/memory-transport.ts';
import { loadNodeHid, type NodeHidImporter } from '../../devices/common/hid/node-hid-loader.ts';
import { lazyNodeHidTransport } from '../../devices/common/hid/node-hid-transport.ts';
import type { DeviceStatus } from '../../core/device-status.ts';
import { createScanner } from '../../devices/scanner/factory.ts';
import type { ScannerDriver } from '../../devices/scanner/driver.ts';
import type { ScannerSimulator } from '../../devices/scanner/simulator.ts';
import { createTouchscreen } from '../../devices/touchscreen/factory.ts';
import type { TouchscreenDriver } from '../../devices/touchscreen/driver.ts';
import type { TouchscreenSimulator } from '../../devices/touchscreen/simulator.ts';
import { createKeypad } from '../../devices/keypad/factory.ts';
import type { KeypadDriver } from '../../devices/keypad/driver.ts';
import type { KeypadSimulator } from '../../devices/keypad/simulator.ts';

export interface HidDevices {
  /** `scan`, `scanRejected` events and `nextScan({ signal, timeoutMs })`; `nextScanText()` adapts it to the journey's ScannerPort. */
  scanner: ScannerDriver;
  /** `technicianGesture` event opens the maintenance sign-in; `health()` for maintenance. */
  touchscreen: TouchscreenDriver;
  /** The accessibility keypad: `key` events go to the touch UI through the guidance wiring. */
  keypad: KeypadDriver;
  /** The far ends of the simulated devices, for the dev panel; null for a device that is real or off. */
  simulators: { scanner: ScannerSimulator | null; touchscreen: TouchscreenSimulator | null; keypad: KeypadSimulator | null };
}

export interface WireHidOptions {
  /** Replaces `import('node-hid')`: tests pass one that fails like a machine without libusb. */
  importNodeHid?: NodeHidImporter;
}

/**
 * The scanner, the touchscreen and the accessibility keypad. Simulated by default; with `mode: hid` node-hid is loaded on
 * first use, and a missing node-hid, libusb or device only makes the device `noDevice` with the
 * reason: the kiosk keeps running. Both appear on the device board and close at shutdown.
 */
export async function wireHidDevices(ctx: BootContext, board: DeviceBoard, options: WireHidOptions = {}): Promise<HidDevices> {
  const { config, log } = ctx;
  const deps = {
    bus: new MemoryHidBus(),
    nodeHid: lazyNodeHidTransport(() => loadNodeHid(options.importNodeHid)),
    operationTimeoutMs: config.timeouts.deviceOperationMs,
  };
  const [scanner, touchscreen, keypad] = await Promise.all([createScanner(config.devices.scanner, deps), createTouchscreen(config.devices.touchscreen, deps), createKeypad(config.devices.keypad, deps)]);

  const logStatus = (device: 'scanner' | 'touchscreen' | 'keypad', mode: string) => (s: DeviceStatus) => {
    log.event('hid.status_changed', { device, mode, state: s.device, reasons: s.reasons, detail: s.detail });
    if (s.device !== 'online' && s.device !== 'starting') log.event('hid.device_unavailable', { device, mode, state: s.device, reasons: s.reasons, detail: s.detail, action: s.action });
  };
  scanner.driver.on('status', logStatus('scanner', config.devices.scanner.mode));
  scanner.driver.on('scan', (s) => log.event('scanner.scanned', { protocol: s.protocol, symbology: s.symbology, length: s.text.length }));
  scanner.driver.on('scanRejected', (e) => log.event('scanner.scan_rejected', { code: e.code, detail: e.detail, protocol: e.protocol, received: e.received }));
  scanner.driver.on('scanRepeated', (r) => log.event('scanner.repeat_ignored', { protocol: r.protocol, length: r.length }));
  touchscreen.driver.on('status', logStatus('touchscreen', config.devices.touchscreen.mode));
  touchscreen.driver.on('technicianGesture', () => log.event('touchscreen.technician_gesture', {}));
  touchscreen.driver.on('badReport', (e) => log.event('touchscreen.bad_report', { code: e.code, detail: e.detail }));
  keypad.driver.on('status', logStatus('keypad', config.devices.keypad.mode));
  keypad.driver.on('badReport', (e) => log.event('access.bad_input', { device: 'keypad', code: e.code, detail: e.detail }));

  board.add(() => scanner.driver.summary());
  board.add(() => touchscreen.driver.summary());
  board.add(() => keypad.driver.summary());
  const created = [scanner, touchscreen, keypad];
  ctx.lifecycle.add('hid-devices', {
    start: () => created.forEach((d) => d.driver.start()),
    stop: async () => {
      await Promise.all(created.map((d) => d.driver.close()));
      await Promise.all(created.map((d) => d.close()));
    },
  });
  return {
    scanner: scanner.driver,
    touchscreen: touchscreen.driver,
    keypad: keypad.driver,
    simulators: { scanner: scanner.simulator, touchscreen: touchscreen.simulator, keypad: keypad.simulator },
  };
}
