import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'mqtt';
import type { CheckOutcome, DoctorCheck } from './check.ts';
import { commandPublicKey } from '../fleet/commands.ts';
import { reasonOf, safeUrl } from '../fleet/publisher.ts';
import { readStore } from '../store/store-view.ts';
import { storeReadingCheck } from './store-check.ts';

/** Can this kiosk reach its broker with its own credentials? Uses another client id so a running kiosk is not kicked off. */
export const fleetBrokerCheck: DoctorCheck = {
  name: 'fleet broker',
  async run(config, signal) {
    const f = config.fleet;
    if (f.mqttUrl === undefined) return [{ status: 'ok', detail: 'fleet reporting is off (no fleet.mqttUrl / ADM_MQTT_URL): nothing is published' }];
    let ca: string | undefined;
    if (f.caFile !== undefined) {
      try {
        ca = readFileSync(f.caFile, 'utf8');
      } catch (e) {
        return [{ status: 'fail', detail: `fleet.caFile ${f.caFile} is unreadable: ${(e as Error).message}` }];
      }
    }
    const url = safeUrl(f.mqttUrl);
    const client = connect(f.mqttUrl, {
      protocolVersion: 5,
      clientId: `${f.clientId ?? config.kiosk.id}-doctor`,
      username: f.username,
      password: f.password,
      ca,
      reconnectPeriod: 0,
      connectTimeout: 5000,
      clean: true,
    });
    try {
      const outcome = await new Promise<CheckOutcome>((resolve) => {
        let lastError: Error | null = null;
        client.once('connect', () => resolve({ status: 'ok', detail: `${url} accepts ${f.username === undefined ? 'this kiosk (anonymous)' : `user ${f.username}`}` }));
        client.on('error', (e) => (lastError = e));
        client.once('close', () => {
          const r = reasonOf(lastError);
          const what = r.kind === 'auth' ? 'refused the kiosk\'s credentials (fleet.username / fleet.password)' : r.kind === 'unreachable' ? 'is unreachable' : 'closed the connection';
          resolve({ status: 'fail', detail: `${url} ${what}: ${r.reason}` });
        });
        signal.addEventListener('abort', () => resolve({ status: 'fail', detail: `${url} did not answer in time` }), { once: true });
      });
      return [outcome];
    } finally {
      client.end(true);
    }
  },
};

export const fleetCommandKeyCheck: DoctorCheck = {
  name: 'fleet command key',
  run(config) {
    const key = config.fleet.commandPublicKey;
    if (key === undefined) {
      return [{ status: config.fleet.mqttUrl === undefined ? 'ok' : 'warn', detail: 'fleet.commandPublicKey is not set: every fleet command (out of service, diagnostics…) will be refused' }];
    }
    const parsed = commandPublicKey(key);
    if (!parsed.ok) return [{ status: 'fail', detail: parsed.error.message }];
    const fp = createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 16);
    return [{ status: 'ok', detail: `Ed25519 fleet command key, fingerprint ${fp}` }];
  },
};

/** The outbox as stored: waiting, dropped and refused messages (read-only). */
export const fleetOutboxCheck = storeReadingCheck('fleet outbox', {
  inspect(config, path) {
    const counts = readStore(path, (v) => (v.hasTable('fleet_outbox') ? v.outbox() : null));
    if (!counts) return [{ status: 'ok', detail: 'the store has no fleet outbox yet (older schema; the next start adds it)' }];
    const { pending, refused, dropped } = counts;
    const detail = `${pending} waiting (max ${config.fleet.outboxMax}), ${dropped} dropped, ${refused} refused by the broker`;
    if (refused > 0) return [{ status: 'warn', detail: `${detail}: the broker's ACL refuses this kiosk's topics` }];
    if (pending > config.fleet.outboxMax * 0.8) return [{ status: 'warn', detail: `${detail}: nearly full; the broker has been unreachable for a while` }];
    return [{ status: 'ok', detail }];
  },
  unreadable: (path, message) => `cannot read the outbox in ${path}: ${message}`,
});
