#!/usr/bin/env bash
# Installs the pinned local registries the release runtime tests publish to and probe
# (test/support/local-registries.ts starts and stops them) into the project-local, gitignored .tools/:
#   .tools/verdaccio        verdaccio: a real npm registry
#   .tools/pypi             Python venv: pypiserver (+ passlib, for its htpasswd auth), twine, maturin, and
#                           build with hatchling (a pure-Python product's release build)
#   .tools/bin/estuary      estuary: a real crates registry (git index) that `cargo publish` works against,
#                           linked from a build cached outside the clone
#   /usr/bin/docker-registry
#                           Debian's docker-registry (distribution 2.8.2): a real OCI registry the container
#                           image tests probe and push to over the distribution API (apt, so root)
# Idempotent: a tool already at its pinned version is left alone. Needs node >= 20, npm, python3 (venv),
# cargo, git, a C compiler, pkg-config and OpenSSL headers (Debian: libssl-dev).
#
# verdaccio 6.8.0 is the newest release that runs on Node 20 (6.10 needs Node 22). Its audit plugin
# pulls node-fetch 3 (ESM-only) through a range that breaks under require(); the override pins the
# CommonJS node-fetch 2.7.0 it was written for.
#
# twine 6.0.1: twine 7 refuses --skip-existing against any server but PyPI, and the resumable-upload
# tests (P5) need it against pypiserver.
#
# maturin 1.16.0: the version the release workflow pins (src/model/pins.ts); `lockstep rehearse` runs it
# where release.yml runs PyO3/maturin-action.
#
# build 1.6.1 and hatchling 1.33.0: build is the frontend the release workflow pins for pure-Python
# products (src/model/pins.ts); the runtime tests build a hatchling package with it, the backend
# installed here (`--no-isolation`) instead of fetched from PyPI as the workflow's isolated build does.
#
# docker-registry 2.8.2 (Debian bookworm's 2.8.2+ds1-1): the distribution registry Docker Hub's `registry:2`
# image runs, as a package, so the tests need no docker daemon. Its package starts no server the tests use
# (each test starts its own on a free port with its own storage); the version is checked by its upstream part,
# which is what `docker-registry --version` prints.
#
# estuary 0.1.1 (December 2020) is built from crates.io with its own Cargo.lock (--locked), except for
# two crates moved to pinned newer patch releases before building, because today's machines cannot
# build the locked ones: openssl-sys 0.9.58's build script cannot read OpenSSL 3's headers, and
# lexical-core 0.7.4 does not compile on Rust >= 1.53. The build takes minutes on two cores, so it goes to
# a cache outside the clone keyed by the version and those pins
# (${XDG_CACHE_HOME:-$HOME/.cache}/lockstep-ci/estuary-<key>); clones and worktrees link to it.
set -euo pipefail

VERDACCIO_VERSION="6.8.0"
NODE_FETCH_OVERRIDE="2.7.0"
PYPISERVER_VERSION="2.4.2"
PASSLIB_VERSION="1.7.4"
TWINE_VERSION="6.0.1"
MATURIN_VERSION="1.16.0"
BUILD_VERSION="1.6.1"
HATCHLING_VERSION="1.33.0"
ESTUARY_VERSION="0.1.1"
ESTUARY_PINS="openssl-sys@0.9.118 lexical-core@0.7.6"
DOCKER_REGISTRY_VERSION="2.8.2"
DOCKER_REGISTRY_DEB="2.8.2+ds1-1"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
NPM_PREFIX="$TOOLS/verdaccio"
PYPI_VENV="$TOOLS/pypi"
BIN="$TOOLS/bin"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/lockstep-ci/estuary-$ESTUARY_VERSION-$(printf '%s' "$ESTUARY_PINS" | tr ' @' '-_')"

say() { printf '[install-registry-tools] %s\n' "$*"; }
die() { printf '[install-registry-tools] ERROR: %s\n' "$*" >&2; exit 1; }

for tool in node npm python3 cargo git; do
  command -v "$tool" >/dev/null || die "$tool is required"
done
mkdir -p "$TOOLS" "$BIN"

# --- npm: verdaccio ------------------------------------------------------------------------------
verdaccio_version() {
  local pj="$NPM_PREFIX/node_modules/verdaccio/package.json"
  if [ -f "$pj" ]; then node -p "require(process.argv[1]).version" "$pj" 2>/dev/null || true; fi
}
if [ "$(verdaccio_version)" != "$VERDACCIO_VERSION" ]; then
  say "npm install verdaccio@$VERDACCIO_VERSION into $NPM_PREFIX"
  mkdir -p "$NPM_PREFIX"
  # A package.json of its own keeps npm from walking up to the project's, and carries the override.
  cat >"$NPM_PREFIX/package.json" <<JSON
{
  "name": "registry-tools",
  "private": true,
  "overrides": {
    "verdaccio-audit": { "node-fetch": "$NODE_FETCH_OVERRIDE" }
  }
}
JSON
  npm install --prefix "$NPM_PREFIX" --save-exact --no-audit --no-fund --loglevel=error "verdaccio@$VERDACCIO_VERSION"
fi
[ "$(verdaccio_version)" = "$VERDACCIO_VERSION" ] || die "verdaccio $VERDACCIO_VERSION missing from $NPM_PREFIX after install"
[ -f "$NPM_PREFIX/node_modules/verdaccio/bin/verdaccio" ] || die "verdaccio's bin/verdaccio missing from $NPM_PREFIX"

# --- PyPI: pypiserver, passlib, twine ------------------------------------------------------------
if [ ! -x "$PYPI_VENV/bin/python" ]; then
  say "creating venv $PYPI_VENV"
  python3 -m venv "$PYPI_VENV" || die "python3 -m venv failed (on Debian: apt-get install -y python3-venv)"
fi
pip_version_of() { "$PYPI_VENV/bin/python" -m pip show "$1" 2>/dev/null | sed -n 's/^Version: //p'; }
if [ "$(pip_version_of pypiserver)" != "$PYPISERVER_VERSION" ] || [ "$(pip_version_of passlib)" != "$PASSLIB_VERSION" ] \
  || [ "$(pip_version_of twine)" != "$TWINE_VERSION" ] || [ "$(pip_version_of maturin)" != "$MATURIN_VERSION" ] \
  || [ "$(pip_version_of build)" != "$BUILD_VERSION" ] || [ "$(pip_version_of hatchling)" != "$HATCHLING_VERSION" ]; then
  say "pip install pypiserver==$PYPISERVER_VERSION passlib==$PASSLIB_VERSION twine==$TWINE_VERSION maturin==$MATURIN_VERSION build==$BUILD_VERSION hatchling==$HATCHLING_VERSION"
  "$PYPI_VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "pypiserver==$PYPISERVER_VERSION" "passlib==$PASSLIB_VERSION" "twine==$TWINE_VERSION" "maturin==$MATURIN_VERSION" \
    "build==$BUILD_VERSION" "hatchling==$HATCHLING_VERSION"
fi
[ -x "$PYPI_VENV/bin/pypi-server" ] || die "pypi-server missing from $PYPI_VENV/bin after install"
[ -x "$PYPI_VENV/bin/twine" ] || die "twine missing from $PYPI_VENV/bin after install"
[ -x "$PYPI_VENV/bin/maturin" ] || die "maturin missing from $PYPI_VENV/bin after install"

# --- crates: estuary -----------------------------------------------------------------------------
estuary_ok() { [ -x "$CACHE/bin/estuary" ] && "$CACHE/bin/estuary" --version 2>/dev/null | grep -qx "estuary $ESTUARY_VERSION"; }
build_estuary() {
  local work
  work="$(mktemp -d)"
  # shellcheck disable=SC2064 # expand now: the trap must remove this build's directory.
  trap "rm -rf '$work'" RETURN
  # cargo itself downloads the crate (checksum-verified against the index) and unpacks it: `cargo info`
  # does both (estuary has no library, so it cannot be fetched as a dependency).
  cargo info --quiet "estuary@$ESTUARY_VERSION" >/dev/null || die "cargo could not fetch estuary $ESTUARY_VERSION from crates.io"
  local manifest
  manifest="$(find "${CARGO_HOME:-$HOME/.cargo}/registry/src" -maxdepth 3 -path "*/index.crates.io-*/estuary-$ESTUARY_VERSION/Cargo.toml" 2>/dev/null | head -n1)"
  [ -n "$manifest" ] || die "cargo fetched estuary $ESTUARY_VERSION but its unpacked source is not under ${CARGO_HOME:-$HOME/.cargo}/registry/src"
  cp -R "$(dirname "$manifest")" "$work/estuary"
  chmod -R u+w "$work/estuary"
  # The lockfile changes (see the header): everything else builds as the release locked it.
  local pin
  for pin in $ESTUARY_PINS; do
    (cd "$work/estuary" && cargo update --quiet -p "${pin%@*}" --precise "${pin#*@}")
  done
  mkdir -p "$(dirname "$CACHE")"
  rm -rf "$CACHE.partial"
  cargo install --quiet --locked --path "$work/estuary" --root "$CACHE.partial"
  rm -rf "$CACHE"
  mv "$CACHE.partial" "$CACHE"
}
if ! estuary_ok; then
  # libgit2 (inside estuary) links OpenSSL, found through pkg-config.
  if ! pkg-config --exists openssl 2>/dev/null; then
    [ "$(id -u)" = "0" ] || die "OpenSSL headers or pkg-config are missing: run 'sudo apt-get update && sudo apt-get install -y libssl-dev pkg-config', then re-run $0"
    command -v apt-get >/dev/null || die "OpenSSL headers or pkg-config are missing and apt-get is not available to install them"
    say "apt-get install libssl-dev pkg-config"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libssl-dev pkg-config >/dev/null
  fi
  say "building estuary $ESTUARY_VERSION into $CACHE (once per machine; minutes on two cores)"
  started=$SECONDS
  build_estuary
  say "estuary built in $((SECONDS - started)) s"
fi
estuary_ok || die "estuary $ESTUARY_VERSION missing from $CACHE after the build"
ln -sfn "$CACHE/bin/estuary" "$BIN/estuary"

# --- OCI: docker-registry -----------------------------------------------------------------------
docker_registry_version() {
  if command -v docker-registry >/dev/null; then
    docker-registry --version 2>/dev/null | sed -n 's/^docker-registry [^ ]* \([0-9.]*\).*/\1/p'
  fi
}
if [ "$(docker_registry_version)" != "$DOCKER_REGISTRY_VERSION" ]; then
  [ "$(id -u)" = "0" ] || die "docker-registry $DOCKER_REGISTRY_VERSION is missing: run 'sudo apt-get update && sudo apt-get install -y docker-registry=$DOCKER_REGISTRY_DEB', then re-run $0"
  command -v apt-get >/dev/null || die "docker-registry $DOCKER_REGISTRY_VERSION is missing and apt-get is not available to install it"
  say "apt-get install docker-registry=$DOCKER_REGISTRY_DEB"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "docker-registry=$DOCKER_REGISTRY_DEB" >/dev/null
fi
[ "$(docker_registry_version)" = "$DOCKER_REGISTRY_VERSION" ] || die "docker-registry $DOCKER_REGISTRY_VERSION missing after install (found: $(docker_registry_version))"

# --- report --------------------------------------------------------------------------------------
say "verdaccio  $(verdaccio_version) at $NPM_PREFIX/node_modules/verdaccio/bin/verdaccio"
say "pypiserver $(pip_version_of pypiserver), twine $(pip_version_of twine), maturin $(pip_version_of maturin), build $(pip_version_of build), hatchling $(pip_version_of hatchling) in $PYPI_VENV"
say "docker-registry $(docker_registry_version) at $(command -v docker-registry)"
say "estuary    $("$BIN/estuary" --version | sed 's/^estuary //') at $BIN/estuary -> $CACHE/bin/estuary"
