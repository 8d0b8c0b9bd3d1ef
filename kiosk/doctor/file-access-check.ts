import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkFileAccess } from '../firmware/file-access.ts';
import { launchUrlFileFromEnv } from '../firmware/launch-url-file.ts';
import { auditKeyPath } from '../maintenance/audit-key.ts';
import type { DoctorCheck } from './check.ts';

/** Where systemd's unit for the runtime is installed: present means this is a kiosk, not a laptop. */
const INSTALLED_UNIT = '/etc/systemd/system/adm-kiosk.service';

/** Who can read what the kiosk keeps (docs/install.md, "Who can read what"). */
export const fileAccessCheck: DoctorCheck = {
  name: 'who can read what',
  run(config, _signal, context) {
    const env = context?.env ?? process.env;
    return checkFileAccess({
      dataDir: resolve(config.dataDir),
      configFile: context?.configFile ? resolve(context.configFile) : null,
      auditKeyFile: resolve(auditKeyPath(config.dataDir, config.maintenance.auditKeyFile)),
      launchUrlFile: launchUrlFileFromEnv(env) ?? (existsSync('/run/adm-kiosk/launch-url') ? '/run/adm-kiosk/launch-url' : null),
      installed: existsSync(INSTALLED_UNIT),
    });
  },
};
