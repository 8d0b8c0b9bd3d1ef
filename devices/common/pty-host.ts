import type { ByteChannel } from './byte-channel.ts';
import { sleep } from './deadline.ts';
import { waitForPath } from './path-watch.ts';
import { openSerialChannel } from './serial-channel.ts';

export interface PathHost {
  /** True while the device end is open. */
  readonly attached: boolean;
  stop(): Promise<void>;
}

/**
 * Keeps a simulator on the device end of a pty link: opens `path`, hands the channel over, and when
 * the link goes away (socat killed) waits for the path to come back and opens it again — the
 * simulated device "stays powered" across an unplug of its cable.
 */
export function serveOnPath(path: string, baudRate: number, attach: (channel: ByteChannel) => void, retryMs = 50): PathHost {
  const stop = new AbortController();
  let current: ByteChannel | null = null;
  const loop = (async () => {
    while (!stop.signal.aborted) {
      if (!(await waitForPath(path, 1000, stop.signal))) continue;
      const opened = await openSerialChannel(path, baudRate, stop.signal);
      if (!opened.ok) {
        await sleep(retryMs, stop.signal);
        continue;
      }
      const ch = opened.value;
      if (stop.signal.aborted) {
        await ch.close();
        break;
      }
      current = ch;
      const closed = new Promise<void>((r) => ch.onClose(() => r()));
      attach(ch);
      await Promise.race([closed, new Promise<void>((r) => stop.signal.addEventListener('abort', () => r(), { once: true }))]);
      current = null;
      await ch.close();
      await sleep(retryMs, stop.signal);
    }
  })();
  return {
    get attached() {
      return current !== null && !current.closed;
    },
    async stop() {
      stop.abort();
      await current?.close();
      await loop;
    },
  };
}
