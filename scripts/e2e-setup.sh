#!/usr/bin/env bash
# Installs what the end-to-end and service tests need, outside the product's own dependencies:
#   - PostgreSQL and nginx for the service tests (scripts/service-setup.sh);
#   - Debian's chromium (the window), ripgrep (see below), libkrb5-dev and pkg-config
#     (code-server's native modules build against them);
#   - code-server (VS Code's workbench and extension host) into .e2e/, which is git-ignored.
# Idempotent: when everything is already there it returns in well under a second.
# Never downloads a browser or a VS Code build; only Debian packages and the npm registry.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
e2e="$root/.e2e"
# 4.100.3 bundles VS Code 1.100.3, the newest that installs on Node 20; the extension's
# engines.vscode must stay at or below it.
cs_version="4.100.3"
# code-server's VS Code pins @vscode/ripgrep to this version (lib/vscode/npm-shrinkwrap.json),
# whose postinstall fetches this release of ripgrep from GitHub unless a tarball is cached.
rg_pkg_version="1.15.11"
rg_tag="v13.0.0-10"

log() { printf 'e2e-setup: %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else log "need root to run: $*"; return 1
  fi
}

# 1. Debian packages.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# 1b. The service tests' PostgreSQL server and nginx (Debian packages; the tests start their
# own instances on loopback ports).
bash "$root/scripts/service-setup.sh"

# 2. code-server.
cs_dir="$e2e/node_modules/code-server"
installed_version() { node -p "require('$cs_dir/package.json').version" 2>/dev/null || true; }
if [ "$(installed_version)" = "$cs_version" ] && [ -f "$e2e/.installed-$cs_version" ] && [ -f "$cs_dir/out/node/entry.js" ]; then
  log "code-server $cs_version already installed in .e2e/"
  exit 0
fi

if [ "$(node -p 'process.versions.node.split(".")[0]')" != "20" ]; then
  log "code-server $cs_version needs Node 20 (found $(node --version))"
  exit 1
fi

log "installing code-server@$cs_version into .e2e/ (about a minute)"
mkdir -p "$e2e"
rm -f "$e2e"/.installed-*
# A package.json of its own, so npm never walks up to the repository's package.json.
[ -f "$e2e/package.json" ] || printf '{ "name": "synor-e2e-tools", "private": true }\n' > "$e2e/package.json"

# ripgrep: hand the postinstall a tarball of Debian's rg under the name it looks for,
# so it never tries to reach GitHub.
tmp="$e2e/tmp"
mkdir -p "$tmp"
case "$(uname -m)" in
  x86_64) rg_target="x86_64-unknown-linux-musl" ;;
  aarch64) rg_target="aarch64-unknown-linux-musl" ;;
  *) log "unsupported architecture $(uname -m)"; exit 1 ;;
esac
cache="$tmp/vscode-ripgrep-cache-$rg_pkg_version"
mkdir -p "$cache"
stage="$(mktemp -d "$tmp/rg-stage.XXXXXX")"
cp "$(command -v rg)" "$stage/rg"
tar -czf "$cache/ripgrep-$rg_tag-$rg_target.tar.gz" -C "$stage" rg
rm -rf "$stage"

(
  cd "$e2e"
  # unsafe_perm: code-server's postinstall refuses root otherwise; yes: node-pty's
  # postinstall runs `npx node-gyp`, which would otherwise prompt.
  TMPDIR="$tmp" npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --no-audit --no-fund --no-save --loglevel=error "code-server@$cs_version"
)

if [ "$(installed_version)" != "$cs_version" ]; then
  log "code-server did not install"
  exit 1
fi
touch "$e2e/.installed-$cs_version"
rm -rf "$tmp"
log "done: $(du -sh "$e2e" | cut -f1) in .e2e/"
