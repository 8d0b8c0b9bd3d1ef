import { accessSync, constants, readFileSync, statfsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { err, ok, type Result } from '../../core/result.ts';

/** A mounted removable drive a technician can export to. */
export interface UsbDrive {
  mountPoint: string;
  device: string;
  fsType: string;
  writable: boolean;
  /** Free space, or null when the file system would not say. */
  freeBytes: number | null;
}

export interface UsbOptions {
  /** `/proc/mounts`, or a file in the same format (tests). */
  mountsFile: string;
  /** Where desktop automounters and udisks put removable drives: `/media`, `/run/media`. */
  roots: readonly string[];
}

export type UsbError = { code: 'mounts_unreadable'; message: string };

/** File systems a USB stick or disk carries; anything else under /media (a bind mount, tmpfs) is not offered. */
const REMOVABLE_FS = new Set(['vfat', 'exfat', 'ntfs', 'ntfs3', 'fuseblk', 'ext2', 'ext3', 'ext4', 'btrfs', 'xfs', 'f2fs', 'hfsplus']);

/** `/proc/mounts` escapes space, tab, newline and backslash as three octal digits. */
export function unescapeMountField(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
}

function under(root: string, path: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** Mounted drives under the configured roots, read from the kernel's mount table. */
export function findUsbDrives(options: UsbOptions): Result<UsbDrive[], UsbError> {
  let text: string;
  try {
    text = readFileSync(options.mountsFile, 'utf8');
  } catch (e) {
    return err({ code: 'mounts_unreadable', message: `cannot read ${options.mountsFile}: ${(e as Error).message}` });
  }
  const drives: UsbDrive[] = [];
  for (const line of text.split('\n').slice(0, 10_000)) {
    const [device, rawPoint, fsType, opts] = line.trim().split(/\s+/);
    if (!device || !rawPoint || !fsType || !opts) continue;
    const mountPoint = unescapeMountField(rawPoint);
    if (!REMOVABLE_FS.has(fsType) || !options.roots.some((r) => under(r, mountPoint))) continue;
    const readOnly = opts.split(',').includes('ro');
    let writable = !readOnly;
    try {
      accessSync(mountPoint, constants.W_OK);
    } catch {
      writable = false;
    }
    let freeBytes: number | null = null;
    try {
      const fs = statfsSync(mountPoint);
      freeBytes = fs.bavail * fs.bsize;
    } catch {
      // Listed but gone (pulled out a moment ago): shown as not writable.
      writable = false;
    }
    drives.push({ mountPoint, device: unescapeMountField(device), fsType, writable, freeBytes });
  }
  return ok(drives);
}
