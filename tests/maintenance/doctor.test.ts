import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../kiosk/config/schema.ts';
import { auditTrailCheck, technicianSignInCheck, usbExportCheck } from '../../kiosk/doctor/maintenance-checks.ts';
import { AuditTrail } from '../../kiosk/store/audit-trail.ts';
import { loadOrCreateAuditKey } from '../../kiosk/maintenance/audit-key.ts';
import { hashPin } from '../../kiosk/maintenance/pin-hash.ts';
import { openDatabase } from '../../kiosk/store/open-database.ts';
import { kioskMigrations } from '../../kiosk/store/migrations/index.ts';
import { tempDir } from '../support/temp-dir.ts';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const signal = AbortSignal.timeout(10_000);

describe('adm doctor: maintenance', () => {
  it('warns when nobody can get into maintenance, fails on a hash that is not one, passes otherwise', async () => {
    expect(await technicianSignInCheck.run(configSchema.parse({}), signal)).toEqual([{ status: 'warn', detail: expect.stringContaining('no way into maintenance') }]);
    expect(await technicianSignInCheck.run(configSchema.parse({ maintenance: { technicianPinHash: '123456' } }), signal)).toEqual([{ status: 'fail', detail: expect.stringContaining('not a scrypt hash') }]);
    const good = configSchema.parse({ maintenance: { technicianPinHash: await hashPin('246810'), technicianNiks: ['3506042505900001'] } });
    expect((await technicianSignInCheck.run(good, signal)).map((o) => o.status)).toEqual(['ok', 'ok']);
  });

  it('verifies the audit chain read-only and names the broken row', async () => {
    const dir = tempDir('doctor');
    cleanups.push(() => dir.remove());
    const config = configSchema.parse({ dataDir: dir.path });
    expect(await auditTrailCheck.run(config, signal)).toEqual([{ status: 'ok', detail: 'no store yet' }]);
    const opened = openDatabase({ path: join(dir.path, 'kiosk.sqlite'), migrations: kioskMigrations });
    if (!opened.ok) throw new Error(opened.error.message);
    const trail = new AuditTrail(opened.value.db, loadOrCreateAuditKey(dir.path));
    trail.append('pin', 'consumables.set', { level: 1 });
    trail.append('pin', 'service.set', { outOfService: true });
    expect(await auditTrailCheck.run(config, signal)).toEqual([{ status: 'ok', detail: 'intact: 2 rows' }]);
    opened.value.db.prepare("UPDATE audit_log SET actor = 'fleet' WHERE seq = 2").run();
    expect(await auditTrailCheck.run(config, signal)).toEqual([{ status: 'fail', detail: expect.stringContaining('broken at row 2 (mac_mismatch)') }]);
    opened.value.db.close();
  });

  it('says when the mount table cannot be read', async () => {
    const config = configSchema.parse({ maintenance: { usb: { mountsFile: '/nonexistent/mounts' } } });
    expect(await usbExportCheck.run(config, signal)).toEqual([{ status: 'warn', detail: expect.stringContaining('cannot read /nonexistent/mounts') }]);
  });
});
