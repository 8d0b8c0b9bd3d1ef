import { createSocket, type UnixDgramSocket } from 'unix-dgram';
import { err, ok, type Result } from '../../core/result.ts';

/**
 * The sd_notify protocol (systemd's `sd_notify(3)`): newline-separated `KEY=VALUE` assignments in
 * one datagram on the unix socket named by `NOTIFY_SOCKET`. Node has no unix datagram sockets, so
 * the datagrams go through `unix-dgram` (a small native addon over socket/sendto). We do not shell
 * out to `systemd-notify`: its messages come from another PID, which `NotifyAccess=main` ignores
 * and which races with the helper's exit.
 */

export type NotifyError =
  | { code: 'unsupported_address'; address: string; message: string }
  | { code: 'socket_failed'; message: string }
  | { code: 'send_failed'; errno: string; message: string };

export interface ServiceNotifier {
  /** False when no service manager listens (NOTIFY_SOCKET unset): every call is then a no-op. */
  readonly enabled: boolean;
  /** `READY=1`: the kiosk is open. Sent once; later calls only update STATUS. */
  ready(status: string, extra?: Record<string, string>): void;
  /** `STATUS=`: one line a technician sees in `systemctl status`. */
  status(text: string): void;
  /** `WATCHDOG=1`: the event loop is alive. */
  watchdog(): void;
  /** `STOPPING=1`: shutdown has begun; the manager applies the stop timeout from now. */
  stopping(status: string): void;
  /** Datagrams that could not be delivered (a full queue, a vanished manager). */
  readonly dropped: number;
  close(): void;
}

/** Keeps a value on one line: the protocol separates assignments by newlines. */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').slice(0, 1024);
}

export function encodeNotify(fields: Record<string, string>): Buffer {
  const lines = Object.entries(fields).map(([k, v]) => {
    if (!/^[A-Z_][A-Z0-9_]*$/.test(k)) throw new Error(`bug: sd_notify key ${k} is not an upper-case name`);
    return `${k}=${oneLine(v)}`;
  });
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

/** Parses a datagram the way the service manager does; the tests' manager uses it too. */
export function decodeNotify(datagram: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of datagram.toString('utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

/** The notifier when no service manager listens. */
export const noopNotifier: ServiceNotifier = {
  enabled: false,
  dropped: 0,
  ready() {},
  status() {},
  watchdog() {},
  stopping() {},
  close() {},
};

export interface NotifierOptions {
  env?: NodeJS.ProcessEnv;
  /** Called once per kind of failure, so a dead manager does not flood the log. */
  onError?: (e: NotifyError) => void;
}

/**
 * The notifier for this process. A missing `NOTIFY_SOCKET` gives the no-op notifier (a developer's
 * `npm start`); a socket we cannot use is an error the caller logs, and the kiosk runs on.
 */
export function createNotifier(options: NotifierOptions = {}): Result<ServiceNotifier, NotifyError> {
  const env = options.env ?? process.env;
  const address = env.NOTIFY_SOCKET;
  if (address === undefined || address === '') return ok(noopNotifier);
  if (!address.startsWith('/')) {
    // Abstract (`@…`) and `vsock:` addresses: systemd gives system services a path, and unix-dgram
    // copies the address as a C string, so an abstract name would silently go elsewhere.
    return err({ code: 'unsupported_address', address, message: `NOTIFY_SOCKET ${address} is not a filesystem path; only path sockets are supported` });
  }
  let socket: UnixDgramSocket;
  try {
    socket = createSocket('unix_dgram');
  } catch (e) {
    return err({ code: 'socket_failed', message: `cannot create a unix datagram socket: ${(e as Error).message}` });
  }
  const reported = new Set<string>();
  let dropped = 0;
  let readySent = false;
  let open = true;
  socket.on('error', () => {}); // send errors come through the callback; nothing else is expected
  const send = (fields: Record<string, string>) => {
    if (!open) return;
    const buf = encodeNotify(fields);
    socket.send(buf, 0, buf.length, address, (e) => {
      if (!e) return;
      dropped += 1;
      const errno = String(e.code ?? e.message);
      if (reported.has(errno)) return;
      reported.add(errno);
      options.onError?.({ code: 'send_failed', errno, message: `cannot send to ${address}: ${e.message}` });
    });
  };
  return ok({
    enabled: true,
    get dropped() {
      return dropped;
    },
    ready(status, extra = {}) {
      if (readySent) {
        send({ STATUS: status });
        return;
      }
      readySent = true;
      send({ READY: '1', STATUS: status, MAINPID: String(process.pid), ...extra });
    },
    status(text) {
      send({ STATUS: text });
    },
    watchdog() {
      send({ WATCHDOG: '1' });
    },
    stopping(status) {
      send({ STOPPING: '1', STATUS: status });
    },
    close() {
      if (!open) return;
      open = false;
      socket.close();
    },
  });
}
