#!/bin/bash
# Who can read what (docs/install.md, "Who can read what"): owners and modes of everything the
# kiosk keeps, the audit key outside the data directory, /proc without other users' processes, and
# CUPS keeping no copy of a printed document. Run by install.sh as root on the kiosk (--root /),
# and by the tests in a scratch root. Accounts are looked up in ROOT/etc/passwd and ROOT/etc/group.
#   bash scripts/systemd/lockdown.sh --root / [--remount-proc]
set -euo pipefail

root=""
root_given=0
remount=0
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root=${2%/}; root_given=1; shift 2 ;;
    --remount-proc) remount=1; shift ;;
    *) echo "lockdown.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ "$root_given" -eq 1 ] || { echo "usage: lockdown.sh --root DIR [--remount-proc]" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "lockdown.sh: run as root" >&2; exit 2; }

id_of() { # FILE NAME → the numeric id in field 3
  local id
  id=$(awk -F: -v n="$2" '$1 == n { print $3 }' "$root/etc/$1")
  [ -n "$id" ] || { echo "lockdown.sh: no $2 in $root/etc/$1 (systemd-sysusers first)" >&2; exit 1; }
  echo "$id"
}
kiosk_uid=$(id_of passwd adm-kiosk)
kiosk_gid=$(id_of group adm-kiosk)

# Configuration: root's, readable by the runtime's group only (the browser is not in it).
install -d -m 0750 -o 0 -g "$kiosk_gid" "$root/etc/adm"
if [ -e "$root/etc/adm/kiosk.json" ]; then
  chown 0:"$kiosk_gid" "$root/etc/adm/kiosk.json"
  chmod 0640 "$root/etc/adm/kiosk.json"
fi
# The kiosk's upsd password (devices.ups.passwordFile), when the kiosk has a UPS: the same.
if [ -e "$root/etc/adm/ups.password" ]; then
  chown 0:"$kiosk_gid" "$root/etc/adm/ups.password"
  chmod 0640 "$root/etc/adm/ups.password"
fi

# The audit key: outside the data directory, root's, readable by the runtime. A key an older
# version kept in the data directory moves here, so the existing chain still verifies.
key="$root/etc/adm/audit.key"
if [ ! -e "$key" ]; then
  if [ -e "$root/var/lib/adm/audit.key" ]; then
    mv "$root/var/lib/adm/audit.key" "$key"
  else
    (umask 077 && head -c 32 /dev/urandom | base64 > "$key")
  fi
fi
rm -f "$root/var/lib/adm/audit.key"
chown 0:"$kiosk_gid" "$key"
chmod 0640 "$key"
if [ -e "$root/etc/adm/kiosk.json" ]; then
  node -e '
    const fs = require("node:fs");
    const [file] = process.argv.slice(1);
    const c = JSON.parse(fs.readFileSync(file, "utf8"));
    c.maintenance = c.maintenance || {};
    if (c.maintenance.auditKeyFile === undefined) {
      c.maintenance.auditKeyFile = "/etc/adm/audit.key";
      fs.writeFileSync(file, JSON.stringify(c, null, 2) + "\n");
    }' "$root/etc/adm/kiosk.json"
fi

# The data directory: the runtime's alone, 0700 and every file 0600 (the runtime forces it at boot too).
install -d -m 0700 -o "$kiosk_uid" -g "$kiosk_gid" "$root/var/lib/adm"
chown -R -h "$kiosk_uid:$kiosk_gid" "$root/var/lib/adm"
find "$root/var/lib/adm" -type d -exec chmod 0700 {} +
find "$root/var/lib/adm" -type f -exec chmod 0600 {} +

# /proc: no local user sees another's processes (the browser's command line among them).
fstab="$root/etc/fstab"
touch "$fstab"
if grep -qE '^[^#]*[[:space:]]/proc[[:space:]]' "$fstab"; then
  sed -i -E '/^[^#]*[[:space:]]\/proc[[:space:]]/d' "$fstab"
fi
echo 'proc /proc proc defaults,nosuid,nodev,noexec,hidepid=invisible 0 0' >> "$fstab"
if [ "$remount" -eq 1 ]; then
  mount -o remount,hidepid=invisible /proc
fi

# CUPS, the route to real printers: no job files (the documents themselves) and no job history kept.
conf="$root/etc/cups/cupsd.conf"
cups="CUPS not installed"
if [ -e "$conf" ]; then
  sed -i -E '/^[[:space:]]*(PreserveJobFiles|PreserveJobHistory)[[:space:]]/d' "$conf"
  printf 'PreserveJobFiles No\nPreserveJobHistory No\n' >> "$conf"
  cups="CUPS keeps no job files or history"
fi
echo "lockdown: $root/etc/adm, $root/var/lib/adm, /proc hidepid=invisible, $cups"
