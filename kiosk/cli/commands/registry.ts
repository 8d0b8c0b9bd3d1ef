import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Command } from '../command.ts';
import { loadConfig, formatProblem } from '../../config/load.ts';
import { createLogger } from '../../log/logger.ts';
import { resolveInDataDir } from '../../store/kiosk-store.ts';
import { openEmbeddedRegistry } from '../../registry/embedded/embedded-registry.ts';
import { ensureSeeded } from '../../registry/seed/seed.ts';
import { createRegistryServer } from '../../registry/http/registry-server.ts';
import { localDay } from '../../registry/identifiers/dates.ts';

const USAGE = 'serve --port P [--host 127.0.0.1] [--path FILE | --config FILE] [--no-seed] [--tls-cert PEM --tls-key PEM [--tls-ca PEM]]';

export const registryCommand: Command = {
  name: 'registry',
  summary: 'serve the embedded registry over the registry HTTP API, so several kiosks share one registry',
  usage: USAGE,
  async run(argv) {
    let values: Record<string, string | boolean | undefined>;
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          port: { type: 'string' }, host: { type: 'string', default: '127.0.0.1' }, path: { type: 'string' }, config: { type: 'string' },
          'no-seed': { type: 'boolean' }, 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' }, 'tls-ca': { type: 'string' },
        },
      }));
    } catch (e) {
      process.stderr.write(`adm registry: ${(e as Error).message}\nusage: adm registry ${USAGE}\n`);
      return 2;
    }
    const port = Number(values.port);
    if (positionals[0] !== 'serve' || positionals.length !== 1 || !Number.isInteger(port) || port < 0 || port > 65535) {
      process.stderr.write(`usage: adm registry ${USAGE}\n`);
      return 2;
    }
    const loaded = loadConfig(typeof values.config === 'string' ? { file: values.config } : {});
    if (!loaded.ok) {
      for (const p of loaded.error) process.stderr.write(`${formatProblem(p)}\n`);
      return 2;
    }
    const { config } = loaded.value;
    const pretty = config.log.pretty === 'auto' ? false : config.log.pretty;
    // Log lines go to stderr: stdout carries the one "serving" line that scripts wait for.
    const { pino } = await import('pino');
    const log = await createLogger({ level: config.log.level, pretty, destination: pino.destination({ fd: 2, sync: true }) });
    let tls: { cert: Buffer; key: Buffer; ca?: Buffer } | undefined;
    try {
      if (values['tls-cert'] !== undefined || values['tls-key'] !== undefined) {
        if (typeof values['tls-cert'] !== 'string' || typeof values['tls-key'] !== 'string') throw new Error('--tls-cert and --tls-key go together');
        tls = { cert: readFileSync(values['tls-cert']), key: readFileSync(values['tls-key']), ...(typeof values['tls-ca'] === 'string' ? { ca: readFileSync(values['tls-ca']) } : {}) };
      }
    } catch (e) {
      process.stderr.write(`adm registry: TLS files: ${(e as Error).message}\n`);
      return 2;
    }
    const path = typeof values.path === 'string' ? values.path : resolveInDataDir(config.dataDir, config.registry.path);
    const opened = openEmbeddedRegistry({ path, log });
    if (!opened.ok) {
      process.stderr.write(`adm registry: ${opened.error.message}\n`);
      return 1;
    }
    const registry = opened.value;
    if (!values['no-seed']) {
      const seeded = await ensureSeeded(registry, localDay(new Date()), { families: config.registry.seedFamilies, seed: config.registry.seed });
      if (!seeded.ok) {
        process.stderr.write(`adm registry: ${seeded.error.message}\n`);
        await registry.close();
        return 1;
      }
    }
    const server = createRegistryServer({ registry, host: String(values.host), port, log, ...(tls ? { tls } : {}) });
    try {
      await server.listen();
    } catch (e) {
      process.stderr.write(`adm registry: cannot listen on ${String(values.host)}:${port}: ${(e as Error).message}\n`);
      await registry.close();
      return 1;
    }
    process.stdout.write(`registry serving ${server.url()} (${path})\n`);
    return new Promise<number>((resolve) => {
      const stop = () => {
        void server.close().then(async () => {
          await registry.close();
          log.flush();
          resolve(0);
        });
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
};
