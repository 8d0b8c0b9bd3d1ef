#!/bin/bash
# Turns a fresh Debian kiosk PC into an ADM (docs/install.md walks through the same steps).
# Run as root from a trusted copy of the app (the vendor's install medium):
#   bash scripts/systemd/install.sh --bundle adm-X.Y.Z.admb --vendor-key vendor-key.pub.pem
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
app=$(cd "$here/../.." && pwd)
bundle=""
vendor_key=""
while [ $# -gt 0 ]; do
  case "$1" in
    --bundle) bundle=$2; shift 2 ;;
    --vendor-key) vendor_key=$2; shift 2 ;;
    *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "install.sh: run as root" >&2; exit 2; }
[ -n "$bundle" ] && [ -n "$vendor_key" ] || { echo "usage: install.sh --bundle FILE.admb --vendor-key vendor-key.pub.pem" >&2; exit 2; }

echo "1/7 Debian packages"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends nodejs cage chromium libusb-1.0-0 dbus systemd fonts-dejavu-core >/dev/null
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || { echo "install.sh: Node.js 20.19 or newer is needed (Debian 13 ships it)" >&2; exit 1; }

echo "2/7 users and groups"
install -m 0644 "$here/adm-kiosk.sysusers" /usr/lib/sysusers.d/adm-kiosk.conf
systemd-sysusers /usr/lib/sysusers.d/adm-kiosk.conf

echo "3/7 udev rules, the browser's PAM service and Chromium policy"
install -m 0644 "$here/60-adm-kiosk.rules" /etc/udev/rules.d/60-adm-kiosk.rules
udevadm control --reload
udevadm trigger --subsystem-match=tty --subsystem-match=hidraw --subsystem-match=usbmisc
install -m 0644 "$here/adm-kiosk-browser.pam" /etc/pam.d/adm-kiosk-browser
# Chromium's managed policy: DevTools off, only the kiosk on loopback (see docs/install.md).
install -D -m 0644 "$here/chromium-policy.json" /etc/chromium/policies/managed/adm-kiosk.json

echo "4/7 configuration"
install -d -m 0750 -o root -g adm-kiosk /etc/adm
if [ ! -e /etc/adm/kiosk.json ]; then
  key=$(node -e 'const c=require("node:crypto");const k=c.createPublicKey(require("node:fs").readFileSync(process.argv[1],"utf8"));process.stdout.write(k.export({format:"der",type:"spki"}).toString("base64"))' "$vendor_key")
  (umask 027 && printf '{\n  "dataDir": "/var/lib/adm",\n  "maintenance": { "auditKeyFile": "/etc/adm/audit.key" },\n  "update": { "installRoot": "/opt/adm", "vendorKeys": ["%s"] }\n}\n' "$key" > /etc/adm/kiosk.json)
  echo "   wrote /etc/adm/kiosk.json: set kiosk.id, kiosk.regionCode, devices and registry (docs/configuration.md)"
fi
# Owners and modes (configuration 0640 to the runtime's group, audit key outside the data directory).
bash "$here/lockdown.sh" --root /

echo "5/7 the runtime, verified against the vendor key, into /opt/adm"
install -d -m 0755 /opt/adm
install -d -m 0700 -o adm-kiosk -g adm-kiosk /var/lib/adm
(umask 077 && ADM_CONFIG=/etc/adm/kiosk.json node "$app/scripts/adm.js" update "$bundle" --root /opt/adm --service boot-check)
# The boot check ran as root; the service runs as adm-kiosk. Data 0700/0600, /proc hidepid=invisible
# from now on (and from /etc/fstab at every boot), CUPS keeps no job files.
bash "$here/lockdown.sh" --root / --remount-proc
systemctl try-restart cups.service >/dev/null 2>&1 || true

echo "6/7 systemd units"
for unit in adm-kiosk.service adm-kiosk-browser.service adm-kiosk-rollback.service; do
  install -m 0644 "$here/$unit" "/etc/systemd/system/$unit"
done
# The power-off helper: the runtime asks by creating /run/adm-kiosk/power-off (devices.ups.powerOffCommand);
# a root path unit answers. No sudo: the runtime runs with NoNewPrivileges.
install -D -m 0755 -o root -g root "$here/adm-poweroff" /usr/local/libexec/adm-poweroff
install -m 0644 "$here/adm-poweroff.path" "$here/adm-poweroff.service" /etc/systemd/system/
systemctl daemon-reload
systemctl enable adm-poweroff.path
ln -sf /opt/adm/current/scripts/adm.js /usr/local/bin/adm
systemctl disable --now getty@tty1.service >/dev/null 2>&1 || true
systemctl set-default graphical.target
systemctl enable adm-kiosk.service adm-kiosk-browser.service

echo "7/7 start"
systemctl start adm-kiosk.service
systemctl --no-pager --lines=0 status adm-kiosk.service || true
echo "done: logs with 'journalctl -u adm-kiosk -u adm-kiosk-browser', updates with 'adm update FILE.admb'"
