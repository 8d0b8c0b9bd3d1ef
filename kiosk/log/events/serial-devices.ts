import { defineEvents } from './define.ts';

/** The e-KTP reader and the receipt printer (serial devices). No identity or biometric data in fields, ever. */
export const serialDeviceEvents = defineEvents({
  'serial.status_changed': { level: 'info', meaning: 'A serial device (cardReader, receiptPrinter) changed state; fields give the XFS4IoT state, paper/media and reasons.' },
  'serial.device_unavailable': { level: 'warn', meaning: 'A serial device is not usable (noDevice, hardwareError, userError); reasons and action say what a technician should do.' },
  'serial.retrying': { level: 'debug', meaning: 'Opening or handshaking a serial device failed; the supervisor tries again after the given delay.' },
  'serial.line_noise': { level: 'debug', meaning: 'Bytes on a serial line were thrown away (noise, bad CRC, stale answer); counts only.' },
  'serial.simulator_fallback': { level: 'warn', meaning: 'The simulators were asked to run on socat ptys but socat could not start; they run on in-memory cables instead.' },
  'reader.card_present': { level: 'info', meaning: 'A contactless card entered the reader field (card type only; no UID, no personal data).' },
  'reader.card_removed': { level: 'info', meaning: 'The card left the reader field; the card session and its fingerprint attempts end.' },
  'reader.finger_placed': { level: 'debug', meaning: 'The fingerprint sensor felt a finger during a verification (no biometric data).' },
});
