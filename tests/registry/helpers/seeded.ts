import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedRegistry, type EmbeddedRegistry, type EmbeddedRegistryOptions } from '../../../kiosk/registry/embedded/embedded-registry.ts';
import { seedRegistry } from '../../../kiosk/registry/seed/seed.ts';
import { localDay } from '../../../kiosk/registry/identifiers/dates.ts';

/** A temp directory removed by the returned cleanup. */
export function tempDir(prefix = 'adm-registry-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A seeded registry file (demo set + a few families) in its own temp directory. */
export async function seededFile(options: { families?: number; seed?: string; today?: string } = {}): Promise<{ path: string; today: string; cleanup: () => void }> {
  const { dir, cleanup } = tempDir();
  const path = join(dir, 'registry.sqlite');
  const today = options.today ?? localDay(new Date());
  const opened = openEmbeddedRegistry({ path });
  if (!opened.ok) throw new Error(opened.error.message);
  const r = await seedRegistry(opened.value, { families: options.families ?? 3, seed: options.seed ?? 'test', today });
  await opened.value.close();
  if (!r.ok) throw new Error(r.error.message);
  return { path, today, cleanup };
}

export function openOrThrow(options: EmbeddedRegistryOptions): EmbeddedRegistry {
  const opened = openEmbeddedRegistry(options);
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
}
