import { openEmbeddedRegistry, type EmbeddedRegistry } from '../registry/embedded/embedded-registry.ts';

/**
 * Opens the embedded registry at `path` for `adm <command>`, hands it to `work` and closes it after;
 * 1 when it cannot be opened (the reason is on stderr).
 */
export async function onEmbeddedRegistry(command: string, path: string, work: (registry: EmbeddedRegistry) => Promise<number>): Promise<number> {
  const opened = openEmbeddedRegistry({ path });
  if (!opened.ok) {
    process.stderr.write(`adm ${command}: ${opened.error.message}\n`);
    return 1;
  }
  try {
    return await work(opened.value);
  } finally {
    await opened.value.close();
  }
}
