import { z } from 'zod';
import { intentSchema } from '../../../flows/intents.ts';
import type { View } from '../../../flows/view.ts';

/**
 * The UI socket's wire format (docs/protocol.md). Every message is one JSON object with the
 * protocol version `v`. The server pushes view snapshots; the UI sends intents. Nothing else.
 */
export const PROTOCOL_VERSION = 1;

/** Largest message the server reads; the biggest legitimate one (NIK + PIN) is under 200 bytes. */
export const MAX_MESSAGE_BYTES = 2048;

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({
    v: z.literal(PROTOCOL_VERSION),
    type: z.literal('intent'),
    /** Chosen by the UI; echoed in the ack or error so it can match them. */
    id: z.string().min(1).max(32),
    intent: intentSchema,
  }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export const ERROR_CODES = ['malformed_json', 'invalid_message', 'unsupported_version', 'rate_limited'] as const;
export type ProtocolErrorCode = (typeof ERROR_CODES)[number];

export type ServerMessage =
  | { v: typeof PROTOCOL_VERSION; type: 'hello'; protocol: typeof PROTOCOL_VERSION; maxMessageBytes: number }
  | { v: typeof PROTOCOL_VERSION; type: 'snapshot'; seq: number; view: View }
  /** `accepted`: whether the session took the intent in the state it was in (a late double tap is not). */
  | { v: typeof PROTOCOL_VERSION; type: 'ack'; id: string; accepted: boolean }
  | { v: typeof PROTOCOL_VERSION; type: 'error'; id: string | null; code: ProtocolErrorCode; message: string }
  /** A technician used the hidden entry on the hardware (the touchscreen's corner gesture): open maintenance. */
  | { v: typeof PROTOCOL_VERSION; type: 'open'; target: 'maintenance'; from: 'gesture' }
  /** Accessibility: a keypad key, the voice guidance state, or the idle locator to play (docs/protocol.md). */
  | { v: typeof PROTOCOL_VERSION; type: 'access'; event: AccessEvent };

export type AccessKey = 'up' | 'down' | 'left' | 'right' | 'ok' | 'back' | 'help' | 'volumeUp' | 'volumeDown' | 'speed' | 'erase' | 'digit';

export type AccessEvent =
  | { kind: 'key'; key: AccessKey; digit?: number }
  /** Whether to speak, why, and how: volume 0..1, rate in words per minute. */
  | { kind: 'guidance'; on: boolean; reason: string; volume: number; rate: number }
  | { kind: 'locator'; text: { id: string; en: string } };

export type Parsed = { ok: true; message: ClientMessage } | { ok: false; id: string | null; code: ProtocolErrorCode; message: string };

/** Reads one text frame. Never throws: anything wrong comes back as a protocol error to send. */
export function parseClientMessage(text: string): Parsed {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, id: null, code: 'malformed_json', message: 'not JSON' };
  }
  const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? ((raw as { id: string }).id.slice(0, 32)) : null;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, id, code: 'invalid_message', message: 'expected a JSON object' };
  if ((raw as { v?: unknown }).v !== PROTOCOL_VERSION) {
    return { ok: false, id, code: 'unsupported_version', message: `this kiosk speaks protocol v${PROTOCOL_VERSION}` };
  }
  const parsed = clientMessageSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, id, code: 'invalid_message', message: issue ? `${issue.path.join('.') || 'message'}: ${issue.message}` : 'invalid message' };
  }
  return { ok: true, message: parsed.data };
}

export const encode = (m: ServerMessage): string => JSON.stringify(m);

/** A snapshot message around a view already serialised once for every socket. */
export const encodeSnapshot = (seq: number, viewJson: string): string =>
  `{"v":${PROTOCOL_VERSION},"type":"snapshot","seq":${seq},"view":${viewJson}}`;
