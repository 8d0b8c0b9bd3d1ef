import { connect, type MqttClient } from 'mqtt';
import type { KeyObject } from 'node:crypto';
import { nonceRef, signCommand, type CommandName } from './commands.ts';
import { diagnosticsSchema, eventSchema, stateSchema, type DiagnosticsMessage, type EventMessage, type StateMessage } from './messages.ts';
import { kioskTopic, type KioskAddress } from './topics.ts';
import { err, ok, type Result } from '../../core/result.ts';

export interface SendCommandOptions {
  url: string;
  username?: string;
  password?: string;
  address: KioskAddress;
  cmd: CommandName;
  /** The command's arguments (`COMMAND_ARGS`), e.g. the ledger id of `print-evidence`. */
  args?: Record<string, unknown>;
  privateKey: KeyObject;
  /** How long to wait for the kiosk's answer. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface CommandAnswer {
  nonce: string;
  /** `command.done` or `command.refused`, as the kiosk reported it. */
  event: EventMessage;
  /** For `diagnostics`: the report. */
  diagnostics?: DiagnosticsMessage;
}

export type CommanderError =
  | { code: 'connect_failed'; message: string }
  | { code: 'publish_refused'; message: string }
  | { code: 'no_answer'; message: string; lastState: StateMessage | null }
  | { code: 'aborted'; message: string };

/** Commands whose answer is a report on the kiosk's `diagnostics` topic under the command's nonce. */
const REPORTING_COMMANDS = new Set<CommandName>(['diagnostics', 'print-evidence', 'resolve-print']);

/**
 * Signs a command, publishes it on the kiosk's `cmd` topic (QoS 1, never retained: a retained
 * command would run again on every reconnect) and waits for the kiosk's `command.done` or
 * `command.refused` event carrying the same nonce.
 */
export async function sendCommand(o: SendCommandOptions): Promise<Result<CommandAnswer, CommanderError>> {
  const { message, nonce } = signCommand({ address: o.address, cmd: o.cmd, privateKey: o.privateKey, ...(o.args ? { args: o.args } : {}) });
  const reports = REPORTING_COMMANDS.has(o.cmd);
  const ref = nonceRef(nonce);
  const timeout = AbortSignal.timeout(o.timeoutMs);
  const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
  let client: MqttClient | null = null;
  try {
    client = connect(o.url, { protocolVersion: 5, clean: true, reconnectPeriod: 0, connectTimeout: Math.min(o.timeoutMs, 10_000), username: o.username, password: o.password });
    const c = client;
    await new Promise<void>((resolve, reject) => {
      c.once('connect', () => resolve());
      c.once('error', reject);
      c.once('close', () => reject(new Error('connection closed')));
      signal.addEventListener('abort', () => reject(new Error('timed out connecting')), { once: true });
    });
    let lastState: StateMessage | null = null;
    let event: EventMessage | null = null;
    let diagnostics: DiagnosticsMessage | null = null;
    const settled = new Promise<void>((resolve) => {
      c.on('message', (topic, payload) => {
        let json: unknown;
        try {
          json = JSON.parse(payload.toString('utf8'));
        } catch {
          return;
        }
        if (topic.endsWith('/state')) {
          const s = stateSchema.safeParse(json);
          if (s.success) lastState = s.data;
        } else if (topic.endsWith('/event')) {
          const e = eventSchema.safeParse(json);
          const mine = e.success && (e.data.data.nonce === nonce || e.data.data.nonceRef === ref);
          if (e.success && mine && (e.data.kind === 'command.done' || e.data.kind === 'command.refused')) event = e.data;
        } else if (topic.endsWith('/diagnostics')) {
          const d = diagnosticsSchema.safeParse(json);
          if (d.success && d.data.request === nonce) diagnostics = d.data;
        }
        const ev = event as EventMessage | null;
        if (ev && (!reports || diagnostics || ev.kind === 'command.refused')) resolve();
      });
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await c.subscribeAsync(
      [kioskTopic(o.address, 'state'), kioskTopic(o.address, 'event'), kioskTopic(o.address, 'diagnostics')],
      { qos: 1 },
    );
    try {
      const ack = await c.publishAsync(kioskTopic(o.address, 'cmd'), message, { qos: 1, retain: false });
      const rc = ack && 'reasonCode' in ack ? ack.reasonCode : 0;
      if (typeof rc === 'number' && rc >= 0x80) return err({ code: 'publish_refused', message: `the broker refused the command (reason code ${rc}): check this user's ACL` });
    } catch (e) {
      return err({ code: 'publish_refused', message: (e as Error).message });
    }
    await settled;
    const answer = event as EventMessage | null;
    if (!answer) {
      if (o.signal?.aborted) return err({ code: 'aborted', message: 'aborted' });
      const st = lastState as StateMessage | null;
      const seen = st ? `its last state is "${st.status}" (${st.at})` : 'no state was ever published for it';
      return err({ code: 'no_answer', message: `kiosk ${o.address.region}/${o.address.kiosk} did not answer within ${o.timeoutMs} ms; ${seen}`, lastState: st });
    }
    return ok({ nonce, event: answer, ...(diagnostics ? { diagnostics } : {}) });
  } catch (e) {
    return err({ code: 'connect_failed', message: `cannot reach the broker: ${(e as Error).message}` });
  } finally {
    client?.end(true);
  }
}
