import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPtyPair, type PtyPair } from '../../devices/common/socat-pty-pair.ts';

export interface SocatLink extends PtyPair {
  /** Kills socat (if running) and removes the temp directory. */
  dispose(): Promise<void>;
}

/**
 * Starts `socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B` in a fresh temp directory and
 * waits for "starting data transfer loop". `kill()` simulates an unplug; `restart()` plugs back in
 * on the same paths.
 */
export async function startSocat(prefix = 'adm-socat-'): Promise<SocatLink> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const pair = await openPtyPair(join(dir, 'A'), join(dir, 'B'));
  return Object.assign(pair, {
    async dispose() {
      await pair.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  });
}
