import { registryContract } from './helpers/contract.ts';
import { openOrThrow, seededFile } from './helpers/seeded.ts';

registryContract('embedded SQLite', async () => {
  const { path, today, cleanup } = await seededFile();
  const registry = openOrThrow({ path });
  return {
    registry,
    today,
    async close() {
      await registry.close();
      cleanup();
    },
  };
});
