import type { Migration } from '../../store/migration.ts';

/**
 * The embedded registry's own schema (a separate file from the kiosk store: it stands in for the
 * central Dukcapil system and can be served to several kiosks). Addresses are JSON objects.
 */
const population: Migration = {
  version: 1,
  name: 'population',
  up(db) {
    db.exec(`
      CREATE TABLE registry_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      CREATE TABLE offices (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        city TEXT NOT NULL,
        official_name TEXT NOT NULL,
        official_title TEXT NOT NULL,
        official_nip TEXT NOT NULL,
        key_id TEXT NOT NULL UNIQUE,
        public_key TEXT NOT NULL,
        private_key TEXT NOT NULL
      ) STRICT;
      CREATE TABLE persons (
        nik TEXT PRIMARY KEY CHECK (length(nik) = 16),
        name TEXT NOT NULL,
        sex TEXT NOT NULL CHECK (sex IN ('LAKI-LAKI', 'PEREMPUAN')),
        birth_place TEXT NOT NULL,
        birth_date TEXT NOT NULL,
        blood_type TEXT NOT NULL,
        religion TEXT NOT NULL,
        education TEXT NOT NULL,
        occupation TEXT NOT NULL,
        marital_status TEXT NOT NULL,
        marriage_date TEXT,
        nationality TEXT NOT NULL,
        passport_no TEXT,
        kitap_no TEXT,
        father_name TEXT NOT NULL,
        mother_name TEXT NOT NULL,
        address TEXT NOT NULL,
        alive INTEGER NOT NULL CHECK (alive IN (0, 1)),
        photo BLOB,
        signature BLOB
      ) STRICT;
      CREATE TABLE families (
        kk_number TEXT PRIMARY KEY CHECK (length(kk_number) = 16),
        head_nik TEXT NOT NULL REFERENCES persons(nik),
        address TEXT NOT NULL,
        issued_on TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'superseded')),
        superseded_by TEXT
      ) STRICT;
      CREATE TABLE family_members (
        kk_number TEXT NOT NULL REFERENCES families(kk_number),
        nik TEXT NOT NULL REFERENCES persons(nik),
        relation TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (kk_number, nik)
      ) STRICT;
      CREATE INDEX family_members_nik ON family_members(nik);
      CREATE TABLE births (
        akta_number TEXT PRIMARY KEY,
        child_nik TEXT NOT NULL UNIQUE REFERENCES persons(nik),
        child_name TEXT NOT NULL,
        sex TEXT NOT NULL,
        birth_place TEXT NOT NULL,
        birth_date TEXT NOT NULL,
        child_order INTEGER NOT NULL CHECK (child_order >= 1),
        father_name TEXT NOT NULL,
        mother_name TEXT NOT NULL,
        registered_on TEXT NOT NULL,
        late INTEGER NOT NULL CHECK (late IN (0, 1))
      ) STRICT;
      CREATE TABLE deaths (
        akta_number TEXT PRIMARY KEY,
        nik TEXT NOT NULL UNIQUE REFERENCES persons(nik),
        name TEXT NOT NULL,
        sex TEXT NOT NULL,
        birth_date TEXT NOT NULL,
        place_of_death TEXT NOT NULL,
        date_of_death TEXT NOT NULL,
        registered_on TEXT NOT NULL
      ) STRICT;
      -- ADM sign-up at Disdukcapil: phone number checked there, a login PIN, valid two years.
      CREATE TABLE registrations (
        nik TEXT PRIMARY KEY REFERENCES persons(nik),
        pin_hash TEXT NOT NULL,
        registered_on TEXT NOT NULL,
        valid_until TEXT NOT NULL,
        wrong_pins INTEGER NOT NULL DEFAULT 0,
        wrong_marks TEXT NOT NULL DEFAULT '[]',
        locked_until TEXT
      ) STRICT;
      CREATE TABLE applications (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL CHECK (type IN ('kk', 'ktp', 'kia', 'akta-lahir', 'akta-mati')),
        subject_nik TEXT NOT NULL,
        applicant_nik TEXT NOT NULL,
        document_number TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('submitted', 'approved', 'ready', 'printed', 'superseded', 'locked')),
        submitted_on TEXT NOT NULL,
        expected_on TEXT,
        printable_from TEXT,
        issued_on TEXT,
        office_code TEXT NOT NULL REFERENCES offices(code),
        pin_hash TEXT,
        qr_hash TEXT,
        wrong_pins INTEGER NOT NULL DEFAULT 0,
        wrong_marks TEXT NOT NULL DEFAULT '[]',
        claimed_ledger_id TEXT,
        superseded_by TEXT,
        printed_at TEXT,
        updated_at TEXT NOT NULL,
        -- A printable document has its PIN and QR hashes; a document printed long ago may have none left.
        CHECK (status NOT IN ('ready', 'locked') OR (pin_hash IS NOT NULL AND qr_hash IS NOT NULL AND issued_on IS NOT NULL)),
        CHECK (status <> 'printed' OR issued_on IS NOT NULL)
      ) STRICT;
      CREATE INDEX applications_document ON applications(type, document_number);
      CREATE TABLE application_owners (
        application_id TEXT NOT NULL REFERENCES applications(id),
        nik TEXT NOT NULL,
        PRIMARY KEY (application_id, nik)
      ) STRICT;
      CREATE INDEX application_owners_nik ON application_owners(nik);
      -- One row per kiosk ledger id that claimed a document: makes claims idempotent and confirm/release checkable.
      CREATE TABLE claims (
        ledger_id TEXT PRIMARY KEY,
        application_id TEXT NOT NULL REFERENCES applications(id),
        kiosk_id TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('claimed', 'printed', 'released')),
        claimed_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        reason TEXT
      ) STRICT;
      CREATE INDEX claims_application ON claims(application_id);
      -- Civil status changes that superseded documents (divorce decision, death, move).
      CREATE TABLE civil_changes (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('divorce', 'death', 'move')),
        recorded_on TEXT NOT NULL,
        reference TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
    `);
  },
};

export const registryMigrations: readonly Migration[] = [population];
