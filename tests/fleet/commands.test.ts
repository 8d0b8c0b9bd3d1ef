import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { commandPrivateKey, commandPublicKey, generateCommandKeys, nonceRef, signCommand, verifyCommand, type NonceStore, type VerifyOptions } from '../../kiosk/fleet/commands.ts';
import { SqliteNonceStore } from '../../kiosk/store/fleet-state.ts';
import { kioskDb } from './support/harness.ts';

const address = { region: '3506', kiosk: 'ADM-3506-0007' };
const T0 = new Date('2026-11-23T08:00:00.000Z');
const { privateKey, publicKey } = generateKeyPairSync('ed25519');

const closers: Array<() => void> = [];
afterEach(() => closers.splice(0).forEach((c) => c()));

function nonceStore(): { store: NonceStore; reopen(): NonceStore } {
  const db = kioskDb();
  closers.push(() => db.close());
  return { store: new SqliteNonceStore(db), reopen: () => new SqliteNonceStore(db) };
}

function options(over: Partial<VerifyOptions> = {}): VerifyOptions {
  return { address, publicKey, nonces: nonceStore().store, now: () => T0, maxSkewMs: 60_000, ...over };
}

const signed = (over: Partial<Parameters<typeof signCommand>[0]> = {}) => signCommand({ address, cmd: 'out-of-service', privateKey, now: T0, ...over }).message;

describe('fleet command signing', () => {
  it('accepts a fresh command signed by the fleet key for this kiosk', () => {
    const r = verifyCommand(signed(), options());
    expect(r.ok && r.value).toMatchObject({ cmd: 'out-of-service', kiosk: address.kiosk, region: address.region });
  });

  it('refuses a replay of an accepted command, also after a restart (nonces are in the store)', () => {
    const { store, reopen } = nonceStore();
    const message = signed();
    expect(verifyCommand(message, options({ nonces: store })).ok).toBe(true);
    const again = verifyCommand(message, options({ nonces: store }));
    expect(!again.ok && again.error.reason).toBe('replayed');
    const afterRestart = verifyCommand(message, options({ nonces: reopen() }));
    expect(!afterRestart.ok && afterRestart.error.reason).toBe('replayed');
  });

  it('refuses a command signed by another key (forged) without reading or echoing its body', () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    const r = verifyCommand(signCommand({ address, cmd: 'in-service', privateKey: other, now: T0 }).message, options());
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.reason).toBe('bad_signature');
      expect(r.error.cmd).toBeUndefined();
      expect(r.error.nonce).toBeUndefined();
      // Only a hash of what it claimed, so its sender can match the refusal.
      const claimed = (JSON.parse((JSON.parse(signCommand({ address, cmd: 'in-service', privateKey: other, now: T0, nonce: 'claimed-nonce-000001' }).message) as { body: string }).body) as { nonce: string }).nonce;
      expect(nonceRef(claimed)).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(r.error.nonceRef).toMatch(/^[A-Za-z0-9_-]{16}$/);
    }
  });

  it('refuses a body changed after signing', () => {
    const env = JSON.parse(signed()) as { v: number; body: string; sig: string };
    const tampered = JSON.stringify({ ...env, body: env.body.replace('out-of-service', 'in-service') });
    const r = verifyCommand(tampered, options());
    expect(!r.ok && r.error.reason).toBe('bad_signature');
  });

  it('refuses a command for another kiosk or region, even correctly signed', () => {
    const r1 = verifyCommand(signCommand({ address: { ...address, kiosk: 'ADM-3506-0008' }, cmd: 'diagnostics', privateKey, now: T0 }).message, options());
    expect(!r1.ok && r1.error.reason).toBe('wrong_kiosk');
    const r2 = verifyCommand(signCommand({ address: { ...address, region: '3572' }, cmd: 'diagnostics', privateKey, now: T0 }).message, options());
    expect(!r2.ok && r2.error.reason).toBe('wrong_kiosk');
  });

  it('refuses stale and future commands by the kiosk clock, without using up their nonce', () => {
    const { store } = nonceStore();
    const old = signCommand({ address, cmd: 'telemetry-now', privateKey, now: new Date(T0.getTime() - 61_000), nonce: 'old-nonce-0123456789' }).message;
    const r1 = verifyCommand(old, options({ nonces: store }));
    expect(!r1.ok && r1.error.reason).toBe('expired');
    const future = signCommand({ address, cmd: 'telemetry-now', privateKey, now: new Date(T0.getTime() + 61_000) }).message;
    const r2 = verifyCommand(future, options({ nonces: store }));
    expect(!r2.ok && r2.error.reason).toBe('from_future');
    // The same nonce, now within the window, is still usable: the stale copy did not burn it.
    const fresh = signCommand({ address, cmd: 'telemetry-now', privateKey, now: T0, nonce: 'old-nonce-0123456789' }).message;
    expect(verifyCommand(fresh, options({ nonces: store })).ok).toBe(true);
  });

  it('refuses unknown commands, malformed and oversized messages, and everything when no key is configured', () => {
    const unknown = verifyCommand(signCommand({ address, cmd: 'reboot' as 'in-service', privateKey, now: T0 }).message, options());
    expect(!unknown.ok && unknown.error).toMatchObject({ reason: 'unknown_command', cmd: 'reboot' });
    for (const bad of ['not json', '{}', JSON.stringify({ v: 1, body: '{}', sig: 'x' }), JSON.stringify({ v: 2, body: '{}', sig: 'a'.repeat(86) })]) {
      const r = verifyCommand(bad, options());
      expect(!r.ok && r.error.reason, bad).toBe('malformed');
    }
    const huge = verifyCommand(Buffer.alloc(5000, 0x20), options());
    expect(!huge.ok && huge.error.reason).toBe('too_large');
    const noKey = verifyCommand(signed(), options({ publicKey: null }));
    expect(!noKey.ok && noKey.error.reason).toBe('no_key');
  });

  it('refuses a validly signed body that is not a command', () => {
    const r = verifyCommand(signCommand({ address, cmd: 'in-service', privateKey, now: T0, nonce: 'short' }).message, options());
    expect(!r.ok && r.error.reason).toBe('malformed');
  });

  it('round-trips generated keys; refuses keys that are not Ed25519', () => {
    const keys = generateCommandKeys();
    const priv = commandPrivateKey(keys.privatePem);
    const pub = commandPublicKey(keys.publicBase64);
    expect(priv.ok && pub.ok).toBe(true);
    if (!priv.ok || !pub.ok) return;
    const r = verifyCommand(signCommand({ address, cmd: 'diagnostics', privateKey: priv.value, now: T0 }).message, options({ publicKey: pub.value }));
    expect(r.ok).toBe(true);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const notEd = commandPublicKey(rsa.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'));
    expect(!notEd.ok && notEd.error.code).toBe('bad_key');
    expect(commandPublicKey('bm90IGEga2V5').ok).toBe(false);
    expect(commandPrivateKey('garbage').ok).toBe(false);
  });
});
