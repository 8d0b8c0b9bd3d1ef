import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { configFromFile, type Command } from '../command.ts';
import { onEmbeddedRegistry } from '../embedded-registry.ts';
import { createLogger } from '../../log/logger.ts';
import { resolveInDataDir } from '../../store/kiosk-store.ts';
import { openEmbeddedRegistry } from '../../registry/embedded/embedded-registry.ts';
import { ensureSeeded } from '../../registry/seed/seed.ts';
import { createRegistryServer } from '../../registry/http/registry-server.ts';
import { localDay } from '../../registry/identifiers/dates.ts';
import { recordDeath, recordDivorce, recordMove } from '../../registry/embedded/civil-changes.ts';
import { addressSchema } from '../../registry/http/wire.ts';

const USAGE = [
  'serve --port P [--host 127.0.0.1] [--path FILE | --config FILE] [--no-seed] [--tls-cert PEM --tls-key PEM [--tls-ca PEM]]',
  '       adm registry record-death --nik NIK --reporter NIK [--date YYYY-MM-DD] [--place PLACE] [--path FILE | --config FILE]',
  '       adm registry record-divorce --husband NIK --wife NIK --decision NUMBER [--date YYYY-MM-DD] [--children-with wife|husband] [--path FILE | --config FILE]',
  '       adm registry record-move --kk NO_KK --address ADDRESS.json [--path FILE | --config FILE]',
].join('\n');

export const registryCommand: Command = {
  name: 'registry',
  summary: 'serve the embedded registry over the registry HTTP API; record a death, divorce or move in it',
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
          nik: { type: 'string' }, reporter: { type: 'string' }, date: { type: 'string' }, place: { type: 'string' }, husband: { type: 'string' },
          wife: { type: 'string' }, decision: { type: 'string' }, 'children-with': { type: 'string' }, kk: { type: 'string' }, address: { type: 'string' },
        },
      }));
    } catch (e) {
      process.stderr.write(`adm registry: ${(e as Error).message}\nusage: adm registry ${USAGE}\n`);
      return 2;
    }
    if (positionals.length === 1 && positionals[0]?.startsWith('record-')) return recordChange(positionals[0], values);
    const port = Number(values.port);
    if (positionals[0] !== 'serve' || positionals.length !== 1 || values.port === undefined || !Number.isInteger(port) || port < 0 || port > 65535) {
      process.stderr.write(`usage: adm registry ${USAGE}\n`);
      return 2;
    }
    const loaded = configFromFile(typeof values.config === 'string' ? values.config : undefined);
    if (!loaded) return 2;
    const { config } = loaded;
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

/** Registers a civil status change in the embedded registry and prints what it superseded and issued (the PINs the SMS would carry). */
async function recordChange(kind: string, v: Record<string, string | boolean | undefined>): Promise<number> {
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const usage = () => {
    process.stderr.write(`usage: adm registry ${USAGE}\n`);
    return 2;
  };
  const loaded = configFromFile(str('config'));
  if (!loaded) return 2;
  const path = str('path') ?? resolveInDataDir(loaded.config.dataDir, loaded.config.registry.path);
  if (!existsSync(path)) {
    process.stderr.write(`adm registry: no embedded registry at ${path}\n`);
    return 1;
  }
  return onEmbeddedRegistry('registry', path, async (registry) => {
    let result;
    if (kind === 'record-death') {
      const nik = str('nik');
      const reporter = str('reporter');
      if (!nik || !reporter) return usage();
      result = await recordDeath(registry, { nik, reporterNik: reporter, dateOfDeath: str('date') ?? registry.today(), placeOfDeath: str('place') ?? '' });
    } else if (kind === 'record-divorce') {
      const husband = str('husband');
      const wife = str('wife');
      const decision = str('decision');
      const childrenWith = str('children-with') ?? 'wife';
      if (!husband || !wife || !decision || (childrenWith !== 'wife' && childrenWith !== 'husband')) return usage();
      result = await recordDivorce(registry, { husbandNik: husband, wifeNik: wife, decisionNumber: decision, decisionDate: str('date') ?? registry.today(), childrenWith });
    } else if (kind === 'record-move') {
      const kk = str('kk');
      const file = str('address');
      if (!kk || !file) return usage();
      let address;
      try {
        address = addressSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
      } catch (e) {
        process.stderr.write(`adm registry: ${file}: not an address (${(e as Error).message.slice(0, 200)})\n`);
        return 2;
      }
      result = await recordMove(registry, { kkNumber: kk, newAddress: address });
    } else {
      return usage();
    }
    if (!result.ok) {
      process.stderr.write(`adm registry: ${result.error.code}: ${result.error.message}\n`);
      return 1;
    }
    process.stdout.write(`${JSON.stringify(result.value, null, 2)}\n`);
    return 0;
  });
}
