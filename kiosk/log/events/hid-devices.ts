import { defineEvents } from './define.ts';

/** The HID devices: QR/barcode scanner and touchscreen. Scanned text is never logged (it may hold a sign-in token). */
export const hidDeviceEvents = defineEvents({
  'hid.status_changed': { level: 'info', meaning: 'The scanner or touchscreen changed state (XFS4IoT vocabulary); reasons say why, e.g. not-connected, libusb-missing, permission-denied, touch-regions-silent.' },
  'hid.device_unavailable': { level: 'warn', meaning: 'A configured HID device is not usable (missing node-hid/libusb, no permission, not plugged in, unreadable reports); the kiosk runs on without it.' },
  'scanner.scanned': { level: 'debug', meaning: 'A QR/barcode was read: protocol, symbology and length only, never the text.' },
  'scanner.scan_rejected': { level: 'warn', meaning: 'A scan was rejected: too long, non-printable characters, cut off half-way, a malformed report or bad UTF-8.' },
  'scanner.repeat_ignored': { level: 'debug', meaning: 'The same code was scanned again within the repeat window and ignored.' },
  'touchscreen.technician_gesture': { level: 'info', meaning: 'The hidden corner sequence was completed: the maintenance sign-in was offered.' },
  'touchscreen.bad_report': { level: 'debug', meaning: 'A touch report could not be read (truncated or out of range); it was skipped.' },
});
