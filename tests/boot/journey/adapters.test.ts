import { describe, expect, it } from 'vitest';
import type { DeviceSummary } from '../../../core/device-status.ts';
import type { PrinterStatus } from '../../../devices/document-printer/types.ts';
import { cardFailure } from '../../../kiosk/journey/card-port.ts';
import { availabilityOf, kioskStatusOf } from '../../../kiosk/journey/kiosk-port.ts';
import { failureCode } from '../../../kiosk/printing/journey-ports.ts';

const since = '2026-01-01T00:00:00.000Z';
const dev = (id: DeviceSummary['id'], status: Partial<DeviceSummary['status']>, mode = 'simulated'): DeviceSummary => ({ id, mode, status: { device: 'online', reasons: [], since, ...status } });

describe('kiosk status for the journey', () => {
  it('reads printers by paper and media, readers by the device only', () => {
    expect(availabilityOf(dev('a4Printer', { paper: 'out' }))).toEqual({ ok: false, reason: 'paper_out' });
    expect(availabilityOf(dev('cardPrinter', { media: 'notPresent' }))).toEqual({ ok: false, reason: 'no_blanko' });
    expect(availabilityOf(dev('a4Printer', { paper: 'jammed' }))).toEqual({ ok: false, reason: 'jammed' });
    expect(availabilityOf(dev('a4Printer', { device: 'userError', reasons: ['cover-open-error'] }))).toEqual({ ok: false, reason: 'cover_open' });
    expect(availabilityOf(dev('a4Printer', { device: 'hardwareError' }))).toEqual({ ok: false, reason: 'fault' });
    expect(availabilityOf(dev('a4Printer', { device: 'noDevice' }))).toEqual({ ok: false, reason: 'offline' });
    expect(availabilityOf(dev('a4Printer', { device: 'deviceBusy', paper: 'low' }))).toEqual({ ok: true });
    // No card in the reader's field is the normal state of a reader.
    expect(availabilityOf(dev('cardReader', { media: 'notPresent' }))).toEqual({ ok: true });
    expect(availabilityOf(dev('cardReader', { device: 'offline' }))).toEqual({ ok: false, reason: 'offline' });
    expect(availabilityOf(undefined)).toEqual({ ok: false, reason: 'not_installed' });
    expect(availabilityOf(dev('scanner', {}, 'none'))).toEqual({ ok: false, reason: 'not_installed' });
  });

  it('takes technician and fleet holds from the service state; "no printable document" it works out itself', () => {
    const all = [dev('a4Printer', {}), dev('cardPrinter', {}), dev('receiptPrinter', {}), dev('cardReader', {}), dev('scanner', {})];
    expect(kioskStatusOf(all, { inService: true, reasons: [], since }).outOfService).toBeNull();
    expect(kioskStatusOf(all, { inService: false, reasons: ['fleet', 'technician'], since }).outOfService).toBe('technician');
    expect(kioskStatusOf(all, { inService: false, reasons: ['no-printable-document'], since }).outOfService).toBeNull();
  });
});

describe('device failures in the journey\'s words', () => {
  it('card reader', () => {
    const e = (reason: string) => ({ device: 'cardReader' as const, completion: 'hardwareError' as const, reason: reason as never, message: reason });
    expect(cardFailure(e('cardRemoved')).code).toBe('card_removed');
    expect(cardFailure(e('noCard')).code).toBe('card_removed');
    expect(cardFailure(e('badCard')).code).toBe('unreadable');
    expect(cardFailure(e('authFailed')).code).toBe('unreadable');
    expect(cardFailure(e('noSam')).code).toBe('reader_fault');
    expect(cardFailure(e('timeout')).code).toBe('reader_fault');
  });

  it('document printers, from IPP reasons and states', () => {
    const s = (p: Partial<PrinterStatus>): PrinterStatus => ({ device: 'online', reasons: [], since, toner: 'full', ready: false, accepting: true, ippState: 'stopped', mediaReady: [], supplies: [], trays: [], ...p });
    expect(failureCode(s({ reasons: ['media-empty-error'] }), 'a4')).toBe('paper_out');
    expect(failureCode(s({ reasons: ['media-empty-error'] }), 'card')).toBe('no_blanko');
    expect(failureCode(s({ paper: 'jammed' }), 'a4')).toBe('jammed');
    expect(failureCode(s({ reasons: ['cover-open-error'] }), 'a4')).toBe('cover_open');
    expect(failureCode(s({ ippState: 'unreachable', device: 'offline' }), 'a4')).toBe('printer_offline');
    expect(failureCode(s({}), 'a4')).toBe('printer_fault');
    expect(failureCode(undefined, 'a4')).toBe('printer_fault');
  });
});
