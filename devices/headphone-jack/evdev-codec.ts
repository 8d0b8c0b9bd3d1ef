import { err, ok, type Result } from '../../core/result.ts';
import { EV_MAX, EV_SW, INPUT_EVENT_BYTES } from './protocol.ts';
import type { EvdevFrameError, InputEvent } from './types.ts';

/** Simulator side: one `struct input_event`, 64-bit little-endian layout. */
export function encodeInputEvent(e: InputEvent): Buffer {
  const b = Buffer.alloc(INPUT_EVENT_BYTES);
  b.writeBigInt64LE(BigInt(e.sec), 0);
  b.writeBigInt64LE(BigInt(e.usec), 8);
  b.writeUInt16LE(e.type, 16);
  b.writeUInt16LE(e.code, 18);
  b.writeInt32LE(e.value, 20);
  return b;
}

/** A time as the kernel stamps it. */
export function timeval(ms: number): { sec: number; usec: number } {
  return { sec: Math.floor(ms / 1000), usec: Math.floor(ms % 1000) * 1000 };
}

/**
 * Driver side: bytes as reads return them (a read may end inside a record on a pipe) → whole input
 * events. A record that cannot be an input event (type past EV_MAX, microseconds ≥ 10⁶, a switch
 * value other than 0/1) is a typed error for that record; the ones after it still read.
 */
export class InputEventDecoder {
  #pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Array<Result<InputEvent, EvdevFrameError>> {
    const data = this.#pending.length ? Buffer.concat([this.#pending, chunk]) : chunk;
    const out: Array<Result<InputEvent, EvdevFrameError>> = [];
    let at = 0;
    for (; at + INPUT_EVENT_BYTES <= data.length; at += INPUT_EVENT_BYTES) out.push(decodeInputEvent(data.subarray(at, at + INPUT_EVENT_BYTES)));
    this.#pending = Buffer.from(data.subarray(at));
    return out;
  }

  /** The device closed: a part record left over is an error. */
  end(): EvdevFrameError | null {
    const left = this.#pending.length;
    this.#pending = Buffer.alloc(0);
    return left ? { code: 'truncated', detail: `${left} bytes after the last whole ${INPUT_EVENT_BYTES}-byte event` } : null;
  }
}

export function decodeInputEvent(b: Buffer): Result<InputEvent, EvdevFrameError> {
  if (b.length !== INPUT_EVENT_BYTES) return err({ code: 'truncated', detail: `${b.length} bytes, an input event has ${INPUT_EVENT_BYTES}` });
  const sec = b.readBigInt64LE(0);
  const usec = b.readBigInt64LE(8);
  const type = b.readUInt16LE(16);
  const code = b.readUInt16LE(18);
  const value = b.readInt32LE(20);
  if (type > EV_MAX) return err({ code: 'badType', detail: `event type 0x${type.toString(16)} is past EV_MAX` });
  if (sec < 0n || usec < 0n || usec >= 1_000_000n) return err({ code: 'badTime', detail: `timestamp ${sec}.${usec} is not a timeval` });
  if (type === EV_SW && value !== 0 && value !== 1) return err({ code: 'badSwitchValue', detail: `switch 0x${code.toString(16)} has value ${value}` });
  return ok({ sec: Number(sec), usec: Number(usec), type, code, value });
}
