import { existsSync } from 'node:fs';
import type { DoctorCheck } from './check.ts';
import { auditKeyPath, loadOrCreateAuditKey } from '../maintenance/audit-key.ts';
import { AuditTrail } from '../store/audit-trail.ts';
import { findUsbDrives } from '../maintenance/usb-drives.ts';
import { readStore } from '../store/store-view.ts';
import { storeReadingCheck } from './store-check.ts';

/** Whether a technician can get in at all: a PIN hash that parses, or technician NIKs for the e-KTP. */
export const technicianSignInCheck: DoctorCheck = {
  name: 'technician sign-in',
  run(config) {
    const m = config.maintenance;
    const out = [];
    if (m.technicianPinHash !== undefined) {
      const parts = m.technicianPinHash.split('$');
      const good = parts.length === 6 && parts[0] === 'scrypt' && parts.slice(1, 4).every((p) => /^\d+$/.test(p));
      out.push(good ? { status: 'ok' as const, detail: 'technician PIN set' } : { status: 'fail' as const, detail: 'maintenance.technicianPinHash is not a scrypt hash from `adm pin-hash`; PIN sign-in will refuse every PIN' });
    }
    if (m.technicianNiks.length > 0) out.push({ status: 'ok' as const, detail: `${m.technicianNiks.length} technician(s) may sign in with their e-KTP and fingerprint` });
    if (out.length === 0) out.push({ status: 'warn' as const, detail: 'no way into maintenance mode: set maintenance.technicianPinHash (adm pin-hash) or maintenance.technicianNiks' });
    return out;
  },
};

/** The audit chain, verified read-only with the key beside the store. */
export const auditTrailCheck = storeReadingCheck('maintenance audit trail', {
  inspect(config, path) {
    if (!existsSync(auditKeyPath(config.dataDir, config.maintenance.auditKeyFile))) return [{ status: 'ok', detail: 'no audit key yet: nothing has been audited' }];
    const v = readStore(path, (s) => (s.hasTable('audit_log') ? new AuditTrail(s.db, loadOrCreateAuditKey(config.dataDir, config.maintenance.auditKeyFile)).verify() : null));
    if (!v) return [{ status: 'ok', detail: 'the store has no audit table yet (it is added at the next start)' }];
    return v.ok ? [{ status: 'ok', detail: `intact: ${v.rows} rows` }] : [{ status: 'fail', detail: `broken at row ${v.brokenAt} (${v.reason}): ${v.message}` }];
  },
  unreadable: (_path, message) => `cannot read the audit trail: ${message}`,
});

/** Whether exports can find USB drives. */
export const usbExportCheck: DoctorCheck = {
  name: 'USB export',
  run(config) {
    const r = findUsbDrives(config.maintenance.usb);
    if (!r.ok) return [{ status: 'warn', detail: r.error.message }];
    const writable = r.value.filter((d) => d.writable);
    return [{ status: 'ok', detail: r.value.length ? `${r.value.length} drive(s) mounted, ${writable.length} writable: ${r.value.map((d) => d.mountPoint).join(', ')}` : `no USB drive mounted under ${config.maintenance.usb.roots.join(' or ')}` }];
  },
};
