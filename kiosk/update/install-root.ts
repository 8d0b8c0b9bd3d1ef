import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { fsyncPath } from '../../core/durable-file.ts';

/**
 * The A/B install layout:
 *   <root>/slots/a, <root>/slots/b   two app trees; the service runs whichever `current` names
 *   <root>/current  -> slots/a        switched by renaming a new symlink over it (atomic)
 *   <root>/previous -> slots/b        the version to go back to while an update is on trial
 *   <root>/update-state.json          what the updater is doing, so a rollback survives a power cut
 *   <root>/update.lock                one updater at a time
 */
export type Slot = 'a' | 'b';

const side = z.strictObject({ slot: z.enum(['a', 'b']), version: z.string() });
export const updateStateSchema = z.discriminatedUnion('phase', [
  z.strictObject({ phase: z.literal('idle') }),
  z.strictObject({
    phase: z.literal('switching'),
    from: side.nullable(),
    to: side,
    startedAt: z.string(),
    /** The live store's files, set aside untouched until the new version is confirmed. */
    storeAside: z.string().nullable(),
    /** Document types the old version could print; the new one must print at least these. */
    printableBefore: z.array(z.string()).nullable(),
  }),
  z.strictObject({ phase: z.literal('confirmed'), version: z.string(), from: z.string().nullable(), at: z.string() }),
  z.strictObject({ phase: z.literal('rolled-back'), failed: z.string(), restored: z.string().nullable(), reason: z.string(), at: z.string() }),
]);
export type UpdateState = z.output<typeof updateStateSchema>;

export class InstallRoot {
  constructor(readonly root: string) {}

  get current(): string {
    return join(this.root, 'current');
  }
  get previous(): string {
    return join(this.root, 'previous');
  }
  slotDir(slot: Slot): string {
    return join(this.root, 'slots', slot);
  }

  #linked(link: string): Slot | null {
    try {
      const target = readlinkSync(link);
      const m = /^slots\/([ab])\/?$/.exec(target);
      return m ? (m[1] as Slot) : null;
    } catch {
      return null;
    }
  }
  currentSlot(): Slot | null {
    return this.#linked(this.current);
  }
  previousSlot(): Slot | null {
    return this.#linked(this.previous);
  }
  otherSlot(): Slot {
    return this.currentSlot() === 'a' ? 'b' : 'a';
  }

  /** The version in a slot, from its package.json; null when the slot is empty or damaged. */
  versionOf(slot: Slot): string | null {
    try {
      return (JSON.parse(readFileSync(join(this.slotDir(slot), 'package.json'), 'utf8')) as { version?: string }).version ?? null;
    } catch {
      return null;
    }
  }

  /** Points `current` or `previous` at a slot; readers see the old or the new link, never neither. */
  point(link: 'current' | 'previous', slot: Slot | null): void {
    const path = link === 'current' ? this.current : this.previous;
    if (slot === null) {
      rmSync(path, { force: true });
      return;
    }
    const tmp = `${path}.${process.pid}.tmp`;
    rmSync(tmp, { force: true });
    symlinkSync(`slots/${slot}`, tmp);
    renameSync(tmp, path);
    fsyncPath(this.root);
  }

  readState(): UpdateState {
    try {
      const parsed = updateStateSchema.safeParse(JSON.parse(readFileSync(join(this.root, 'update-state.json'), 'utf8')));
      return parsed.success ? parsed.data : { phase: 'idle' };
    } catch {
      return { phase: 'idle' };
    }
  }

  writeState(state: UpdateState): void {
    writeDurably(join(this.root, 'update-state.json'), `${JSON.stringify(state, null, 2)}\n`);
  }

  /** Takes the update lock, or says who holds it. A lock left by a dead process is taken over. */
  lock(): { release(): void } | { heldBy: number } {
    mkdirSync(this.root, { recursive: true });
    const path = join(this.root, 'update.lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx', 0o644);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return { release: () => rmSync(path, { force: true }) };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const pid = Number(readFileSync(path, 'utf8').trim());
        if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) return { heldBy: pid };
        rmSync(path, { force: true });
      }
    }
    return { heldBy: -1 };
  }

  ensureLayout(): void {
    mkdirSync(join(this.root, 'slots'), { recursive: true });
  }

  exists(): boolean {
    return existsSync(this.root);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Write, fsync, rename, fsync the directory: the file is the old one or the new one after a power cut. */
export function writeDurably(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o644 });
  fsyncPath(tmp);
  renameSync(tmp, path);
  fsyncPath(join(path, '..'));
}
