#!/bin/sh
# Runs inside cage for adm-kiosk-browser.service: waits for the runtime's launch URL (with its
# per-boot secret) and opens the kiosk browser at it. The URL file is written by the runtime
# (kiosk/firmware/launch-url-file.ts) in /run/adm-kiosk, mode 0640, group adm-kiosk.
set -eu
url_file="${ADM_LAUNCH_URL_FILE:-/run/adm-kiosk/launch-url}"
waited=0
while [ ! -r "$url_file" ]; do
  # The runtime writes it before READY=1, so this wait is short; give up after 60 s and let
  # systemd restart the session.
  if [ "$waited" -ge 300 ]; then
    echo "adm-browser-session: no launch URL in $url_file after 60 s" >&2
    exit 1
  fi
  sleep 0.2
  waited=$((waited + 1))
done
url=$(head -n 1 "$url_file")
case "$url" in
  http://127.0.0.1:*|http://localhost:*|http://\[::1\]:*) ;;
  *) echo "adm-browser-session: refusing a launch URL that is not on loopback" >&2; exit 1 ;;
esac
# scripts/kiosk-browser.sh (the journey's launcher) holds the Chromium --kiosk flags.
exec /bin/sh /opt/adm/current/scripts/kiosk-browser.sh "$url"
