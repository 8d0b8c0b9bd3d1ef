import { afterEach, describe, expect, it } from 'vitest';
import type { ByteChannel } from '../../../devices/common/byte-channel.ts';
import { MemoryCable } from '../../../devices/common/memory-cable.ts';
import { encodeFrame, FrameDecoder, MAX_PAYLOAD, type Frame } from '../../../devices/card-reader/frame-codec.ts';
import { FrameLink } from '../../../devices/card-reader/frame-link.ts';
import { CMD, RESPONSE } from '../../../devices/card-reader/protocol.ts';

/** A far end that records each request and lets the test decide when (and whether) to answer it. */
function farEnd(cable: MemoryCable): { requests: Frame[]; answer(f: Frame): void } {
  const requests: Frame[] = [];
  let end: ByteChannel | null = null;
  cable.onDeviceEnd((e) => {
    end = e;
    const decoder = new FrameDecoder(MAX_PAYLOAD);
    e.onData((chunk) => {
      for (const d of decoder.push(chunk)) if (d.kind === 'frame') requests.push(d.frame);
    });
  });
  return {
    requests,
    answer: (f) => void end?.write(encodeFrame({ seq: f.seq, cmd: f.cmd | RESPONSE, payload: Uint8Array.of(0) })),
  };
}

const links: FrameLink[] = [];
afterEach(() => {
  for (const l of links.splice(0)) l.close();
});

async function open(cable: MemoryCable, noise: string[] = []): Promise<FrameLink> {
  const ch = await cable.open();
  if (!ch.ok) throw new Error(ch.error.message);
  const link = new FrameLink(ch.value, { idleFlushMs: 50, onEvent: () => {}, onNoise: (n) => noise.push(n.reason) });
  links.push(link);
  return link;
}

describe('reader frame link: knocking (resendEveryMs)', () => {
  it('sends the request again under a new SEQ while unanswered, and the answer to a later copy ends it', async () => {
    const cable = new MemoryCable('knock');
    const far = farEnd(cable);
    const link = await open(cable);
    const pending = link.request(CMD.getStatus, new Uint8Array(0), AbortSignal.timeout(2000), { resendEveryMs: 30 });
    await expect.poll(() => far.requests.length).toBeGreaterThanOrEqual(3);
    const seqs = far.requests.map((f) => f.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    far.answer(far.requests[2] as Frame);
    expect(await pending).toMatchObject({ ok: true });
    const sent = far.requests.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(far.requests.length).toBe(sent); // no more knocks once answered
  });

  it('a device slower than the interval is still heard: the answer to the first copy counts, later answers are stale', async () => {
    const cable = new MemoryCable('slow');
    const far = farEnd(cable);
    const noise: string[] = [];
    const link = await open(cable, noise);
    const pending = link.request(CMD.getStatus, new Uint8Array(0), AbortSignal.timeout(2000), { resendEveryMs: 20 });
    await expect.poll(() => far.requests.length).toBeGreaterThanOrEqual(4);
    far.answer(far.requests[0] as Frame);
    const r = await pending;
    expect(r.ok && r.frame.seq).toBe(far.requests[0]?.seq);
    far.answer(far.requests[1] as Frame);
    await expect.poll(() => noise).toEqual(['stale']);
  });

  it('without an answer it ends at the caller deadline as a timeout, and stops knocking', async () => {
    const cable = new MemoryCable('silent');
    const far = farEnd(cable);
    const link = await open(cable);
    expect(await link.request(CMD.getStatus, new Uint8Array(0), AbortSignal.timeout(120), { resendEveryMs: 25 })).toEqual({ ok: false, failure: 'timeout' });
    const sent = far.requests.length;
    expect(sent).toBeGreaterThanOrEqual(3);
    await new Promise((r) => setTimeout(r, 80));
    expect(far.requests.length).toBe(sent);
  });

  it('without resendEveryMs a request is sent once', async () => {
    const cable = new MemoryCable('once');
    const far = farEnd(cable);
    const link = await open(cable);
    expect(await link.request(CMD.getStatus, new Uint8Array(0), AbortSignal.timeout(100))).toEqual({ ok: false, failure: 'timeout' });
    expect(far.requests).toHaveLength(1);
  });
});
