import { closeSync, fsyncSync, openSync } from 'node:fs';

/**
 * Flushes a file, or a directory's entries (after a rename into it), to the drive: what has been
 * written survives a power cut or a pulled-out USB drive.
 */
export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
