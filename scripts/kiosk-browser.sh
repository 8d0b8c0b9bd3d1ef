#!/bin/sh
# Opens the kiosk's touch UI full screen in Chromium, locked down: no address bar, tabs, menus,
# context menu, pinch zoom, swipe navigation, translation bar, error dialogs, popups or downloads;
# no network beyond loopback; nothing kept on disk between launches. Sound plays without a tap
# first: voice guidance starts when headphones are plugged in (the page's CSP allows only blob: media).
#
#   scripts/kiosk-browser.sh 'http://127.0.0.1:8080/#k=SECRET'
#
# The URL (with the per-boot secret) comes from the runtime, by file, through
# scripts/systemd/adm-browser-session.sh. Environment:
#   ADM_BROWSER              the browser binary (default /usr/bin/chromium)
#   ADM_BROWSER_EXTRA_FLAGS  extra flags, e.g. --headless for tests (word-split on spaces)
#   ADM_BROWSER_DRY_RUN=1    print the command instead of running it
set -eu

url="${1:-}"
if [ -z "$url" ] || [ "$#" -ne 1 ]; then
  echo "usage: kiosk-browser.sh URL   (the kiosk's launch URL, on loopback)" >&2
  exit 2
fi
case "$url" in
  http://127.0.0.1:*|http://localhost:*|http://\[::1\]:*) ;;
  *) echo "kiosk-browser: refusing a URL that is not the kiosk on loopback" >&2; exit 1 ;;
esac

browser="${ADM_BROWSER:-/usr/bin/chromium}"
# A fresh profile every launch: no history, cookies, cache or form data survive a restart.
profile="$(mktemp -d "${XDG_RUNTIME_DIR:-/tmp}/adm-browser.XXXXXX")"
trap 'rm -rf "$profile"' EXIT INT TERM

set -- \
  --kiosk \
  --incognito \
  --user-data-dir="$profile" \
  --no-first-run \
  --no-default-browser-check \
  --noerrdialogs \
  --disable-infobars \
  --disable-session-crashed-bubble \
  --disable-restore-session-state \
  --hide-crash-restore-bubble \
  --disable-translate \
  --disable-features=Translate,TranslateUI,OverscrollHistoryNavigation,TouchpadOverscrollHistoryNavigation,MediaRouter,GlobalMediaControls,HardwareMediaKeyHandling,AutofillServerCommunication,PrivacySandboxSettings4,DownloadBubble \
  --overscroll-history-navigation=0 \
  --disable-pinch \
  --disable-extensions \
  --disable-default-apps \
  --disable-component-update \
  --disable-background-networking \
  --disable-sync \
  --disable-client-side-phishing-detection \
  --disable-breakpad \
  --disable-crash-reporter \
  --disable-hang-monitor \
  --disable-print-preview \
  --disable-dev-shm-usage \
  --deny-permission-prompts \
  --block-new-web-contents \
  --password-store=basic \
  --disk-cache-size=1 \
  --check-for-update-interval=31536000 \
  --host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost" \
  --ozone-platform-hint=auto \
  --touch-events=enabled \
  --autoplay-policy=no-user-gesture-required

# Word-splitting of the extra flags is wanted here.
# shellcheck disable=SC2086
if [ "${ADM_BROWSER_DRY_RUN:-}" = "1" ]; then
  printf '%s\n' "$browser" "$@" ${ADM_BROWSER_EXTRA_FLAGS:-} "$url"
  exit 0
fi
# shellcheck disable=SC2086
"$browser" "$@" ${ADM_BROWSER_EXTRA_FLAGS:-} "$url"
