import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { KioskAddress } from './topics.ts';
import { err, ok, type Result } from '../../core/result.ts';

/**
 * Fleet commands. The fleet signs the exact bytes of a JSON body with its Ed25519 key; the kiosk
 * checks the signature before it reads anything else, then that the command names this kiosk, is
 * fresh, and carries a nonce it has never accepted. Signing the body's bytes (not a re-serialised
 * object) means signer and verifier never have to agree on a canonical JSON form.
 */
export const COMMANDS = ['out-of-service', 'in-service', 'diagnostics', 'telemetry-now', 'print-evidence', 'resolve-print'] as const;
export type CommandName = (typeof COMMANDS)[number];

/** Domain separation: these bytes are never valid as a document signature or anything else. */
const SIGNING_PREFIX = 'ADM-FLEET-CMD-1\n';
export const MAX_COMMAND_BYTES = 4096;

const NONCE = /^[A-Za-z0-9_-]{16,64}$/;

const envelopeSchema = z.strictObject({ v: z.literal(1), body: z.string().max(MAX_COMMAND_BYTES), sig: z.string().regex(/^[A-Za-z0-9_-]{86}$/) });
const bodySchema = z.strictObject({
  kiosk: z.string().min(1).max(64),
  region: z.string().min(1).max(64),
  cmd: z.string().min(1).max(40),
  issuedAt: z.iso.datetime({ offset: true }),
  nonce: z.string().regex(NONCE),
  args: z.record(z.string(), z.unknown()).default({}),
});

/** What a command carries besides its name; checked after the signature, per command. */
const ledgerId = z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/);
// eslint-disable-next-line no-control-regex -- a note is one printable line: control characters are refused
const ONE_LINE = /^[^\u0000-\u001f\u007f]*$/;
export const COMMAND_ARGS = {
  'print-evidence': z.strictObject({ ledgerId }),
  'resolve-print': z.strictObject({ ledgerId, decision: z.enum(['printed', 'not_printed']), note: z.string().max(200).regex(ONE_LINE), operator: z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/) }),
} as const;
export type PrintEvidenceArgs = z.infer<(typeof COMMAND_ARGS)['print-evidence']>;
export type ResolvePrintArgs = z.infer<(typeof COMMAND_ARGS)['resolve-print']>;

export interface FleetCommand {
  cmd: CommandName;
  /** Checked against `COMMAND_ARGS` for the commands that take any; `{}` for the others. */
  args: Record<string, unknown>;
  kiosk: string;
  region: string;
  issuedAt: string;
  nonce: string;
}

export type CommandRefusalReason =
  | 'too_large'
  | 'malformed'
  | 'no_key'
  | 'bad_signature'
  | 'wrong_kiosk'
  | 'expired'
  | 'from_future'
  | 'replayed'
  | 'unknown_command'
  | 'bad_args';

export interface CommandRefusal {
  reason: CommandRefusalReason;
  message: string;
  /** Only once the signature checked out, so a forger cannot make the kiosk echo chosen text. */
  cmd?: string;
  nonce?: string;
  /**
   * A hash of the nonce the message claimed, signed or not: the sender (who knows the nonce) can
   * match the refusal to its command, and nobody can make the kiosk publish text of their choosing.
   */
  nonceRef?: string;
}

/** What a refusal reports instead of the (unverified) nonce itself. */
export function nonceRef(nonce: string): string {
  return createHash('sha256').update(`adm-nonce:${nonce}`).digest('base64url').slice(0, 16);
}

/** The nonce a message claims, if its shape allows one, before anything is verified. */
function claimedNonce(body: string): string | undefined {
  try {
    const n = (JSON.parse(body) as { nonce?: unknown }).nonce;
    return typeof n === 'string' && NONCE.test(n) ? n : undefined;
  } catch {
    return undefined;
  }
}

/** Remembers accepted nonces; `remember` returns false when the nonce was already there. */
export interface NonceStore {
  remember(nonce: string, atMs: number): boolean;
  forgetBefore(atMs: number): void;
}

export interface VerifyOptions {
  address: KioskAddress;
  publicKey: KeyObject | null;
  nonces: NonceStore;
  now: () => Date;
  /** How far `issuedAt` may be from the kiosk's clock, either way. */
  maxSkewMs: number;
}

const refuse = (reason: CommandRefusalReason, message: string, extra: Partial<CommandRefusal> = {}): Result<never, CommandRefusal> =>
  err({ reason, message, ...extra });

export function signingBytes(body: string): Buffer {
  return Buffer.from(SIGNING_PREFIX + body, 'utf8');
}

/** Checks one message from the `cmd` topic. Refusals are values; nothing here throws. */
export function verifyCommand(raw: Buffer | string, o: VerifyOptions): Result<FleetCommand, CommandRefusal> {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  if (bytes.byteLength > MAX_COMMAND_BYTES) return refuse('too_large', `command of ${bytes.byteLength} bytes exceeds ${MAX_COMMAND_BYTES}`);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    return refuse('malformed', 'command is not JSON');
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return refuse('malformed', 'command envelope does not have exactly v=1, body and a 64-byte base64url sig');
  const claimed = claimedNonce(envelope.data.body);
  const ref = claimed === undefined ? {} : { nonceRef: nonceRef(claimed) };
  if (o.publicKey === null) return refuse('no_key', 'no fleet command key is configured (fleet.commandPublicKey); every command is refused', ref);
  let good = false;
  try {
    good = verify(null, signingBytes(envelope.data.body), o.publicKey, Buffer.from(envelope.data.sig, 'base64url'));
  } catch {
    good = false;
  }
  if (!good) return refuse('bad_signature', 'signature does not verify with the fleet command key', ref);

  let bodyJson: unknown;
  try {
    bodyJson = JSON.parse(envelope.data.body);
  } catch {
    return refuse('malformed', 'signed body is not JSON');
  }
  const body = bodySchema.safeParse(bodyJson);
  if (!body.success) return refuse('malformed', `signed body is not a valid command: ${body.error.issues[0]?.message ?? 'invalid'}`);
  const b = body.data;
  const known = { nonce: b.nonce, nonceRef: nonceRef(b.nonce), cmd: b.cmd };
  if (b.kiosk !== o.address.kiosk || b.region !== o.address.region) {
    return refuse('wrong_kiosk', `command is for ${b.region}/${b.kiosk}, this is ${o.address.region}/${o.address.kiosk}`, known);
  }
  const nowMs = o.now().getTime();
  const issuedMs = Date.parse(b.issuedAt);
  if (issuedMs < nowMs - o.maxSkewMs) return refuse('expired', `command issued ${Math.round((nowMs - issuedMs) / 1000)} s ago, older than ${o.maxSkewMs / 1000} s`, known);
  if (issuedMs > nowMs + o.maxSkewMs) return refuse('from_future', `command issued ${Math.round((issuedMs - nowMs) / 1000)} s in the future; check both clocks`, known);
  if (!(COMMANDS as readonly string[]).includes(b.cmd)) return refuse('unknown_command', `unknown command ${b.cmd}`, known);
  const argSchema = (COMMAND_ARGS as Partial<Record<string, z.ZodType>>)[b.cmd];
  const args = argSchema ? argSchema.safeParse(b.args) : null;
  if (args && !args.success) return refuse('bad_args', `arguments of ${b.cmd}: ${args.error.issues[0]?.path.join('.') ?? ''} ${args.error.issues[0]?.message ?? 'invalid'}`.trim(), known);
  // Remembered only now: a forged or stale command must not use up a nonce.
  if (!o.nonces.remember(b.nonce, nowMs)) return refuse('replayed', 'this command (nonce) was already accepted', known);
  o.nonces.forgetBefore(nowMs - 2 * o.maxSkewMs);
  return ok({ cmd: b.cmd as CommandName, args: args ? (args.data as Record<string, unknown>) : {}, kiosk: b.kiosk, region: b.region, issuedAt: b.issuedAt, nonce: b.nonce });
}

export interface SignOptions {
  address: KioskAddress;
  cmd: CommandName;
  privateKey: KeyObject;
  now?: Date;
  nonce?: string;
  args?: Record<string, unknown>;
}

/** Builds a signed command message, ready to publish on the kiosk's `cmd` topic. */
export function signCommand(o: SignOptions): { message: string; nonce: string } {
  const nonce = o.nonce ?? randomBytes(18).toString('base64url');
  const body = JSON.stringify({
    kiosk: o.address.kiosk,
    region: o.address.region,
    cmd: o.cmd,
    issuedAt: (o.now ?? new Date()).toISOString(),
    nonce,
    args: o.args ?? {},
  });
  const sig = sign(null, signingBytes(body), o.privateKey).toString('base64url');
  return { message: JSON.stringify({ v: 1, body, sig }), nonce };
}

/** A new fleet command key pair: the private key as PKCS#8 PEM, the public one as base64 SPKI DER (for `fleet.commandPublicKey`). */
export function generateCommandKeys(): { privatePem: string; publicBase64: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicBase64: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}

export type KeyError = { code: 'bad_key'; message: string };

/** Reads `fleet.commandPublicKey`; anything but an Ed25519 SPKI key is refused. */
export function commandPublicKey(base64: string): Result<KeyObject, KeyError> {
  try {
    const key = createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') return err({ code: 'bad_key', message: `fleet.commandPublicKey is a ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519` });
    return ok(key);
  } catch (e) {
    return err({ code: 'bad_key', message: `fleet.commandPublicKey is not a base64 SPKI public key: ${(e as Error).message}` });
  }
}

/** Reads a private key file's text (PEM, or base64 PKCS#8 DER). */
export function commandPrivateKey(text: string): Result<KeyObject, KeyError> {
  try {
    const t = text.trim();
    const key = t.startsWith('-----') ? createPrivateKey(t) : createPrivateKey({ key: Buffer.from(t, 'base64'), format: 'der', type: 'pkcs8' });
    if (key.asymmetricKeyType !== 'ed25519') return err({ code: 'bad_key', message: `the key is ${key.asymmetricKeyType ?? 'unknown'}, not Ed25519` });
    return ok(key);
  } catch (e) {
    return err({ code: 'bad_key', message: `not a PKCS#8 private key: ${(e as Error).message}` });
  }
}
