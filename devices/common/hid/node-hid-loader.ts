import { err, ok, type Result } from '../../../core/result.ts';
import type { HidError, HidUnavailableReason } from './types.ts';

/** The part of node-hid 3 the transport uses, checked at load time instead of trusted. */
export interface NodeHidDevice {
  vendorId: number;
  productId: number;
  path?: string;
  usagePage?: number;
  usage?: number;
  interface: number;
  product?: string;
  manufacturer?: string;
}

export interface NodeHidAsyncDevice {
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeAllListeners(): unknown;
  close(): Promise<void>;
}

export interface NodeHidModule {
  devicesAsync(): Promise<NodeHidDevice[]>;
  HIDAsync: { open(path: string, options?: { nonExclusive?: boolean }): Promise<NodeHidAsyncDevice> };
  getHidapiVersion(): string;
}

export interface LoadedNodeHid {
  hid: NodeHidModule;
  hidapiVersion: string;
}

/** Imports the node-hid package; tests inject one that fails the way a broken install does. */
export type NodeHidImporter = () => Promise<unknown>;

// A variable specifier keeps node-hid optional: nothing imports it until a real device is configured.
const NODE_HID = 'node-hid';
export const importNodeHid: NodeHidImporter = () => import(NODE_HID) as Promise<unknown>;

/**
 * Loads node-hid lazily and makes it load its native binding now (node-hid defers that to the first
 * call), so a missing libusb/libudev or a missing prebuild is found at start, named, and reported as
 * `noDevice` instead of crashing a read later.
 */
export async function loadNodeHid(importer: NodeHidImporter = importNodeHid): Promise<Result<LoadedNodeHid, Extract<HidError, { code: 'unavailable' }>>> {
  let mod: unknown;
  try {
    mod = await importer();
  } catch (e) {
    return err(unavailable(e));
  }
  const hid = ((mod as { default?: unknown }).default ?? mod) as Partial<NodeHidModule>;
  if (typeof hid.devicesAsync !== 'function' || typeof hid.getHidapiVersion !== 'function' || typeof hid.HIDAsync?.open !== 'function') {
    return err({ code: 'unavailable', reason: 'binding-failed', detail: 'node-hid does not export devicesAsync/HIDAsync/getHidapiVersion (node-hid 3 is required)' });
  }
  try {
    const hidapiVersion = hid.getHidapiVersion();
    return ok({ hid: hid as NodeHidModule, hidapiVersion });
  } catch (e) {
    return err(unavailable(e));
  }
}

export function classifyNodeHidLoadError(e: unknown): HidUnavailableReason {
  const code = (e as { code?: unknown })?.code;
  const message = e instanceof Error ? e.message : String(e);
  // Only when node-hid itself is the missing module: a missing dependency of it is a broken install.
  const missing = /Cannot find (?:module|package) '([^']+)'/.exec(message)?.[1];
  if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && missing !== undefined && /(^|\/)node-hid\/?$/.test(missing)) return 'node-hid-missing';
  if (/libusb/i.test(message)) return 'libusb-missing';
  if (/libudev/i.test(message)) return 'libudev-missing';
  if (/No native build was found|Failed to find|could not find .*binding/i.test(message)) return 'binding-missing';
  return 'binding-failed';
}

function unavailable(e: unknown): Extract<HidError, { code: 'unavailable' }> {
  const message = e instanceof Error ? e.message : String(e);
  // First line only: dlopen errors carry the library name there; the rest is a stack.
  return { code: 'unavailable', reason: classifyNodeHidLoadError(e), detail: message.split('\n')[0]!.slice(0, 300) };
}
