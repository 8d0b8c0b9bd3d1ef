import { read } from 'node:fs';
import { promisify } from 'node:util';
import { autoDetect, LinuxBinding, type LinuxBindingInterface } from '@serialport/bindings-cpp';
// Deep import, pinned to the exact bindings version in package.json: the read loop is the one place to catch a hang-up.
import { unixRead } from '@serialport/bindings-cpp/dist/unix-read.js';

const readAsync = promisify(read);

/** Thrown from a read that found the line hung up; serialport closes the port as disconnected. */
class HangUpError extends Error {
  override readonly name = 'HangUpError';
  readonly code = 'EIO';
  readonly disconnect = true;
}

/**
 * Ports open non-blocking with VMIN=1, so "no data yet" is EAGAIN and a read of 0 bytes only
 * happens on a hung-up tty: a USB adapter pulled out, or the other end of a pty gone (socat
 * killed). serialport treats 0 bytes as "read again" and spins on it forever without noticing.
 */
const readOrHangUp = (async (fd: number, buffer: Buffer, offset: number, length: number, position: number | null) => {
  const r = await readAsync(fd, buffer, offset, length, position);
  if (r.bytesRead === 0) throw new HangUpError('the serial line hung up (read returned end of file)');
  return r;
}) as unknown as typeof readAsync;

const hangUpAwareLinux: LinuxBindingInterface = {
  list: () => LinuxBinding.list(),
  async open(options) {
    const port = await LinuxBinding.open(options);
    // The port's own read has no seam for this; the same call with our read function in it.
    port.read = (buffer, offset, length) => unixRead({ binding: port, buffer, offset, length, fsReadAsync: readOrHangUp });
    return port;
  },
};

/** The serialport binding the kiosk uses: Linux with hang-up detection, elsewhere the stock one. */
export const serialBinding = process.platform === 'linux' ? hangUpAwareLinux : autoDetect();
