import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../store/open-database.ts';
import type { StoreOpenError } from '../../store/errors.ts';
import type { KioskLogger } from '../../log/logger.ts';
import { err, ok, type Result } from '../../../core/result.ts';
import type {
  CallOptions, ClaimRequest, ClaimState, DocumentState, DocumentVerdict, Registry, RegistryError,
} from '../../../core/registry.ts';
import type {
  Citizen, DocumentContent, DocumentListing, DocumentSignature, DocumentType, IsoDate, Office, Person, PrintPackage,
} from '../../../core/domain.ts';
import { DOCUMENT_TYPES } from '../../../core/domain.ts';
import { parseNik } from '../identifiers/nik.ts';
import { localDay } from '../identifiers/dates.ts';
import { openSeal, sealSignatureValid } from '../../documents/seal/node-seal.ts';
import { registryMigrations } from './migrations.ts';
import { guessMark, parseQrText, verifySecret, DEFAULT_COST, type ScryptCost } from './secrets.ts';
import {
  activeFamilyOf, allOffices, applicationRow, applicationsForDocument, applicationsOwnedBy, familyByKk, officeByCode, ownersOf,
  personByNik, publicOffice, toApplication, type ApplicationRow,
} from './rows.ts';
import { buildContent, officeForDocument, revisionOf, signDocument } from './content.ts';

/** Wrong PINs (document or login) before the lock. */
export const MAX_WRONG_PINS = 3;

export const DOCUMENT_TITLES: Record<DocumentType, string> = {
  kk: 'Kartu Keluarga',
  ktp: 'KTP-el',
  kia: 'Kartu Identitas Anak (KIA)',
  'akta-lahir': 'Akta Kelahiran',
  'akta-mati': 'Akta Kematian',
};

export interface EmbeddedRegistryOptions {
  /** SQLite file, or `:memory:` for tests. */
  path: string;
  log?: KioskLogger;
  /** Wall clock; tests pass their own. */
  now?: () => Date;
  /** Offset of the registry's calendar from UTC (WIB = 420). */
  utcOffsetMinutes?: number;
  /** How long a login PIN stays locked after 3 wrong tries. */
  loginLockMinutes?: number;
  /** scrypt cost for PINs and QR secrets issued at runtime. */
  hashCost?: ScryptCost;
}

const fail = (code: RegistryError['code'], message: string, extra: Partial<RegistryError> = {}) => err<RegistryError>({ code, message, ...extra });
const LEDGER_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/**
 * The embedded registry: the central Dukcapil side kept in a local SQLite file. It is the default
 * for the simulated kiosk, and `adm registry serve` puts it behind the registry HTTP API.
 */
export class EmbeddedRegistry implements Registry {
  readonly db: Database;
  readonly path: string;
  readonly hashCost: ScryptCost;
  readonly #log: KioskLogger | undefined;
  readonly #now: () => Date;
  readonly #offset: number;
  readonly #loginLockMs: number;

  constructor(db: Database, options: EmbeddedRegistryOptions) {
    this.db = db;
    this.path = options.path;
    this.#log = options.log;
    this.#now = options.now ?? (() => new Date());
    this.#offset = options.utcOffsetMinutes ?? 420;
    this.#loginLockMs = (options.loginLockMinutes ?? 60) * 60_000;
    this.hashCost = options.hashCost ?? DEFAULT_COST;
  }

  /** The registry's own calendar day. */
  today(): IsoDate {
    return localDay(this.#now(), this.#offset);
  }

  nowIso(): string {
    return this.#now().toISOString();
  }

  get log(): KioskLogger | undefined {
    return this.#log;
  }

  #pending: Promise<unknown> | null = null;

  /**
   * Makes calls wait for `work` (the first start's seeding) before reading; the kiosk opens meanwhile.
   * A call whose signal fires first ends as `timeout`/`unavailable`, as any call does.
   */
  waitFor(work: Promise<unknown>): void {
    const pending: Promise<unknown> = work.catch(() => undefined).finally(() => {
      if (this.#pending === pending) this.#pending = null;
    });
    this.#pending = pending;
  }

  async #enter(options?: CallOptions): Promise<Result<void, RegistryError>> {
    const pending = this.#pending;
    const signal = options?.signal;
    if (pending) {
      await new Promise<void>((resolve) => {
        const done = () => {
          signal?.removeEventListener('abort', done);
          resolve();
        };
        signal?.addEventListener('abort', done, { once: true });
        void pending.then(done);
      });
    }
    return this.#gate(options);
  }

  #gate(options?: CallOptions): Result<void, RegistryError> {
    if (!this.db.open) return fail('unavailable', 'the embedded registry is closed');
    const signal = options?.signal;
    if (signal?.aborted) {
      const reason = signal.reason as { name?: string } | undefined;
      return reason?.name === 'TimeoutError' ? fail('timeout', 'the call ran out of time') : fail('unavailable', 'the call was cancelled');
    }
    return ok(undefined);
  }

  #checkNik(nik: string): Result<void, RegistryError> {
    const parsed = parseNik(nik, this.today());
    return parsed.ok ? ok(undefined) : fail('invalid_request', `NIK: ${parsed.error.message}`, { reason: parsed.error.code });
  }

  /** The citizen behind a NIK, if they may use the ADM (alive, registered, registration still valid). */
  #citizen(nik: string): Result<Citizen, RegistryError> {
    const person = personByNik(this.db, nik);
    if (!person) return fail('not_found', 'no person with this NIK');
    if (!person.alive) return fail('not_found', 'this NIK is registered as deceased');
    const reg = this.db.prepare('SELECT valid_until FROM registrations WHERE nik = ?').get(nik) as { valid_until: string } | undefined;
    if (!reg) return fail('not_registered', 'not registered for the ADM at Disdukcapil');
    if (reg.valid_until < this.today()) return fail('not_registered', `ADM registration expired on ${reg.valid_until}; renew it at Disdukcapil`);
    return ok({ person, kkNumber: activeFamilyOf(this.db, nik)?.kkNumber ?? null });
  }

  /** Synchronous person lookup by NIK (the card-reader simulator writes these fields to its card). */
  findPerson(nik: string): Person | undefined {
    return personByNik(this.db, nik);
  }

  async findByNik(nik: string, options?: CallOptions): Promise<Result<Citizen, RegistryError>> {
    const gate = await this.#enter(options);
    if (!gate.ok) return gate;
    const valid = this.#checkNik(nik);
    if (!valid.ok) return valid;
    return this.#citizen(nik);
  }

  async signInWithPin(nik: string, pin: string, options?: CallOptions): Promise<Result<Citizen, RegistryError>> {
    const gate = await this.#enter(options);
    if (!gate.ok) return gate;
    const valid = this.#checkNik(nik);
    if (!valid.ok) return valid;
    if (!/^\d{6}$/.test(pin)) return fail('invalid_request', 'a login PIN has 6 digits', { reason: 'pin_format' });
    const citizen = this.#citizen(nik);
    if (!citizen.ok) return citizen;
    const reg = this.db.prepare('SELECT pin_hash, locked_until FROM registrations WHERE nik = ?').get(nik) as { pin_hash: string; locked_until: string | null };
    if (reg.locked_until !== null && reg.locked_until > this.nowIso()) {
      return fail('locked', 'login PIN locked after 3 wrong tries', { lockedUntil: reg.locked_until });
    }
    if (await verifySecret(pin, reg.pin_hash)) {
      this.db.prepare("UPDATE registrations SET wrong_pins = 0, wrong_marks = '[]', locked_until = NULL WHERE nik = ?").run(nik);
      return citizen;
    }
    return this.#countWrong('registrations', 'nik', nik, guessMark(`login:${nik}`, pin), (attemptsLeft) => {
      if (attemptsLeft > 0) return fail('wrong_pin', 'wrong login PIN', { attemptsLeft });
      const lockedUntil = new Date(this.#now().getTime() + this.#loginLockMs).toISOString();
      this.db.prepare('UPDATE registrations SET locked_until = ?, wrong_pins = 0, wrong_marks = ? WHERE nik = ?').run(lockedUntil, '[]', nik);
      this.#log?.event('registry.signin_locked', { nik, lockedUntil });
      return fail('locked', 'login PIN locked after 3 wrong tries', { lockedUntil, attemptsLeft: 0 });
    });
  }

  /**
   * Counts one wrong guess (the same wrong guess twice counts once) and lets the caller decide what
   * `attemptsLeft` means. Runs in one transaction so two kiosks cannot both get the "last" try.
   */
  #countWrong<T>(table: 'registrations' | 'applications', key: string, id: string, mark: string, then: (attemptsLeft: number) => T): T {
    return this.db.transaction(() => {
      const row = this.db.prepare(`SELECT wrong_pins, wrong_marks FROM ${table} WHERE ${key} = ?`).get(id) as { wrong_pins: number; wrong_marks: string };
      const marks = JSON.parse(row.wrong_marks) as string[];
      let count = row.wrong_pins;
      if (!marks.includes(mark)) {
        count += 1;
        marks.push(mark);
        this.db.prepare(`UPDATE ${table} SET wrong_pins = ?, wrong_marks = ? WHERE ${key} = ?`).run(count, JSON.stringify(marks), id);
      }
      return then(Math.max(0, MAX_WRONG_PINS - count));
    })();
  }

  async signInWithQr(text: string, options?: CallOptions): Promise<Result<Citizen, RegistryError>> {
    const gate = await this.#enter(options);
    if (!gate.ok) return gate;
    const qr = parseQrText(text);
    if (!qr) return fail('invalid_request', 'this QR is not an ADM sign-in QR', { reason: 'qr_format' });
    const row = applicationRow(this.db, qr.applicationId);
    if (!row || row.qr_hash === null || !(await verifySecret(qr.secret, row.qr_hash))) return fail('not_found', 'QR not recognised');
    if (row.status === 'printed') return fail('already_claimed', 'the document of this QR was already printed');
    if (row.status === 'superseded') return fail('superseded', 'the document of this QR was superseded by a newer one');
    return this.#citizen(row.applicant_nik);
  }

  async listDocuments(nik: string, today: IsoDate, options?: CallOptions): Promise<Result<DocumentListing[], RegistryError>> {
    const gate = await this.#enter(options);
    if (!gate.ok) return gate;
    const valid = this.#checkNik(nik);
    if (!valid.ok) return valid;
    if (!this.db.prepare('SELECT 1 FROM persons WHERE nik = ?').get(nik)) return fail('not_found', 'no person with this NIK');
    const order = { ready: 0, held: 1, 'not-yet': 2, 'in-progress': 3 } as const;
    const listings: DocumentListing[] = [];
    for (const row of applicationsOwnedBy(this.db, nik)) {
      const application = toApplication(this.db, row);
      const title = this.#title(row);
      const held = row.status === 'ready' && row.claimed_ledger_id !== null ? (this.db.prepare('SELECT claimed_at FROM claims WHERE ledger_id = ?').get(row.claimed_ledger_id) as { claimed_at: string } | undefined) : undefined;
      if (held) {
        // Claimed and never confirmed: printing now, or held for staff to decide. Not "ready", and not "printing" for ever.
        listings.push({ kind: 'held', application, title, since: localDay(new Date(held.claimed_at), this.#offset) });
      } else if (row.status === 'ready' || row.status === 'locked') {
        // A locked document stays listed (status `locked`) so the kiosk can say why it cannot print.
        if (row.printable_from !== null && row.printable_from > today) listings.push({ kind: 'not-yet', application, title, printableFrom: row.printable_from });
        else listings.push({ kind: 'ready', application, title });
      } else if (row.status === 'submitted' || row.status === 'approved') {
        listings.push({ kind: 'in-progress', application, title, expectedOn: row.expected_on });
      }
    }
    listings.sort((a, b) => order[a.kind] - order[b.kind] || DOCUMENT_TYPES.indexOf(a.application.type) - DOCUMENT_TYPES.indexOf(b.application.type));
    return ok(listings);
  }

  #title(row: ApplicationRow): string {
    const base = DOCUMENT_TITLES[row.type];
    if (row.type === 'kk') return `${base} ${row.document_number}`;
    // Only the name: a person row carries photo and signature bytes.
    const subject = this.db.prepare('SELECT name FROM persons WHERE nik = ?').get(row.subject_nik) as { name: string } | undefined;
    return subject ? `${base}: ${subject.name}` : base;
  }

  async claim(request: ClaimRequest, options?: CallOptions): Promise<Result<PrintPackage, RegistryError>> {
    const gate = await this.#enter(options);
    if (!gate.ok) return gate;
    const refused = (e: Result<PrintPackage, RegistryError>) => {
      if (!e.ok) this.#log?.event('registry.claim_refused', { applicationId: request.applicationId, ledgerId: request.ledgerId, code: e.error.code });
      return e;
    };
    const { applicationId, ledgerId, nik, proof, kioskId } = request;
    if (!LEDGER_ID.test(ledgerId)) return refused(fail('invalid_request', 'ledger id: 1 to 100 letters, digits, dot, colon, dash or underscore', { reason: 'ledger_id' }));
    if (!kioskId) return refused(fail('invalid_request', 'kiosk id is required', { reason: 'kiosk_id' }));
    const validNik = this.#checkNik(nik);
    if (!validNik.ok) return refused(validNik);
    const row = applicationRow(this.db, applicationId);
    if (!row || !ownersOf(this.db, applicationId).includes(nik)) return refused(fail('not_found', 'no such document for this citizen'));

    const previous = this.db.prepare('SELECT application_id, state FROM claims WHERE ledger_id = ?').get(ledgerId) as { application_id: string; state: string } | undefined;
    if (previous && previous.application_id !== applicationId) return refused(fail('invalid_request', 'this ledger id already claimed another document', { reason: 'ledger_reused' }));
    if (previous?.state === 'printed') return refused(fail('already_claimed', 'this document was already printed by this ledger id'));
    // A released ledger id is a tombstone: a claim arriving after its release never takes the document.
    if (previous?.state === 'released') return refused(fail('invalid_request', 'this ledger id was released; claim with a new one', { reason: 'ledger_released' }));
    const sameClaim = previous?.state === 'claimed' && row.claimed_ledger_id === ledgerId;

    if (!sameClaim) {
      const state = this.#claimable(row);
      if (!state.ok) return refused(state);
    }

    // The slow hash runs outside any transaction; the state is checked again when writing.
    let proven: boolean;
    if (proof.kind === 'pin') {
      if (!/^\d{6}$/.test(proof.pin)) return refused(fail('invalid_request', 'a document PIN has 6 digits', { reason: 'pin_format' }));
      proven = row.pin_hash !== null && (await verifySecret(proof.pin, row.pin_hash));
    } else {
      const qr = parseQrText(proof.text);
      if (!qr) return refused(fail('invalid_request', 'this QR is not an ADM document QR', { reason: 'qr_format' }));
      proven = qr.applicationId === applicationId && row.qr_hash !== null && (await verifySecret(qr.secret, row.qr_hash));
    }
    const gate2 = this.#gate(options);
    if (!gate2.ok) return gate2;

    if (!proven) {
      const guess = proof.kind === 'pin' ? `pin:${proof.pin}` : `qr:${proof.text}`;
      return refused(this.#countWrong('applications', 'id', applicationId, guessMark(`doc:${applicationId}`, guess), (attemptsLeft) => {
        if (attemptsLeft > 0) return fail('wrong_pin', 'wrong document PIN', { attemptsLeft });
        this.db.prepare("UPDATE applications SET status = 'locked', updated_at = ? WHERE id = ? AND status = 'ready'").run(this.nowIso(), applicationId);
        this.#log?.event('registry.document_locked', { applicationId, type: row.type });
        return fail('locked', 'document locked after 3 wrong PINs; ask Disdukcapil for a new PIN', { attemptsLeft: 0 });
      }));
    }

    // Built before anything is reserved: a package that cannot be built must leave nothing held.
    const pkg = this.#package(row);
    if (!pkg.ok) return refused(pkg);

    const reserved = this.db.transaction((): Result<void, RegistryError> => {
      const tomb = this.db.prepare('SELECT state FROM claims WHERE ledger_id = ?').get(ledgerId) as { state: string } | undefined;
      if (tomb?.state === 'released') return fail('invalid_request', 'this ledger id was released; claim with a new one', { reason: 'ledger_released' });
      const cur = applicationRow(this.db, applicationId) as ApplicationRow;
      if (!(cur.claimed_ledger_id === ledgerId && cur.status === 'ready')) {
        const state = this.#claimable(cur);
        if (!state.ok) return state;
      }
      const at = this.nowIso();
      this.db.prepare("UPDATE applications SET claimed_ledger_id = ?, wrong_pins = 0, wrong_marks = '[]', updated_at = ? WHERE id = ?").run(ledgerId, at, applicationId);
      this.db.prepare(`INSERT INTO claims (ledger_id, application_id, kiosk_id, state, claimed_at, updated_at) VALUES (?, ?, ?, 'claimed', ?, ?)
        ON CONFLICT (ledger_id) DO UPDATE SET kiosk_id = excluded.kiosk_id, updated_at = excluded.updated_at WHERE state = 'claimed'`)
        .run(ledgerId, applicationId, kioskId, at, at);
      return ok(undefined);
    })();
    if (!reserved.ok) return refused(reserved);

    const fresh = applicationRow(this.db, applicationId) as ApplicationRow;
    if (!sameClaim) this.#log?.event('registry.claimed', { applicationId, ledgerId, type: row.type, kioskId });
    return ok({ application: toApplication(this.db, fresh), ledgerId, ...pkg.value });
  }

  /** Whether a document can be claimed now by a new ledger id. */
  #claimable(row: ApplicationRow): Result<void, RegistryError> {
    switch (row.status) {
      case 'superseded':
        return fail('superseded', `superseded by ${row.superseded_by ?? 'a newer document'}`);
      case 'printed':
        return fail('already_claimed', 'this document was already printed');
      case 'locked':
        return fail('locked', 'document locked after 3 wrong PINs; ask Disdukcapil for a new PIN', { attemptsLeft: 0 });
      case 'submitted':
      case 'approved':
        return fail('not_ready', 'this document is still being processed', row.expected_on ? { expectedOn: row.expected_on } : {});
      case 'ready':
        break;
    }
    if (row.claimed_ledger_id !== null) return fail('already_claimed', 'this document is being printed at a kiosk');
    if (row.printable_from !== null && row.printable_from > this.today()) {
      return fail('not_printable_yet', `printable from ${row.printable_from}`, { printableFrom: row.printable_from });
    }
    return ok(undefined);
  }

  #package(row: ApplicationRow): Result<{ content: DocumentContent; signature: DocumentSignature }, RegistryError> {
    const office = officeByCode(this.db, row.office_code);
    if (!office) return fail('not_found', `office ${row.office_code} has no signing key`);
    const issuedOn = row.issued_on ?? this.today();
    const built = buildContent(this.db, row.type, row.document_number, office, issuedOn);
    if (!built.ok) return fail('not_found', built.error.message);
    return ok({ content: built.content, signature: signDocument(built.content, row.document_number, built.subjectNik, revisionOf(this.db, row.type, row.document_number, issuedOn), office) });
  }

  async confirmPrinted(applicationId: string, ledgerId: string, options?: CallOptions): Promise<Result<void, RegistryError>> {
    const gate = await this.#enter(options);
    if (!gate.ok) return gate;
    return this.db.transaction((): Result<void, RegistryError> => {
      const c = this.db.prepare('SELECT application_id, state FROM claims WHERE ledger_id = ?').get(ledgerId) as { application_id: string; state: string } | undefined;
      if (!c || c.application_id !== applicationId) return fail('not_claimed', 'this ledger id holds no claim on this document');
      if (c.state === 'printed') return ok(undefined);
      if (c.state === 'released') return fail('not_claimed', 'this claim was released; a released claim cannot be confirmed');
      const at = this.nowIso();
      this.db.prepare('UPDATE claims SET state = ?, updated_at = ? WHERE ledger_id = ?').run('printed', at, ledgerId);
      this.db.prepare("UPDATE applications SET status = CASE status WHEN 'superseded' THEN status ELSE 'printed' END, printed_at = ?, updated_at = ? WHERE id = ?")
        .run(at, at, applicationId);
      this.#log?.event('registry.confirmed', { applicationId, ledgerId });
      return ok(undefined);
    })();
  }

  async release(applicationId: string, ledgerId: string, reason: string, options?: CallOptions): Promise<Result<void, RegistryError>> {
    const gate = await this.#enter(options);
    if (!gate.ok) return gate;
    return this.db.transaction((): Result<void, RegistryError> => {
      const c = this.db.prepare('SELECT application_id, state FROM claims WHERE ledger_id = ?').get(ledgerId) as { application_id: string; state: string } | undefined;
      if (c && c.application_id !== applicationId) return fail('not_claimed', 'this ledger id holds a claim on another document');
      const at = this.nowIso();
      if (!c) {
        // The claim has not arrived (or never will): a tombstone makes sure it is refused if it does.
        if (!applicationRow(this.db, applicationId)) return fail('not_found', 'no such document');
        this.db.prepare(`INSERT INTO claims (ledger_id, application_id, kiosk_id, state, claimed_at, updated_at, reason) VALUES (?, ?, '', 'released', ?, ?, ?)`).run(ledgerId, applicationId, at, at, reason.slice(0, 200));
        this.#log?.event('registry.released', { applicationId, ledgerId, reason });
        return ok(undefined);
      }
      if (c.state === 'released') return ok(undefined);
      if (c.state === 'printed') return fail('already_claimed', 'this document was confirmed printed; it cannot be released');
      this.db.prepare('UPDATE claims SET state = ?, updated_at = ?, reason = ? WHERE ledger_id = ?').run('released', at, reason.slice(0, 200), ledgerId);
      this.db.prepare('UPDATE applications SET claimed_ledger_id = NULL, updated_at = ? WHERE id = ? AND claimed_ledger_id = ?').run(at, applicationId, ledgerId);
      this.#log?.event('registry.released', { applicationId, ledgerId, reason });
      return ok(undefined);
    })();
  }

  async claimStatus(applicationId: string, ledgerId: string, options?: CallOptions): Promise<Result<ClaimState, RegistryError>> {
    const gate = await this.#enter(options);
    if (!gate.ok) return gate;
    const c = this.db.prepare('SELECT application_id, state, kiosk_id FROM claims WHERE ledger_id = ?').get(ledgerId) as { application_id: string; state: ClaimState['state']; kiosk_id: string } | undefined;
    if (!c || c.application_id !== applicationId) return ok({ state: 'none' });
    return ok({ state: c.state, kioskId: c.kiosk_id });
  }

  async documentState(type: DocumentType, number: string, options?: CallOptions): Promise<Result<DocumentState, RegistryError>> {
    const gate = await this.#enter(options);
    if (!gate.ok) return gate;
    return ok(this.#documentState(type, number));
  }

  #documentState(type: DocumentType, number: string): DocumentState {
    if (type === 'kk') {
      const f = familyByKk(this.db, number);
      if (!f) return { status: 'unknown' };
      return f.status === 'active' ? { status: 'active' } : { status: 'superseded', supersededBy: f.supersededBy ?? undefined };
    }
    const issued = applicationsForDocument(this.db, type, number).filter((r) => r.issued_on !== null);
    const latest = issued[0];
    if (latest) return latest.status === 'superseded' ? { status: 'superseded', ...(latest.superseded_by ? { supersededBy: latest.superseded_by } : {}) } : { status: 'active' };
    const exists =
      type === 'akta-lahir' ? this.db.prepare('SELECT 1 FROM births WHERE akta_number = ?').get(number)
      : type === 'akta-mati' ? this.db.prepare('SELECT 1 FROM deaths WHERE akta_number = ?').get(number)
      : this.db.prepare('SELECT 1 FROM persons WHERE nik = ? AND alive = 1').get(number);
    return exists ? { status: 'active' } : { status: 'unknown' };
  }

  async verifyDocument(seal: string, options?: CallOptions): Promise<Result<DocumentVerdict, RegistryError>> {
    const gate = await this.#enter(options);
    if (!gate.ok) return gate;
    const opened = openSeal(seal);
    if (!opened.ok) return fail('invalid_request', `not a document seal: ${opened.error.message}`);
    const fields = opened.value.payload;
    const office = officeByCode(this.db, fields.officeCode);
    if (!office || office.keyId !== fields.keyId) return ok({ signatureValid: false, status: 'unknown' });
    const signatureValid = sealSignatureValid(opened.value, office.publicKey);
    const verdict = { signatureValid, office: publicOffice(office) };
    if (!signatureValid) return ok({ ...verdict, status: 'unknown' });
    // The exact issue (number + issue date) decides: a KTP-el keeps its NIK across re-issues.
    const issue = applicationsForDocument(this.db, fields.type, fields.number).find((r) => r.issued_on === fields.issuedOn);
    if (issue?.status === 'superseded') return ok({ ...verdict, status: 'superseded', ...(issue.superseded_by ? { supersededBy: issue.superseded_by } : {}) });
    if (issue && fields.type !== 'kk') return ok({ ...verdict, status: 'active' });
    const state = this.#documentState(fields.type, fields.number);
    return ok({ ...verdict, status: state.status, ...(state.supersededBy ? { supersededBy: state.supersededBy } : {}) });
  }

  async offices(options?: CallOptions): Promise<Result<Office[], RegistryError>> {
    const gate = await this.#enter(options);
    if (!gate.ok) return gate;
    return ok(allOffices(this.db).map(publicOffice));
  }

  async ping(options?: CallOptions): Promise<Result<void, RegistryError>> {
    return this.#enter(options);
  }

  /**
   * Content and signature of a document without claiming it (for `adm render`). `id` is the No. KK
   * (kk), the NIK (ktp, kia) or the akta number. The issue date is the latest issue's, else `today`.
   */
  renderPackage(type: DocumentType, id: string, today: IsoDate): Result<{ content: DocumentContent; signature: DocumentSignature }, RegistryError> {
    if (!this.db.open) return fail('unavailable', 'the embedded registry is closed');
    const latest = applicationsForDocument(this.db, type, id).find((r) => r.issued_on !== null);
    const office = (latest ? officeByCode(this.db, latest.office_code) : undefined) ?? officeForDocument(this.db, type, id);
    if (!office) return fail('not_found', `no ${type} ${id} in the registry, or no office signs it`);
    const issuedOn = latest?.issued_on ?? (type === 'kk' ? familyByKk(this.db, id)?.issuedOn : undefined) ?? today;
    const built = buildContent(this.db, type, id, office, issuedOn);
    if (!built.ok) return fail('not_found', built.error.message);
    return ok({ content: built.content, signature: signDocument(built.content, id, built.subjectNik, revisionOf(this.db, type, id, issuedOn), office) });
  }

  /** Counts for `adm doctor` and `adm seed`. */
  stats(): { persons: number; families: number; applications: number; ready: number; offices: number } {
    const n = (sql: string) => (this.db.prepare(sql).get() as { n: number }).n;
    return {
      persons: n('SELECT count(*) AS n FROM persons'),
      families: n("SELECT count(*) AS n FROM families WHERE status = 'active'"),
      applications: n('SELECT count(*) AS n FROM applications'),
      ready: n("SELECT count(*) AS n FROM applications WHERE status = 'ready' AND claimed_ledger_id IS NULL"),
      offices: n('SELECT count(*) AS n FROM offices'),
    };
  }

  meta(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM registry_meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO registry_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}

/** Opens (and migrates) the embedded registry file. A damaged or newer file is reported, never replaced. */
export function openEmbeddedRegistry(options: EmbeddedRegistryOptions): Result<EmbeddedRegistry, StoreOpenError> {
  const opened = openDatabase({ path: options.path, migrations: registryMigrations });
  if (!opened.ok) {
    options.log?.event('registry.open_failed', { path: options.path, code: opened.error.code, reason: opened.error.message });
    return opened;
  }
  options.log?.event('registry.opened', { mode: 'embedded', path: options.path, version: opened.value.version });
  return ok(new EmbeddedRegistry(opened.value.db, options));
}
