import type { EvdevFrameError } from './types.ts';

/** Why the input device could not be opened or read, as a technician reads it. */
export type JackOpenError =
  | { code: 'notFound'; path: string; detail: string }
  | { code: 'permissionDenied'; path: string; detail: string }
  | { code: 'readFailed'; path: string; detail: string };

export function describeJackError(e: JackOpenError | EvdevFrameError): string {
  switch (e.code) {
    case 'notFound':
      return `no input device at ${e.path} (${e.detail})`;
    case 'permissionDenied':
      return `no permission to read ${e.path}: install the udev rule that gives it to the group adm-devices (${e.detail})`;
    case 'readFailed':
      return `reading ${e.path} failed: ${e.detail}`;
    default:
      return `bad input event: ${e.detail}`;
  }
}

/** Node's errno code → the typed error. */
export function jackOpenError(path: string, e: NodeJS.ErrnoException): JackOpenError {
  if (e.code === 'ENOENT' || e.code === 'ENODEV' || e.code === 'ENXIO') return { code: 'notFound', path, detail: e.code };
  if (e.code === 'EACCES' || e.code === 'EPERM') return { code: 'permissionDenied', path, detail: e.code };
  return { code: 'readFailed', path, detail: e.message };
}
