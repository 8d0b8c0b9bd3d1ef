import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import tarStream from 'tar-stream';
import { err, ok, type Result } from '../../core/result.ts';
import type { ChainedAuditEntry } from '../store/audit-trail.ts';

/** An export archive's files by name (without the top folder). */
export async function readExportArchive(path: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const extract = tarStream.extract();
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => chunks.push(c as Buffer));
    stream.on('end', () => {
      files.set(header.name.split('/').slice(1).join('/'), Buffer.concat(chunks));
      next();
    });
  });
  const done = new Promise<void>((resolve, reject) => {
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  extract.end(gunzipSync(readFileSync(path)));
  await done;
  return files;
}

export type ExportReadError = { code: 'unreadable' | 'not_an_export' | 'checksum'; message: string };

/** The audit rows of an export, checked against its SHA256SUMS, in the form the chain verifier takes. */
export async function exportedAuditChain(path: string): Promise<Result<ChainedAuditEntry[], ExportReadError>> {
  let files: Map<string, Buffer>;
  try {
    files = await readExportArchive(path);
  } catch (e) {
    return err({ code: 'unreadable', message: `cannot read ${path}: ${(e as Error).message}` });
  }
  const audit = files.get('audit.jsonl');
  const sums = files.get('SHA256SUMS')?.toString('utf8');
  if (!audit || sums === undefined) return err({ code: 'not_an_export', message: `${path} is not an ADM export (no audit.jsonl or SHA256SUMS)` });
  const listed = sums.split('\n').find((l) => l.endsWith('  audit.jsonl'))?.split('  ')[0];
  if (listed !== createHash('sha256').update(audit).digest('hex')) return err({ code: 'checksum', message: 'audit.jsonl does not match the archive\'s SHA256SUMS' });
  const rows: ChainedAuditEntry[] = [];
  for (const line of audit.toString('utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as Omit<ChainedAuditEntry, 'detail'> & { detail: unknown };
    if (typeof r.mac !== 'string' || typeof r.prevMac !== 'string') return err({ code: 'not_an_export', message: 'the export\'s audit rows carry no MACs (made by an older version)' });
    // The MAC covers the detail exactly as it was written: JSON text, which a round trip keeps.
    rows.push({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, detail: JSON.stringify(r.detail), prevMac: r.prevMac, mac: r.mac });
  }
  return ok(rows);
}
