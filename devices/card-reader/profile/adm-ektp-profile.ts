import { err, ok, type Result } from '../../../core/result.ts';
import { sleep } from '../../common/deadline.ts';
import { readerError } from '../errors.ts';
import { decodeBiodata } from '../identity-record.ts';
import { command, parseResponse, SW, swHex, type Response } from '../pcsc/apdu.ts';
import type { CardIdentity, CardReaderError, CardReaderReason, Finger } from '../types.ts';
import { AUTH_LEN, CAPTURE, CARD_AID, CHALLENGE_LEN, FID, FINGER_REF, INS, MAC_LEN, READ_CHUNK, SAM_AID, SAM_INS, SERIAL_LEN, VERDICT } from './adm-ektp-spec.ts';
import type { ApduSlot, CardProfile, FingerVerdict, ProfileSession, SamInfo } from './types.ts';

// READ BINARY offsets are 15 bits: a file is at most 32 KiB.
const MAX_FILE = { [FID.biodata]: 4096, [FID.photo]: 0x7fff, [FID.signature]: 0x7fff } as const;
const POLL_MS = 50;

type Who = 'card' | 'sam';

/** Sends one APDU and splits the answer; an answer too short for a status word is a typed error. */
async function send(slot: ApduSlot, who: Who, apdu: Uint8Array, signal: AbortSignal): Promise<Result<Response, CardReaderError>> {
  const r = await slot.transmit(apdu, signal);
  if (!r.ok) return r;
  const res = parseResponse(r.value);
  if (!res) return err(malformed(who, `an answer of ${r.value.length} byte(s), without a status word`));
  return ok(res);
}

/** A card that answers nonsense is a bad card (the citizen can try another); a SAM that does is a reader fault. */
function malformed(who: Who, what: string): CardReaderError {
  return who === 'card' ? readerError('badCard', `the card gave ${what}`) : readerError('protocol', `the SAM gave ${what}`);
}

function unexpected(who: Who, step: string, sw: number): CardReaderError {
  return malformed(who, `status ${swHex(sw)} to ${step}`);
}

function fail(reason: CardReaderReason, message: string): { ok: false; error: CardReaderError } {
  return err(readerError(reason, message));
}

/**
 * The kiosk's side of `adm-ektp-1`. The card and the SAM authenticate each other through the
 * kiosk, which only relays; every record then comes from the card encrypted and MACed under
 * session keys that only that SAM can derive, and the SAM hands back the plain bytes. The kiosk
 * holds no key. Fingerprints are captured by the SAM and matched on the card: the sample crosses
 * the kiosk encrypted, the template never leaves the card, and only a verdict comes back.
 */
export const admEktpProfile: CardProfile = {
  name: 'adm-ektp-1',

  async checkSam(sam, signal): Promise<Result<SamInfo, CardReaderError>> {
    const r = await send(sam, 'sam', command(0x00, INS.select, 0x04, 0x00, SAM_AID, 256), signal);
    if (!r.ok) return r;
    if (r.value.sw === SW.fileNotFound || r.value.sw === SW.functionNotSupported) return ok({ ours: false, description: 'not an ADM e-KTP SAM' });
    if (r.value.sw !== SW.ok) return err(unexpected('sam', 'SELECT', r.value.sw));
    const info = tlv(tlv(r.value.data, 0x6f) ?? new Uint8Array(0), 0xc2);
    return ok({ ours: true, description: info ? new TextDecoder('latin1').decode(info) : 'ADM SAM' });
  },

  async open(card, sam, signal): Promise<Result<ProfileSession, CardReaderError>> {
    const sel = await send(card, 'card', command(0x00, INS.select, 0x04, 0x00, CARD_AID, 256), signal);
    if (!sel.ok) return sel;
    const { sw } = sel.value;
    if (sw === SW.fileNotFound || sw === SW.functionNotSupported || sw === SW.insNotSupported || sw === SW.claNotSupported) {
      return fail('authFailed', 'the card has no e-KTP identity application (another kind of card)');
    }
    if (sw === SW.fileInvalidated) return fail('badCard', 'the e-KTP application on this card is blocked');
    if (sw !== SW.ok) return err(unexpected('card', 'SELECT', sw));
    const serial = tlv(tlv(sel.value.data, 0x6f) ?? new Uint8Array(0), 0xc0);
    if (!serial || serial.length !== SERIAL_LEN) return fail('badCard', 'the card did not give its serial number when selected');

    const samSel = await this.checkSam(sam, signal);
    if (!samSel.ok) return samSel;
    if (!samSel.value.ours) return fail('noSam', 'the chip in the SAM slot is not an ADM e-KTP SAM');

    const challenge = await send(card, 'card', command(0x00, INS.getChallenge, 0, 0, undefined, CHALLENGE_LEN), signal);
    if (!challenge.ok) return challenge;
    if (challenge.value.sw !== SW.ok || challenge.value.data.length !== CHALLENGE_LEN) return err(unexpected('card', 'GET CHALLENGE', challenge.value.sw));

    const init = await send(sam, 'sam', command(0x80, SAM_INS.authInit, 0, 0, Buffer.concat([serial, challenge.value.data]), CHALLENGE_LEN + AUTH_LEN), signal);
    if (!init.ok) return init;
    if (init.value.sw !== SW.ok || init.value.data.length !== CHALLENGE_LEN + AUTH_LEN) return err(unexpected('sam', 'AUTH INIT', init.value.sw));

    const mutual = await send(card, 'card', command(0x00, INS.mutualAuthenticate, 0, 0, init.value.data, AUTH_LEN), signal);
    if (!mutual.ok) return mutual;
    if (mutual.value.sw === SW.securityNotSatisfied) return fail('authFailed', 'the card refused the SAM (a SAM with other keys, or not an e-KTP)');
    if (mutual.value.sw === SW.authBlocked) return fail('badCard', 'authentication is blocked on this card');
    if (mutual.value.sw !== SW.ok || mutual.value.data.length !== AUTH_LEN) return err(unexpected('card', 'MUTUAL AUTHENTICATE', mutual.value.sw));

    const finish = await send(sam, 'sam', command(0x80, SAM_INS.authFinish, 0, 0, mutual.value.data), signal);
    if (!finish.ok) return finish;
    if (finish.value.sw === SW.verificationFailed) return fail('authFailed', 'the SAM did not accept the card (not a genuine e-KTP)');
    if (finish.value.sw !== SW.ok) return err(unexpected('sam', 'AUTH FINISH', finish.value.sw));
    return ok(new AdmSession(card, sam));
  },
};

class AdmSession implements ProfileSession {
  constructor(
    private readonly card: ApduSlot,
    private readonly sam: ApduSlot,
  ) {}

  async readIdentity(signal: AbortSignal): Promise<Result<CardIdentity, CardReaderError>> {
    const bio = await this.#readFile(FID.biodata, signal);
    if (!bio.ok) return bio;
    const photo = await this.#readFile(FID.photo, signal);
    if (!photo.ok) return photo;
    const sig = await this.#readFile(FID.signature, signal);
    if (!sig.ok) return sig;
    const parsed = decodeBiodata(bio.value);
    if (!parsed.ok) return fail('badCard', `the card's biodata record is invalid at ${parsed.field}`);
    if (photo.value.length > 0 && !(photo.value[0] === 0xff && photo.value[1] === 0xd8)) return fail('badCard', 'the photo record is not a JPEG');
    return ok({ ...parsed.value, photo: photo.value.length > 0 ? photo.value : null, signature: sig.value.length > 0 ? sig.value : null });
  }

  async verifyFinger(finger: Finger, timeoutMs: number, signal: AbortSignal, onPlaced: () => void): Promise<Result<FingerVerdict, CardReaderError>> {
    const ds = Math.max(1, Math.min(0xffff, Math.floor(timeoutMs / 100)));
    const start = await send(this.sam, 'sam', command(0x80, SAM_INS.startCapture, FINGER_REF[finger], 0, Uint8Array.from([ds >> 8, ds & 0xff])), signal);
    if (!start.ok) return start;
    if (start.value.sw === SW.executionError) return fail('sensorError', 'the fingerprint sensor reports a fault');
    if (start.value.sw !== SW.ok) return err(unexpected('sam', 'START CAPTURE', start.value.sw));
    // Stop the sensor so the SAM is idle for the next operation, whether the stop came between two
    // polls or in the middle of one; the caller's reason stands.
    const stopSensor = () => this.sam.transmit(command(0x80, SAM_INS.cancelCapture, 0, 0), AbortSignal.timeout(1000));
    let placed = false;
    for (;;) {
      if (!(await sleep(POLL_MS, signal))) {
        await stopSensor();
        return fail('canceled', 'the verification was stopped');
      }
      const poll = await send(this.sam, 'sam', command(0x80, SAM_INS.pollCapture, 0, 0, undefined, 256), signal);
      if (!poll.ok) {
        if (signal.aborted) await stopSensor();
        return poll;
      }
      if (poll.value.sw === SW.executionError) return fail('sensorError', 'the fingerprint sensor reports a fault');
      if (poll.value.sw !== SW.ok || poll.value.data.length < 1) return err(unexpected('sam', 'POLL CAPTURE', poll.value.sw));
      const state = poll.value.data[0];
      if ((state === CAPTURE.fingerOn || state === CAPTURE.sampleReady) && !placed) {
        placed = true;
        onPlaced();
      }
      if (state === CAPTURE.waiting || state === CAPTURE.fingerOn) continue;
      if (state === CAPTURE.noFinger) return ok({ result: 'timeout', score: 0 });
      if (state === CAPTURE.poorQuality) return ok({ result: 'poorQuality', score: poll.value.data[1] ?? 0 });
      if (state !== CAPTURE.sampleReady) return err(malformed('sam', `capture state ${String(state)}`));
      const sample = poll.value.data.subarray(1);
      const verify = await send(this.card, 'card', command(0x00, INS.verifyBiometric, 0x00, FINGER_REF[finger], sample, 256), signal);
      if (!verify.ok) return verify;
      if (verify.value.sw === SW.authBlocked) return fail('attemptsExhausted', 'the card has blocked fingerprint verification');
      if (verify.value.sw !== SW.ok) return err(unexpected('card', 'VERIFY', verify.value.sw));
      const plain = await this.#unwrap(verify.value.data, signal);
      if (!plain.ok) return plain;
      const [code, score] = plain.value;
      if ((code !== VERDICT.match && code !== VERDICT.noMatch) || score === undefined || score > 100) return fail('badCard', 'the card gave a malformed verdict');
      return ok({ result: code === VERDICT.match ? 'match' : 'noMatch', score });
    }
  }

  async #readFile(fid: keyof typeof MAX_FILE, signal: AbortSignal): Promise<Result<Uint8Array, CardReaderError>> {
    const sel = await send(this.card, 'card', command(0x00, INS.select, 0x02, 0x04, Uint8Array.from([fid >> 8, fid & 0xff]), 256), signal);
    if (!sel.ok) return sel;
    if (sel.value.sw === SW.fileInvalidated) return fail('badCard', `file ${fid.toString(16)} on the card is blocked`);
    if (sel.value.sw === SW.fileNotFound) return fail('badCard', `the card has no file ${fid.toString(16)}`);
    if (sel.value.sw !== SW.ok) return err(unexpected('card', 'SELECT EF', sel.value.sw));
    const sizeBytes = tlv(tlv(sel.value.data, 0x62) ?? new Uint8Array(0), 0x80);
    if (!sizeBytes || sizeBytes.length !== 2) return fail('badCard', `file ${fid.toString(16)} has no size in its FCP`);
    const size = ((sizeBytes[0] as number) << 8) | (sizeBytes[1] as number);
    if (size > MAX_FILE[fid] || (fid === FID.biodata && size === 0)) return fail('badCard', `implausible size ${size} of file ${fid.toString(16)}`);
    const out = new Uint8Array(size);
    for (let offset = 0; offset < size; ) {
      const want = Math.min(READ_CHUNK, size - offset);
      const r = await send(this.card, 'card', command(0x00, INS.readBinary, offset >> 8, offset & 0xff, undefined, want), signal);
      if (!r.ok) return r;
      if (r.value.sw === SW.securityNotSatisfied) return fail('badCard', `file ${fid.toString(16)} is locked on the card`);
      if (r.value.sw !== SW.ok) return err(unexpected('card', 'READ BINARY', r.value.sw));
      if (r.value.data.length !== want + MAC_LEN) return err(malformed('card', `${r.value.data.length} bytes for ${want} asked at ${offset}`));
      const plain = await this.#unwrap(r.value.data, signal);
      if (!plain.ok) return plain;
      if (plain.value.length !== want) return err(malformed('sam', `${plain.value.length} plain bytes for ${want}`));
      out.set(plain.value, offset);
      offset += want;
    }
    return ok(out);
  }

  async #unwrap(wrapped: Uint8Array, signal: AbortSignal): Promise<Result<Uint8Array, CardReaderError>> {
    const r = await send(this.sam, 'sam', command(0x80, SAM_INS.unwrap, 0, 0, wrapped, Math.max(256, wrapped.length - MAC_LEN)), signal);
    if (!r.ok) return r;
    if (r.value.sw === SW.smDataIncorrect) return fail('badCard', "the card's answer failed the secure-messaging check");
    if (r.value.sw !== SW.ok) return err(unexpected('sam', 'UNWRAP', r.value.sw));
    return ok(r.value.data);
  }
}

/** The value of the first top-level BER-TLV with this one-byte tag (one-byte lengths). */
export function tlv(bytes: Uint8Array, tag: number): Uint8Array | undefined {
  for (let i = 0; i + 1 < bytes.length; ) {
    const t = bytes[i] as number;
    const len = bytes[i + 1] as number;
    if (i + 2 + len > bytes.length) return undefined;
    if (t === tag) return bytes.subarray(i + 2, i + 2 + len);
    i += 2 + len;
  }
  return undefined;
}

