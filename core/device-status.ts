/**
 * Device status in the XFS4IoT vocabulary (see DOMAIN.md), so that technicians, the fleet and the
 * flows read one language whatever the device.
 */
export const DEVICE_STATES = ['online', 'offline', 'powerOff', 'noDevice', 'hardwareError', 'userError', 'deviceBusy', 'starting'] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];

export const PAPER_STATES = ['full', 'low', 'out', 'jammed', 'unknown'] as const;
export type PaperState = (typeof PAPER_STATES)[number];

export const MEDIA_STATES = ['present', 'notPresent', 'jammed', 'unknown'] as const;
export type MediaState = (typeof MEDIA_STATES)[number];

/** What a technician must do about an error, as XFS4IoT error events say it. */
export type ErrorAction = 'reset' | 'clear' | 'maintenance' | 'suspend';

/** The device classes of an ADM, one folder each under `devices/`. */
export const DEVICE_IDS = ['cardReader', 'receiptPrinter', 'a4Printer', 'cardPrinter', 'scanner', 'touchscreen', 'ups', 'keypad', 'headphoneJack'] as const;
export type DeviceId = (typeof DEVICE_IDS)[number];

/** The device id of each document printer, by the medium it prints on. */
export const PRINTER_DEVICE_ID = { a4: 'a4Printer', card: 'cardPrinter' } as const satisfies Record<'a4' | 'card', DeviceId>;
export type PrinterDeviceId = (typeof PRINTER_DEVICE_ID)[keyof typeof PRINTER_DEVICE_ID];

export interface DeviceStatus {
  device: DeviceState;
  /** Printers only. */
  paper?: PaperState;
  /** Card reader: card in the field; card printer: blanko loaded. */
  media?: MediaState;
  /** Short machine-readable reasons, e.g. `cover-open`, `media-empty`, `libusb-missing`. */
  reasons: string[];
  /** Human-readable detail for technicians (never personal data). */
  detail?: string;
  action?: ErrorAction;
  /** ISO timestamp of the last change. */
  since: string;
}

/** The part of a device every summary, health check and fleet message can rely on. */
export interface DeviceSummary {
  id: DeviceId;
  /** `simulated`, `serial`, `ipp`, `hid`, `none`. */
  mode: string;
  status: DeviceStatus;
}
