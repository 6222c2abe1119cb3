#!/usr/bin/env bash
# Installs the package managers the real-shape fixtures' lockfiles need checking with, into .tools/:
#   .tools/pnpm   pnpm 9.15.0 (StarStats' `packageManager`; flovyn's worker-napi lock is also v9), used by
#                 test/fixtures/real-fixtures.test.ts as `pnpm install --frozen-lockfile --lockfile-only --offline`.
# Idempotent: a tool already at its pinned version is left alone.
set -euo pipefail
PNPM_VERSION="9.15.0"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PREFIX="$ROOT/.tools/pnpm"
say() { printf '[install-fixture-tools] %s\n' "$*"; }
installed() { [ -x "$PREFIX/node_modules/.bin/pnpm" ] && "$PREFIX/node_modules/.bin/pnpm" --version 2>/dev/null || true; }
if [ "$(installed)" != "$PNPM_VERSION" ]; then
  say "npm install pnpm@$PNPM_VERSION into $PREFIX"
  mkdir -p "$PREFIX"
  printf '{ "name": "fixture-tools", "private": true }\n' >"$PREFIX/package.json"
  npm install --prefix "$PREFIX" --save-exact --no-audit --no-fund --loglevel=error "pnpm@$PNPM_VERSION"
fi
[ "$(installed)" = "$PNPM_VERSION" ] || { echo "[install-fixture-tools] ERROR: pnpm $PNPM_VERSION missing from $PREFIX" >&2; exit 1; }
say "pnpm $(installed) at $PREFIX/node_modules/.bin/pnpm"
