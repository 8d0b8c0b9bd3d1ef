import { registryContract } from './helpers/contract.ts';
import { seededFile } from './helpers/seeded.ts';
import { serveRegistry } from './helpers/serve.ts';
import { HttpRegistry } from '../../kiosk/registry/http/http-registry.ts';

// The same contract, over HTTP, against `adm registry serve` running as its own process.
registryContract('HTTP adapter against adm registry serve', async () => {
  const { path, today, cleanup } = await seededFile();
  const served = await serveRegistry(['--path', path, '--no-seed']);
  const registry = new HttpRegistry({ url: served.url });
  return {
    registry,
    today,
    async close() {
      await registry.close();
      await served.stop();
      cleanup();
    },
  };
});
