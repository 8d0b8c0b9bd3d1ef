import { describe, expect, it } from 'vitest';
import { command, parseCommand, parseResponse } from '../../../devices/card-reader/pcsc/apdu.ts';
import { sessionKeys, unwrap, wrap } from '../../../devices/card-reader/virtual/keys.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();

describe('ISO 7816-4 APDUs', () => {
  it('short cases 1–4 encode and parse back', () => {
    expect(hex(command(0x80, 0x8c, 0, 0))).toBe('808C0000');
    expect(hex(command(0x00, 0x84, 0, 0, undefined, 8))).toBe('0084000008');
    expect(hex(command(0x00, 0xa4, 4, 0, Uint8Array.of(1, 2), 256))).toBe('00A40400020102' + '00');
    expect(parseCommand(command(0x00, 0xa4, 4, 0, Uint8Array.of(1, 2), 256))).toMatchObject({ ins: 0xa4, p1: 4, data: Uint8Array.of(1, 2), le: 256 });
    expect(parseCommand(command(0x00, 0x82, 0, 0, new Uint8Array(24)))).toMatchObject({ le: undefined });
  });

  it('extended length when data > 255 or Le > 256, and back', () => {
    expect(hex(command(0x00, 0xb0, 0x10, 0x00, undefined, 4096))).toBe('00B01000001000');
    const big = new Uint8Array(300).fill(7);
    const c = command(0x80, 0x86, 0, 0, big, 4096);
    expect(hex(c.subarray(0, 7))).toBe('8086000000012C');
    expect(parseCommand(c)).toMatchObject({ data: big, le: 4096 });
    expect(parseCommand(command(0x00, 0xb0, 0, 0, undefined, 65536))).toMatchObject({ le: 65536 });
  });

  it('lengths that do not add up are refused, and a response needs a status word', () => {
    expect(parseCommand(Uint8Array.of(0, 0xa4, 4, 0, 5, 1, 2))).toBeUndefined();
    expect(parseCommand(Uint8Array.of(0, 0xa4, 4))).toBeUndefined();
    expect(parseCommand(Uint8Array.of(0, 0xb0, 0, 0, 0, 0, 3, 1))).toBeUndefined();
    expect(parseResponse(Uint8Array.of(0x90))).toBeUndefined();
    expect(parseResponse(Uint8Array.of(1, 2, 0x6a, 0x82))).toEqual({ data: Uint8Array.of(1, 2), sw: 0x6a82 });
    expect(() => command(0, 0xb0, 0, 0, undefined, 70000)).toThrow(RangeError);
  });
});

describe('adm-ektp-1 secure messaging', () => {
  const kc = new Uint8Array(16).fill(3);
  const rc = new Uint8Array(8).fill(1);
  const rs = new Uint8Array(8).fill(2);

  it('what one side wraps the other unwraps, in order, once', () => {
    const card = sessionKeys(kc, rc, rs);
    const sam = sessionKeys(kc, rc, rs);
    const plain = new TextEncoder().encode('3506124507900001');
    const w1 = wrap(card, plain);
    expect(Buffer.from(w1).includes(Buffer.from(plain))).toBe(false);
    expect(Buffer.from(unwrap(sam, w1) ?? []).equals(Buffer.from(plain))).toBe(true);
    // A replay of the same answer does not check any more: the counter has moved on.
    expect(unwrap(sam, w1)).toBeUndefined();
  });

  it('a flipped bit, or keys of another session, fail the MAC', () => {
    const card = sessionKeys(kc, rc, rs);
    const w = wrap(card, Uint8Array.of(1, 2, 3));
    const flipped = Uint8Array.from(w);
    flipped[0] = (flipped[0] as number) ^ 1;
    expect(unwrap(sessionKeys(kc, rc, rs), flipped)).toBeUndefined();
    expect(unwrap(sessionKeys(new Uint8Array(16).fill(9), rc, rs), w)).toBeUndefined();
  });
});
