import { describe, expect, it } from 'vitest';
import { encodeCommand, parseLine, powerReading, splitWords } from '../../../devices/ups/protocol.ts';

describe("NUT's line protocol", () => {
  it('quotes words that need it and escapes quotes and backslashes', () => {
    expect(encodeCommand(['GET', 'VAR', 'kioskups', 'ups.status'])).toEqual({ ok: true, value: 'GET VAR kioskups ups.status\n' });
    expect(encodeCommand(['PASSWORD', 'pa ss"w\\d'])).toEqual({ ok: true, value: 'PASSWORD "pa ss\\"w\\\\d"\n' });
  });

  it('refuses a word that would end the command or an empty one', () => {
    expect(encodeCommand(['USERNAME', 'kiosk\nLOGOUT']).ok).toBe(false);
    expect(encodeCommand(['GET', '']).ok).toBe(false);
    expect(encodeCommand([]).ok).toBe(false);
    expect(encodeCommand(['GET', 'x'.repeat(5000)]).ok).toBe(false);
  });

  it('splits quoted values back, escapes included', () => {
    expect(splitWords('VAR kioskups ups.mfr "A \\"B\\" \\\\ C"')).toEqual({ ok: true, value: ['VAR', 'kioskups', 'ups.mfr', 'A "B" \\ C'] });
    expect(splitWords('VAR kioskups ups.status "OB LB"')).toEqual({ ok: true, value: ['VAR', 'kioskups', 'ups.status', 'OB LB'] });
  });

  it('parses each kind of answer line', () => {
    expect(parseLine('VAR kioskups battery.charge "87"')).toEqual({ ok: true, value: { kind: 'var', ups: 'kioskups', name: 'battery.charge', value: '87' } });
    expect(parseLine('ERR UNKNOWN-UPS')).toEqual({ ok: true, value: { kind: 'err', code: 'UNKNOWN-UPS', extra: [] } });
    expect(parseLine('OK Goodbye')).toEqual({ ok: true, value: { kind: 'ok', text: 'Goodbye' } });
    expect(parseLine('BEGIN LIST VAR kioskups')).toEqual({ ok: true, value: { kind: 'begin', list: ['VAR', 'kioskups'] } });
    expect(parseLine('UPS kioskups "Kiosk UPS"')).toEqual({ ok: true, value: { kind: 'ups', name: 'kioskups', description: 'Kiosk UPS' } });
  });

  it.each([
    ['an unclosed quote', 'VAR kioskups ups.status "OL'],
    ['a VAR with a word missing', 'VAR kioskups ups.status'],
    ['a VAR with a word too many', 'VAR kioskups ups.status "OL" extra'],
    ['ERR without a code', 'ERR'],
    ['BEGIN without LIST', 'BEGIN VAR kioskups'],
    ['control characters', 'VAR kioskups \u0001 "x"'],
    ['text after a closing quote', 'VAR kioskups ups.status "OL"x'],
    ['an empty line', ''],
  ])('refuses %s with a reason', (_what, line) => {
    const r = parseLine(line);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.length).toBeGreaterThan(5);
  });
});

describe('power readings from ups.status, battery.charge and battery.runtime', () => {
  const vars = (o: Record<string, string>) => new Map(Object.entries(o));

  it('reads the flags and the battery facts', () => {
    const r = powerReading(vars({ 'ups.status': 'OB DISCHRG LB', 'battery.charge': '15', 'battery.runtime': '120' }));
    expect(r).toEqual({ ok: true, value: { flags: ['OB', 'DISCHRG', 'LB'], onLine: false, onBattery: true, lowBattery: true, forcedShutdown: false, replaceBattery: false, chargePct: 15, runtimeS: 120 } });
  });

  it('takes a UPS that reports no charge or runtime (null, not 0)', () => {
    const r = powerReading(vars({ 'ups.status': 'OL' }));
    expect(r.ok && [r.value.chargePct, r.value.runtimeS]).toEqual([null, null]);
  });

  it.each([
    ['no status', {}, /no ups\.status/],
    ['an empty status', { 'ups.status': ' ' }, /empty/],
    ['flags that are not flags', { 'ups.status': 'on battery!' }, /not a list of status flags/],
    ['OL and OB at once', { 'ups.status': 'OL OB' }, /both OL and OB/],
    ['a charge that is not a number', { 'ups.status': 'OL', 'battery.charge': 'full' }, /not a number/],
    ['a charge above 100', { 'ups.status': 'OL', 'battery.charge': '140' }, /outside/],
    ['a negative runtime', { 'ups.status': 'OB', 'battery.runtime': '-5' }, /outside/],
  ])('refuses %s', (_what, v, message) => {
    const r = powerReading(vars(v as Record<string, string>));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});
