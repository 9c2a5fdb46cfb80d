#!/usr/bin/env bash
# Installs what the service tests need outside the product's dependencies:
# Debian's PostgreSQL server and nginx (test/service/postgres.test.ts starts its
# own cluster and its own nginx on loopback ports; it never uses the system's).
# Idempotent.
set -euo pipefail

log() { printf 'service-setup: %s\n' "$*"; }
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else log "need root to run: $*"; return 1
  fi
}

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ "${#missing[@]}" -eq 0 ]; then
  log "PostgreSQL and nginx are installed"
  exit 0
fi
log "installing Debian packages: ${missing[*]}"
as_root apt-get update -qq
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
# The packages may start services of their own; the tests do not need them.
as_root service postgresql stop >/dev/null 2>&1 || true
as_root service nginx stop >/dev/null 2>&1 || true
