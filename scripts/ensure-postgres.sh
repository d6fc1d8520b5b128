#!/bin/sh
# Makes sure Debian's PostgreSQL server programs (initdb, pg_ctl, postgres) are installed for the
# database tests (tests/db.test.ts), which start a throw-away cluster of their own on loopback.
# Run by `npm test` (the "pretest" script). Installs the distribution package with apt-get when it
# is missing and apt can be used (root, or passwordless sudo); runs `apt-get update` only when the
# install fails without it. Never fails the test run: if PostgreSQL cannot be installed it says
# why, and the database tests skip with the same message (they fail instead when CI is set).
set -u

have_initdb() {
  command -v initdb >/dev/null 2>&1 && return 0
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && return 0
  done
  return 1
}

if have_initdb; then
  exit 0
fi

say() { printf 'ensure-postgres: %s\n' "$*" >&2; }

if ! command -v apt-get >/dev/null 2>&1; then
  say "PostgreSQL (initdb, pg_ctl) is missing and apt-get is not available on this machine."
  say "Install the PostgreSQL server (any version from 13 on) to run the database tests; they will be skipped."
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
  SUDO="sudo -n"
else
  say "PostgreSQL is missing and installing it needs root: run  sudo apt-get install -y postgresql"
  say "The database tests will be skipped until then."
  exit 0
fi

say "installing Debian's postgresql package for the database tests (apt-get install postgresql) ..."
export DEBIAN_FRONTEND=noninteractive
LOG=/tmp/ensure-postgres.log
if ! $SUDO apt-get install -y --no-install-recommends postgresql >$LOG 2>&1; then
  # The package lists may be missing or stale (fresh containers ship without them).
  $SUDO apt-get update >>$LOG 2>&1 || true
  $SUDO apt-get install -y --no-install-recommends postgresql >>$LOG 2>&1 || true
fi

if have_initdb; then
  say "installed $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -n 1)"
else
  say "could not install postgresql with apt-get (see $LOG); the database tests will be skipped."
  tail -n 5 $LOG >&2 2>/dev/null || true
fi
exit 0
