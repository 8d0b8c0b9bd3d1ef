import { createHash } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUsbDrives, unescapeMountField } from '../../kiosk/maintenance/usb-drives.ts';
import { USB_EXPORT_DIR } from '../../kiosk/maintenance/export.ts';
import { MaintenanceApi } from './support/api.ts';
import { unpack, writeArchiveFile } from './support/archive.ts';
import { runAdm } from '../support/kiosk-process.ts';
import { startRig, TECH_PIN, type Rig } from './support/rig.ts';
import { tempDir } from '../support/temp-dir.ts';

let rig: Rig;
let api: MaintenanceApi;
beforeAll(async () => {
  rig = await startRig({ devices: false });
  // Something personal passed through the kiosk: it must not come out in an export.
  rig.log.redactor.remember(rig.citizen.name);
  rig.store.journal.append('session.ended', { nik: rig.citizen.nik, name: rig.citizen.name, printed: 1 });
  api = new MaintenanceApi(rig.url);
  expect((await api.signIn(TECH_PIN)).status).toBe(200);
});
afterAll(async () => rig?.close());

describe('export of logs and journal', () => {
  it('writes one archive to the kiosk: summary, journal, audit, ledger and system log, with checksums', async () => {
    const r = await api.post<{ path: string; bytes: number; target: string; files: Array<{ name: string }> }>('export', { target: 'file' });
    expect(r.status).toBe(200);
    expect(r.body.target).toBe('file');
    expect(r.body.path.startsWith(join(rig.config.dataDir, 'exports', `adm-export-${rig.config.kiosk.id}-`))).toBe(true);
    expect(r.body.path).toMatch(/\.tar\.gz$/);
    expect(existsSync(`${r.body.path}.part`)).toBe(false);
    const files = await unpack(r.body.path);
    expect([...files.keys()].sort()).toEqual(['SHA256SUMS', 'audit.jsonl', 'journal.jsonl', 'ledger.jsonl', 'manifest.json', 'summary.json', 'system-log.txt']);
    for (const line of (files.get('SHA256SUMS') as Buffer).toString().trim().split('\n')) {
      const [sum, name] = line.split('  ') as [string, string];
      expect(createHash('sha256').update(files.get(name) as Buffer).digest('hex'), name).toBe(sum);
    }
    const journal = (files.get('journal.jsonl') as Buffer).toString().trim().split('\n').map((l) => JSON.parse(l) as { kind: string });
    expect(journal.map((j) => j.kind)).toEqual(expect.arrayContaining(['maintenance.entered', 'maintenance.signed_in', 'session.ended']));
    const manifest = JSON.parse((files.get('manifest.json') as Buffer).toString()) as Record<string, unknown>;
    expect(manifest).toMatchObject({ format: 'adm-export/1', kioskId: rig.config.kiosk.id, createdBy: 'pin' });
    const summary = JSON.parse((files.get('summary.json') as Buffer).toString()) as { identity: { kioskId: string }; audit: { ok: boolean } };
    expect(summary.identity.kioskId).toBe(rig.config.kiosk.id);
    expect(summary.audit.ok).toBe(true);
    expect((files.get('system-log.txt') as Buffer).length).toBeGreaterThan(0);
    // No secrets and nothing personal anywhere in it.
    const all = [...files.values()].map((b) => b.toString()).join('\n');
    expect(all).not.toContain(rig.citizen.nik);
    expect(all).not.toContain(rig.citizen.name);
    expect(all).not.toContain(rig.config.maintenance.technicianPinHash as string);
    expect(all).not.toContain(rig.technician.nik);
    expect(rig.handle.maintenance.audit.list(1)[0]).toMatchObject({ action: 'export.write', detail: { target: 'file', path: r.body.path } });
  });

  it('carries the audit MAC chain; adm audit verify --export checks it with the key, without it, and against a published head', async () => {
    // Where the chain stood at the last telemetry, as the fleet keeps it.
    const head = rig.handle.maintenance.audit.head();
    if (!head) throw new Error('no audit rows');
    const r = await api.post<{ path: string }>('export', { target: 'file' });
    expect(r.status).toBe(200);
    const key = join(rig.config.dataDir, 'audit.key');
    const verify = (file: string, ...extra: string[]) => runAdm(['audit', 'verify', '--export', file, ...extra], { ADM_DATA_DIR: join(rig.dir, 'elsewhere') });
    const withKey = await verify(r.body.path, '--key', key);
    expect(withKey.code, withKey.stderr).toBe(0);
    expect(withKey.stdout).toMatch(/intact: \d+ rows, every MAC checked/);
    const published = await verify(r.body.path, '--head', `${head.seq}:${head.mac}`);
    expect(published.stdout).toMatch(/linked \(no key: row contents not checked\), matches 1 published head/);
    expect((await verify(r.body.path, '--head', `${head.seq}:${'A'.repeat(43)}`)).code).toBe(1);

    // Someone edits a row in the archive and fixes the checksum list, as a careful forger would.
    const files = await unpack(r.body.path);
    const rows = (files.get('audit.jsonl') as Buffer).toString().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const edited = rows.map((row, i) => (i === 0 ? { ...row, actor: 'system' } : row));
    const body = Buffer.from(`${edited.map((e) => JSON.stringify(e)).join('\n')}\n`);
    const forged = join(rig.dir, 'forged.tar.gz');
    await writeArchiveFile(forged, new Map([...files, ['audit.jsonl', body], ['SHA256SUMS', Buffer.from((files.get('SHA256SUMS') as Buffer).toString().replace(/^\w+(?= {2}audit\.jsonl$)/m, createHash('sha256').update(body).digest('hex')))]]));
    const caught = await verify(forged, '--key', key);
    expect(caught.code).toBe(1);
    expect(caught.stdout).toContain('broken at row 1 (mac_mismatch)');
  });

  it('pages through a long journal in order, while the kiosk keeps writing to it', async () => {
    const append = rig.store.db.transaction((n: number) => {
      for (let i = 0; i < n; i++) rig.store.journal.append('print.completed', { documentType: 'kk', i });
    });
    append(4321);
    const writing = setInterval(() => rig.store.journal.append('session.ended', { printed: 0 }), 1);
    let r;
    try {
      r = await api.post<{ path: string }>('export', { target: 'file' });
    } finally {
      clearInterval(writing);
    }
    expect(r.status).toBe(200);
    const journal = ((await unpack(r.body.path)).get('journal.jsonl') as Buffer).toString().trim().split('\n').map((l) => JSON.parse(l) as { id: number; kind: string });
    expect(journal.length).toBeGreaterThan(4321);
    expect(journal.every((j, i) => i === 0 || j.id === (journal[i - 1] as { id: number }).id + 1)).toBe(true);
    expect(journal.filter((j) => j.kind === 'print.completed')).toHaveLength(4321);
  });

  it('lists USB drives mounted under /media or /run/media and exports to one', async () => {
    expect(await api.get('usb')).toMatchObject({ status: 200, body: { drives: [] } });
    const stick = rig.mountUsb();
    const drives = await api.get<{ drives: Array<{ mountPoint: string; fsType: string; writable: boolean; freeBytes: number }> }>('usb');
    expect(drives.body.drives).toEqual([expect.objectContaining({ mountPoint: stick, fsType: 'vfat', writable: true })]);
    expect(drives.body.drives[0]?.freeBytes).toBeGreaterThan(0);
    const r = await api.post<{ path: string; target: string }>('export', { target: 'usb', mountPoint: stick });
    expect(r).toMatchObject({ status: 200, body: { target: 'usb' } });
    expect(r.body.path.startsWith(join(stick, USB_EXPORT_DIR))).toBe(true);
    expect(readdirSync(join(stick, USB_EXPORT_DIR))).toEqual([r.body.path.split('/').at(-1)]);
    expect((await unpack(r.body.path)).has('journal.jsonl')).toBe(true);
  });

  it('refuses a drive that is gone, not a USB mount, or read-only; nothing is written', async () => {
    expect(await api.post('export', { target: 'usb', mountPoint: '/media/adm/NOT-THERE' })).toMatchObject({ status: 404, body: { error: 'no_drive' } });
    // The kiosk's own data directory is not a USB drive, whatever the request says.
    expect(await api.post('export', { target: 'usb', mountPoint: rig.config.dataDir })).toMatchObject({ status: 404, body: { error: 'no_drive' } });
    const ro = rig.mountUsb({ readOnly: true });
    expect(await api.post('export', { target: 'usb', mountPoint: ro })).toMatchObject({ status: 422, body: { error: 'drive_read_only' } });
    expect(existsSync(join(ro, USB_EXPORT_DIR))).toBe(false);
    expect(await api.post('export', { target: 'usb' })).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    const failures = rig.handle.maintenance.audit.list(10).filter((e) => e.action === 'export.write' && e.detail.failed === true);
    expect(failures.map((f) => f.detail.code)).toEqual(['drive_read_only', 'no_drive', 'no_drive']);
  });
});

describe('finding USB drives in the mount table', () => {
  it('takes removable file systems under the roots only, decodes escapes, and says when the table cannot be read', () => {
    const t = tempDir('mounts');
    try {
      const mounts = join(t.path, 'mounts');
      writeFileSync(
        mounts,
        [
          'sysfs /sys sysfs rw 0 0',
          '/dev/sda1 / ext4 rw 0 0',
          `/dev/sdb1 ${t.path}/media/adm/KIOSK\\040LOGS vfat rw,nosuid 0 0`,
          `/dev/sdc1 ${t.path}/run/media/tech/EXT exfat ro 0 0`,
          `tmpfs ${t.path}/media/tmp tmpfs rw 0 0`,
          `/dev/sdd1 ${t.path}/mnt/other vfat rw 0 0`,
          `/dev/sde1 ${t.path}/media vfat rw 0 0`,
          'garbage',
        ].join('\n'),
      );
      const r = findUsbDrives({ mountsFile: mounts, roots: [join(t.path, 'media'), join(t.path, 'run/media')] });
      expect(r.ok && r.value.map((d) => [d.mountPoint, d.fsType])).toEqual([
        [`${t.path}/media/adm/KIOSK LOGS`, 'vfat'],
        [`${t.path}/run/media/tech/EXT`, 'exfat'],
      ]);
      // Listed but not there (or read-only): not writable.
      expect(r.ok && r.value.every((d) => !d.writable)).toBe(true);
      expect(findUsbDrives({ mountsFile: join(t.path, 'nope'), roots: ['/media'] })).toMatchObject({ ok: false, error: { code: 'mounts_unreadable' } });
      expect(unescapeMountField('a\\040b\\011c\\134d')).toBe('a b\tc\\d');
    } finally {
      t.remove();
    }
  });
});
