import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../kiosk/store/open-database.ts';
import { kioskMigrations } from '../../kiosk/store/migrations/index.ts';
import { AuditTrail } from '../../kiosk/store/audit-trail.ts';
import { loadOrCreateAuditKey } from '../../kiosk/maintenance/audit-key.ts';
import { runAdm } from '../support/kiosk-process.ts';
import { tempDir } from '../support/temp-dir.ts';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('adm audit verify', () => {
  it('says the trail is intact, then names the first broken row after tampering', async () => {
    const dir = tempDir('audit');
    cleanups.push(() => dir.remove());
    const opened = openDatabase({ path: join(dir.path, 'kiosk.sqlite'), migrations: kioskMigrations });
    if (!opened.ok) throw new Error(opened.error.message);
    const trail = new AuditTrail(opened.value.db, loadOrCreateAuditKey(dir.path));
    trail.append('pin', 'maintenance.entered');
    trail.append('pin', 'consumables.set', { a4Sheets: 500 });
    trail.append('pin', 'maintenance.left');
    opened.value.db.close();

    const good = await runAdm(['audit', 'verify'], { ADM_DATA_DIR: dir.path });
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('audit trail intact: 3 rows');

    const again = openDatabase({ path: join(dir.path, 'kiosk.sqlite'), migrations: kioskMigrations });
    if (!again.ok) throw new Error(again.error.message);
    again.value.db.prepare('UPDATE audit_log SET detail = ? WHERE seq = 2').run('{"a4Sheets":5000}');
    again.value.db.close();

    const bad = await runAdm(['audit', 'verify'], { ADM_DATA_DIR: dir.path });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('audit trail broken at row 2 (mac_mismatch)');
  });
});
