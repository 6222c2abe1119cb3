#!/usr/bin/env bash
# Installs the pinned local registries the release runtime tests publish to and probe
# (test/support/local-registries.ts) into the project-local, gitignored .tools/:
#   .tools/verdaccio   verdaccio (a real npm registry, run on 127.0.0.1 by the tests)
# Idempotent: a tool already at its pinned version is left alone. Needs node >= 20 and npm.
#
# verdaccio 6.8.0 is the newest release that runs on Node 20 (6.10 needs Node 22). Its audit plugin
# pulls node-fetch 3 (ESM-only) through a range that breaks under require(); the override pins the
# CommonJS node-fetch 2.7.0 it was written for.
set -euo pipefail

VERDACCIO_VERSION="6.8.0"
NODE_FETCH_OVERRIDE="2.7.0"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PREFIX="$ROOT/.tools/verdaccio"

say() { printf '[install-registry-tools] %s\n' "$*"; }
die() { printf '[install-registry-tools] ERROR: %s\n' "$*" >&2; exit 1; }

command -v node >/dev/null || die "node (>= 20) is required"
command -v npm >/dev/null || die "npm is required"

installed_version() {
  local pj="$PREFIX/node_modules/verdaccio/package.json"
  if [ -f "$pj" ]; then node -p "require(process.argv[1]).version" "$pj" 2>/dev/null || true; fi
}

if [ "$(installed_version)" != "$VERDACCIO_VERSION" ]; then
  say "npm install verdaccio@$VERDACCIO_VERSION into $PREFIX"
  mkdir -p "$PREFIX"
  # A package.json of its own keeps npm from walking up to the project's, and carries the override.
  cat >"$PREFIX/package.json" <<JSON
{
  "name": "registry-tools",
  "private": true,
  "overrides": {
    "verdaccio-audit": { "node-fetch": "$NODE_FETCH_OVERRIDE" }
  }
}
JSON
  npm install --prefix "$PREFIX" --save-exact --no-audit --no-fund --loglevel=error "verdaccio@$VERDACCIO_VERSION"
fi
[ "$(installed_version)" = "$VERDACCIO_VERSION" ] || die "verdaccio $VERDACCIO_VERSION missing from $PREFIX after install"
[ -f "$PREFIX/node_modules/verdaccio/bin/verdaccio" ] || die "verdaccio's bin/verdaccio missing from $PREFIX"

say "verdaccio $(installed_version) at $PREFIX/node_modules/verdaccio/bin/verdaccio"
