import { describe, expect, it } from 'vitest';
import type { IppGroup } from 'ipp';
import { parseReason, parseSupplies, parseTrays, statusFromAttributes, unreachableStatus } from '../../../devices/document-printer/status-map.ts';

const A4 = 'iso_a4_210x297mm';
const AT = '2024-01-01T00:00:00.000Z';
const idle = (extra: IppGroup = {}): IppGroup => ({
  'printer-state': 'idle',
  'printer-state-reasons': 'none',
  'printer-is-accepting-jobs': true,
  'media-supported': [A4, 'na_letter_8.5x11in'],
  'media-ready': A4,
  ...extra,
});
const a4 = (g: IppGroup) => statusFromAttributes('a4', A4, g, AT);

describe('printer-state-reasons', () => {
  it('splits the severity suffix; no suffix means error (RFC 8011)', () => {
    expect(parseReason('media-empty-warning')).toEqual({ keyword: 'media-empty', severity: 'warning' });
    expect(parseReason('toner-low-report')).toEqual({ keyword: 'toner-low', severity: 'report' });
    expect(parseReason('media-jam')).toEqual({ keyword: 'media-jam', severity: 'error' });
  });
});

describe('status mapping to the XFS4IoT vocabulary', () => {
  it('idle with paper is online, full and ready', () => {
    expect(a4(idle())).toMatchObject({ device: 'online', paper: 'full', toner: 'full', ready: true, accepting: true, ippState: 'idle', reasons: [] });
  });

  it('processing is deviceBusy and not ready for another job', () => {
    expect(a4(idle({ 'printer-state': 'processing' }))).toMatchObject({ device: 'deviceBusy', ready: false });
    // The numeric enum reads the same as its name.
    expect(a4(idle({ 'printer-state': 4 }))).toMatchObject({ device: 'deviceBusy', ippState: 'processing' });
  });

  it('paper: low, out (any severity), jammed', () => {
    expect(a4(idle({ 'printer-state-reasons': 'media-low-report' }))).toMatchObject({ paper: 'low', ready: true });
    expect(a4(idle({ 'printer-state-reasons': 'media-empty-report' }))).toMatchObject({ paper: 'out', ready: false, action: 'maintenance' });
    expect(a4(idle({ 'printer-state': 'stopped', 'printer-state-reasons': ['media-needed-error', 'media-empty-error'] }))).toMatchObject({ paper: 'out', ready: false });
    expect(a4(idle({ 'printer-state': 'stopped', 'printer-state-reasons': 'media-jam-error' }))).toMatchObject({ device: 'userError', paper: 'jammed', action: 'clear', ready: false });
    // A jam reported after the fact does not stop the printer.
    expect(a4(idle({ 'printer-state-reasons': 'media-jam-report' }))).toMatchObject({ paper: 'full', ready: true, reasons: ['media-jam-report'] });
  });

  it('empty trays read as paper out even without a reason', () => {
    const trays = ['type=sheetFeedAutoRemovableTray;maxcapacity=250;level=0;status=0;name=main;', 'type=sheetFeedManual;maxcapacity=1;level=-2;status=0;name=manual'];
    expect(a4(idle({ 'printer-input-tray': trays }))).toMatchObject({ paper: 'out', ready: false, trays: [{ name: 'main', level: 0, capacity: 250 }, { name: 'manual', level: null, capacity: 1 }] });
  });

  it('cover open is a user error to clear', () => {
    expect(a4(idle({ 'printer-state': 'stopped', 'printer-state-reasons': 'cover-open-error' }))).toMatchObject({ device: 'userError', action: 'clear', ready: false, paper: 'full' });
  });

  it('toner low and out, from reasons and from supply levels', () => {
    expect(a4(idle({ 'printer-state-reasons': 'toner-low-warning' }))).toMatchObject({ toner: 'low', ready: true });
    expect(a4(idle({ 'printer-state-reasons': 'toner-empty-error', 'printer-state': 'stopped' }))).toMatchObject({ toner: 'out', device: 'userError', ready: false });
    const supply = (level: number) => ({ 'printer-supply': `index=1;class=supplyThatIsConsumed;type=toner;unit=percent;maxcapacity=100;level=${level};`, 'printer-supply-description': 'Black Toner' });
    expect(a4(idle(supply(5)))).toMatchObject({ toner: 'low', supplies: [{ name: 'Black Toner', type: 'toner', percent: 5 }] });
    expect(a4(idle(supply(0)))).toMatchObject({ toner: 'out', ready: false });
    // A full waste tank is not toner.
    expect(a4(idle({ 'printer-supply': 'index=1;class=receptacleThatIsFilled;type=wasteToner;unit=percent;maxcapacity=100;level=0;' }))).toMatchObject({ toner: 'full' });
  });

  it('reads marker-levels when a printer has no printer-supply', () => {
    expect(parseSupplies({ 'marker-names': ['Black'], 'marker-types': ['toner'], 'marker-levels': [42] })).toEqual([{ name: 'Black', type: 'toner', percent: 42 }]);
    expect(parseSupplies({ 'marker-names': 'Black', 'marker-levels': -1 })).toEqual([{ name: 'Black', type: 'toner', percent: null }]);
  });

  it('a printer not accepting jobs is offline; paused or shut down too', () => {
    expect(a4(idle({ 'printer-is-accepting-jobs': false }))).toMatchObject({ device: 'offline', ready: false, reasons: ['not-accepting-jobs'] });
    expect(a4(idle({ 'printer-state': 'stopped', 'printer-state-reasons': 'paused' }))).toMatchObject({ device: 'offline', ready: false });
  });

  it('stopped for a reason nobody knows is a hardware error', () => {
    expect(a4(idle({ 'printer-state': 'stopped', 'printer-state-reasons': 'none' }))).toMatchObject({ device: 'hardwareError', action: 'reset', ready: false });
    expect(a4(idle({ 'printer-state-reasons': 'fuser-over-temp-error' }))).toMatchObject({ device: 'hardwareError', ready: false });
    expect(a4(idle({ 'printer-state-reasons': 'fuser-over-temp-warning' }))).toMatchObject({ device: 'online', ready: true });
  });

  it('media the printer does not support makes it unusable for this kiosk', () => {
    expect(statusFromAttributes('a4', 'iso_a5_148x210mm', idle(), AT)).toMatchObject({ device: 'hardwareError', ready: false, reasons: ['media-not-supported'] });
  });

  it('the card printer reports blanko as media, not paper', () => {
    const card = statusFromAttributes('card', 'iso_id-1_85.6x53.98mm', idle({ 'media-supported': 'iso_id-1_85.6x53.98mm', 'printer-state-reasons': 'media-empty-warning' }), AT);
    expect(card).toMatchObject({ media: 'notPresent', ready: false });
    expect(card.paper).toBeUndefined();
  });

  it('unreachable and hung printers are offline with unknown paper', () => {
    expect(unreachableStatus('a4', 'timeout', 'no answer', AT)).toMatchObject({ device: 'offline', paper: 'unknown', reasons: ['not-responding'], ready: false, ippState: 'unreachable' });
    expect(unreachableStatus('card', 'unreachable', 'refused', AT)).toMatchObject({ media: 'unknown', reasons: ['unreachable'] });
  });

  it('tray strings without levels are skipped safely', () => {
    expect(parseTrays({ 'printer-input-tray': ['garbage', 'type=other;name=auto'] })).toEqual([{ name: 'tray', level: null, capacity: null }]);
  });
});

describe('completion codes', () => {
  it('map printer failures to the XFS4IoT classes', async () => {
    const { printerCompletion } = await import('../../../devices/document-printer/errors.ts');
    const paperOut = a4(idle({ 'printer-state-reasons': 'media-empty-error' }));
    expect(printerCompletion({ code: 'timeout', message: '' })).toBe('timeOut');
    expect(printerCompletion({ code: 'unreachable', message: '' })).toBe('deviceNotReady');
    expect(printerCompletion({ code: 'not_ready', message: '', status: paperOut })).toBe('userError');
    expect(printerCompletion({ code: 'not_ready', message: '', status: a4(idle({ 'printer-state': 'stopped' })) })).toBe('hardwareError');
    expect(printerCompletion({ code: 'busy', message: '' })).toBe('sequenceError');
    expect(printerCompletion({ code: 'rejected', message: '' })).toBe('invalidData');
  });
});
