import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { err, ok, type Result } from '../result.ts';
import type { PrintLedger } from '../store/print-ledger.ts';
import type { AuditTrail } from './audit-trail.ts';
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

/** The journal in order, oldest first. Its rows were redacted when written. */
function journalRows(db: Database): unknown[] {
  const rows = db.prepare('SELECT id, at, kind, session_ref AS sessionRef, detail FROM journal ORDER BY id DESC LIMIT ?').all(MAX_JOURNAL_ROWS) as Array<{ detail: string }>;
  return rows.reverse().map((r) => ({ ...r, detail: JSON.parse(r.detail) as unknown }));
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/**
 * One archive with everything a technician or an auditor needs away from the kiosk: a summary
 * (identity, configuration without secrets, devices, consumables, alerts), the journal, the audit
 * trail with its verification, the print ledger (without the keyed subject reference) and the
 * runtime's system log. Nothing in it names a citizen: the journal and logs were redacted as written.
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
  const log = await readSystemLog({ unit: s.unit, sinceHours: 72, maxBytes: 20 * 1024 * 1024, timeoutMs: 15_000, signal });
  const entries: ArchiveEntry[] = [
    {
      name: 'manifest.json',
      body: Buffer.from(JSON.stringify({ format: 'adm-export/1', kioskId: s.kioskId, createdAt: at.toISOString(), createdBy: s.technician, systemLog: log.source, systemLogTruncated: log.truncated }, null, 1)),
    },
    { name: 'summary.json', body: Buffer.from(JSON.stringify(s.summary(), null, 1)) },
    { name: 'journal.jsonl', body: jsonl(journalRows(s.db)) },
    { name: 'audit.jsonl', body: jsonl(s.audit.all()) },
    { name: 'ledger.jsonl', body: jsonl(s.ledger.list({ limit: MAX_LEDGER_ROWS }).map(({ subjectRef: _s, ...row }) => row)) },
    { name: 'system-log.txt', body: Buffer.from(log.text, 'utf8') },
  ];
  const written = await writeArchive(dir, `adm-export-${s.kioskId}-${stamp(at)}`, entries, at, signal);
  if (!written.ok) return written;
  return ok({ ...written.value, target: target.kind });
}
