#!/usr/bin/env bash
# Installs the package managers the real-shape fixtures' lockfiles need checking with, into .tools/:
#   .tools/pnpm   pnpm 9.15.0 (StarStats' `packageManager`; flovyn's worker-napi lock is also v9), used by
#                 test/fixtures/real-fixtures.test.ts as `pnpm install --frozen-lockfile --lockfile-only --offline`.
#   .tools/napi-cli-3, .tools/napi-cli-2   @napi-rs/cli at the pinned v3 (TOOL_VERSIONS.napiCli) and the v2
#                 flovyn declares, whose `create-npm-dirs` / `create-npm-dir` name the platform packages
#                 (test/model/napi-platform-names.test.ts checks the model's names against them).
# Idempotent: a tool already at its pinned version is left alone.
set -euo pipefail
PNPM_VERSION="9.15.0"
NAPI_CLI_V3="3.10.12"   # = TOOL_VERSIONS.napiCli in src/model/pins.ts
NAPI_CLI_V2="2.18.4"
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

# --- @napi-rs/cli, one prefix per major ---------------------------------------
napi_installed() { [ -f "$ROOT/.tools/napi-cli-$1/node_modules/@napi-rs/cli/package.json" ] && node -p "require('$ROOT/.tools/napi-cli-$1/node_modules/@napi-rs/cli/package.json').version" 2>/dev/null || true; }
for pair in "3:$NAPI_CLI_V3" "2:$NAPI_CLI_V2"; do
  major="${pair%%:*}"; version="${pair#*:}"; prefix="$ROOT/.tools/napi-cli-$major"
  if [ "$(napi_installed "$major")" != "$version" ]; then
    say "npm install @napi-rs/cli@$version into $prefix"
    mkdir -p "$prefix"
    printf '{ "name": "fixture-tools-napi-%s", "private": true }\n' "$major" >"$prefix/package.json"
    npm install --prefix "$prefix" --save-exact --no-audit --no-fund --loglevel=error "@napi-rs/cli@$version"
  fi
  [ "$(napi_installed "$major")" = "$version" ] || { echo "[install-fixture-tools] ERROR: @napi-rs/cli $version missing from $prefix" >&2; exit 1; }
  say "@napi-rs/cli $(napi_installed "$major") at $prefix"
done
