import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSocket, type UnixDgramSocket } from 'unix-dgram';
import { decodeNotify } from './notify.ts';

export interface NotifyMessage {
  /** When this process received it (ms since epoch). */
  at: number;
  fields: Record<string, string>;
}

/**
 * The service manager's side of sd_notify: a unix datagram socket that a child is started with
 * (`NOTIFY_SOCKET`). `adm update` uses it to watch a new version boot when no systemd is there, and
 * the tests use it to read READY/WATCHDOG/STOPPING exactly as systemd would receive them.
 */
export class NotifyListener {
  readonly path: string;
  readonly messages: NotifyMessage[] = [];
  readonly #dir: string;
  readonly #socket: UnixDgramSocket;
  readonly #waiters = new Set<() => void>();
  #closed = false;

  private constructor(dir: string, socket: UnixDgramSocket) {
    this.#dir = dir;
    this.path = join(dir, 'notify.sock');
    this.#socket = socket;
  }

  static open(): Promise<NotifyListener> {
    const dir = mkdtempSync(join(tmpdir(), 'adm-notify-'));
    const socket = createSocket('unix_dgram');
    const listener = new NotifyListener(dir, socket);
    return new Promise((resolve, reject) => {
      socket.once('error', (e) => {
        rmSync(dir, { recursive: true, force: true });
        reject(e);
      });
      socket.once('listening', () => resolve(listener));
      socket.on('message', (msg) => {
        // A datagram beyond a sane size is not sd_notify; ignore it rather than buffer it.
        if (msg.length > 64 * 1024) return;
        listener.messages.push({ at: Date.now(), fields: decodeNotify(msg) });
        for (const w of listener.#waiters) w();
      });
      socket.bind(listener.path);
    });
  }

  /** Messages carrying `key` (optionally with `value`). */
  all(key: string, value?: string): NotifyMessage[] {
    return this.messages.filter((m) => m.fields[key] !== undefined && (value === undefined || m.fields[key] === value));
  }

  /** Resolves with the first message (past or future) that carries `key`=`value`, or null at the deadline or abort. */
  waitFor(key: string, value: string, timeoutMs: number, signal?: AbortSignal): Promise<NotifyMessage | null> {
    const found = this.all(key, value)[0];
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => {
      const done = (m: NotifyMessage | null) => {
        clearTimeout(timer);
        this.#waiters.delete(check);
        signal?.removeEventListener('abort', onAbort);
        resolve(m);
      };
      const check = () => {
        const m = this.all(key, value)[0];
        if (m) done(m);
      };
      const onAbort = () => done(null);
      const timer = setTimeout(() => done(null), timeoutMs);
      this.#waiters.add(check);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) done(null);
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const w of this.#waiters) w();
    this.#socket.close();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
