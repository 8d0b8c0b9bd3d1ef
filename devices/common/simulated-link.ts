import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ByteChannel } from './byte-channel.ts';
import type { ChannelError } from './errors.ts';
import { MemoryCable } from './memory-cable.ts';
import { serveOnPath } from './pty-host.ts';
import { openSerialChannel } from './serial-channel.ts';
import { openPtyPair } from './socat-pty-pair.ts';
import type { Result } from '../../core/result.ts';

/**
 * The wire between a driver and its simulator in simulated mode: an in-memory cable (fast, no
 * dependencies) or a socat pty pair (the driver then runs its real serial-port code). `unplug` and
 * `plug` are the dev panel's and the tests' way to yank the cable.
 */
export interface SimulatedLink {
  readonly kind: 'memory' | 'pty' | 'pcscd';
  /** Driver side. */
  open(signal: AbortSignal): Promise<Result<ByteChannel, ChannelError>>;
  /** Pty mode: the path the driver opens (and watches). */
  readonly path?: string;
  unplug(): Promise<void>;
  plug(): Promise<void>;
  close(): Promise<void>;
}

export function memoryLink(name: string, attach: (device: ByteChannel) => void): SimulatedLink {
  const cable = new MemoryCable(name);
  cable.onDeviceEnd(attach);
  return {
    kind: 'memory',
    open: (signal) => cable.open(signal),
    unplug: async () => cable.unplug(),
    plug: async () => cable.plug(),
    close: async () => cable.unplug(),
  };
}

/** Starts socat in a private temp directory; rejects (SocatError) when socat is missing or fails. */
export async function ptyLink(name: string, baudRate: number, attach: (device: ByteChannel) => void): Promise<SimulatedLink> {
  const dir = mkdtempSync(join(tmpdir(), `adm-${name}-`));
  try {
    const pair = await openPtyPair(join(dir, 'host'), join(dir, 'device'));
    const host = serveOnPath(pair.pathB, baudRate, attach, 20);
    return {
      kind: 'pty',
      path: pair.pathA,
      open: (signal) => openSerialChannel(pair.pathA, baudRate, signal),
      unplug: () => pair.kill('SIGKILL'),
      plug: () => pair.restart(),
      close: async () => {
        await host.stop();
        await pair.kill('SIGTERM');
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * The cable a serial simulator sits on, as configured. A pty that cannot be made (no socat) falls
 * back to the in-memory cable, and `fallback` says why, so a simulated kiosk still starts.
 */
export async function simulatedLink(name: string, kind: 'memory' | 'pty', baudRate: number, attach: (device: ByteChannel) => void): Promise<{ link: SimulatedLink; fallback?: string }> {
  if (kind === 'memory') return { link: memoryLink(name, attach) };
  try {
    return { link: await ptyLink(name, baudRate, attach) };
  } catch (e) {
    return { link: memoryLink(name, attach), fallback: (e as Error).message };
  }
}
