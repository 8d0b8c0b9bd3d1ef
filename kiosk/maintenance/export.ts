import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Database } from 'better-sqlite3';
import type { Redactor } from '../privacy/redactor.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { PrintLedger } from '../store/print-ledger.ts';
import type { AuditTrail } from '../store/audit-trail.ts';
import { journalPages } from '../store/journal.ts';
import { writeArchive, type ArchiveEntry, type ArchiveError, type WrittenArchive } from './export-archive.ts';
import { readSystemLog } from './system-log.ts';
import type { UsbDrive, UsbError } from './usb-drives.ts';

export type ExportTarget = { kind: 'file' } | { kind: 'usb'; mountPoint: string };

/**
 * - `no_drive`: the mount point asked for is not a mounted USB drive (pulled out, or never there).
 * - `drive_read_only`: mounted read-only or not writable by the kiosk.
 * - `mounts_unreadable`: the mount table could not be read.
 * - the archive's own: `write_failed`, `no_space`, `canceled`.
 */
export type ExportError = { code: 'no_drive' | 'drive_read_only' | UsbError['code'] | ArchiveError['code']; message: string };

export type ExportDone = WrittenArchive & { target: ExportTarget['kind'] };

export interface ExportSources {
  kioskId: string;
  /** systemd unit whose journal lines are the runtime's log. */
  unit: string;
  db: Database;
  audit: AuditTrail;
  ledger: PrintLedger;
  /** The kiosk's one redactor: every file of the archive passes it on the way out. */
  redactor: Redactor;
  summary: () => unknown;
  exportDir: string;
  usb: () => Result<UsbDrive[], UsbError>;
  now: () => Date;
  technician: string;
}

/** Where exports go on a USB drive, so they are easy to find and never overwrite anything else. */
export const USB_EXPORT_DIR = 'ADM-export';
const MAX_JOURNAL_ROWS = 200_000;
const MAX_LEDGER_ROWS = 10_000;

const jsonl = (rows: readonly unknown[]): Buffer => Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''), 'utf8');

/**
 * Writes rows as JSON lines to a file, a page at a time, hashing as it goes: a journal of years
 * stays out of memory. Pages are read with `.all()`, never an open iterator, so the kiosk's own
 * writes on the same connection go on while the file is written.
 */
async function jsonlFile<R extends { key: number }>(name: string, dir: string, page: (after: number) => R[], toJson: (row: R) => unknown, signal: AbortSignal): Promise<ArchiveEntry> {
  const file = join(dir, name);
  const out = createWriteStream(file, { mode: 0o600 });
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for (let after = -1; ; ) {
      const rows = page(after);
      if (rows.length === 0) break;
      if (signal.aborted) throw new Error('export canceled');
      const chunk = Buffer.from(rows.map((r) => `${JSON.stringify(toJson(r))}\n`).join(''), 'utf8');
      hash.update(chunk);
      bytes += chunk.length;
      after = (rows.at(-1) as R).key;
      if (!out.write(chunk)) await once(out, 'drain', { signal });
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return { name, file, bytes, sha256: hash.digest('hex') };
}

const PAGE = 1000;

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/**
 * One archive with everything a technician or an auditor needs away from the kiosk: a summary
 * (identity, configuration without secrets, devices, consumables, alerts), the journal, the audit
 * trail with its verification, the print ledger (without the keyed subject reference) and the
 * runtime's system log. Nothing in it names a citizen: the journal and logs were redacted as written, and every
 * file passes the redactor again on the way out (notes and rows written before a fix included).
 */
export async function collectExport(s: ExportSources, target: ExportTarget, signal: AbortSignal): Promise<Result<ExportDone, ExportError>> {
  let dir = s.exportDir;
  if (target.kind === 'usb') {
    const drives = s.usb();
    if (!drives.ok) return drives;
    const drive = drives.value.find((d) => d.mountPoint === target.mountPoint);
    if (!drive) return err({ code: 'no_drive', message: `${target.mountPoint} is not a mounted USB drive` });
    if (!drive.writable) return err({ code: 'drive_read_only', message: `${target.mountPoint} cannot be written (read-only or no permission)` });
    dir = join(drive.mountPoint, USB_EXPORT_DIR);
  }
  const at = s.now();
  const scratch = mkdtempSync(join(tmpdir(), 'adm-export-'));
  try {
    const log = await readSystemLog({ unit: s.unit, sinceHours: 72, maxBytes: 20 * 1024 * 1024, timeoutMs: 15_000, signal });
    let journal: ArchiveEntry;
    let audit: ArchiveEntry;
    try {
      journal = await jsonlFile('journal.jsonl', scratch, journalPages(s.db, MAX_JOURNAL_ROWS, PAGE), ({ key, detail, ...r }) => s.redactor.object({ id: key, ...r, detail: JSON.parse(detail) as unknown }), signal);
      // With each row's MAC and the one before it: the chain can be checked away from the kiosk
      // (`adm audit verify --export FILE`). Rows were redacted when written; the MACs cover them as they are.
      audit = await jsonlFile('audit.jsonl', scratch, (after) => s.audit.chainedPage(after, PAGE).map((e) => ({ ...e, key: e.seq })), ({ key: _k, detail, ...e }) => ({ ...e, detail: JSON.parse(detail) as unknown }), signal);
    } catch (e) {
      return err({ code: signal.aborted ? 'canceled' : 'write_failed', message: `cannot collect the journal: ${(e as Error).message}` });
    }
    const entries: ArchiveEntry[] = [
      {
        name: 'manifest.json',
        body: Buffer.from(JSON.stringify({ format: 'adm-export/1', kioskId: s.kioskId, createdAt: at.toISOString(), createdBy: s.technician, systemLog: log.source, systemLogTruncated: log.truncated }, null, 1)),
      },
      { name: 'summary.json', body: Buffer.from(JSON.stringify(s.redactor.value(s.summary()), null, 1)) },
      journal,
      audit,
      { name: 'ledger.jsonl', body: jsonl(s.ledger.list({ limit: MAX_LEDGER_ROWS }).map(({ subjectRef: _s, ...row }) => s.redactor.object({ ...row }))) },
      { name: 'system-log.txt', body: Buffer.from(s.redactor.text(log.text), 'utf8') },
    ];
    const written = await writeArchive(dir, `adm-export-${s.kioskId}-${stamp(at)}`, entries, at, signal);
    if (!written.ok) return written;
    return ok({ ...written.value, target: target.kind });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
