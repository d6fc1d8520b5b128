#!/bin/sh
# Makes sure Debian's chromium is at /usr/bin/chromium for the browser tests (tests/report.test.ts).
# Run by `npm test` (the "pretest" script). Installs the distribution package with apt-get when it
# is missing and apt can be used (root, or passwordless sudo); never downloads a browser any other
# way. Never fails the test run: if chromium cannot be installed it says why, and the browser
# tests skip with the same message.
set -u
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

say() { printf 'ensure-chromium: %s\n' "$*" >&2; }

if ! command -v apt-get >/dev/null 2>&1; then
  say "$CHROMIUM is missing and apt-get is not available on this machine."
  say "Install Chromium so that it is at $CHROMIUM (or set CHROMIUM_PATH) to run the browser tests; they will be skipped."
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
  SUDO="sudo -n"
else
  say "$CHROMIUM is missing and installing it needs root: run  sudo apt-get install -y chromium"
  say "The browser tests will be skipped until then."
  exit 0
fi

say "installing Debian's chromium package for the browser tests (apt-get install chromium) ..."
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y --no-install-recommends chromium >/tmp/ensure-chromium.log 2>&1; then
  # The package lists may be missing or stale (fresh containers ship without them).
  $SUDO apt-get update >>/tmp/ensure-chromium.log 2>&1 || true
  $SUDO apt-get install -y --no-install-recommends chromium >>/tmp/ensure-chromium.log 2>&1 || true
fi

if [ -x "$CHROMIUM" ]; then
  say "installed $("$CHROMIUM" --version 2>/dev/null || echo chromium)"
else
  say "could not install chromium with apt-get (see /tmp/ensure-chromium.log); the browser tests will be skipped."
  tail -n 5 /tmp/ensure-chromium.log >&2 2>/dev/null || true
fi
exit 0
