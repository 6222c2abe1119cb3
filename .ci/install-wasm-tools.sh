#!/usr/bin/env bash
# Installs what the example's wasm-pack build job (build-quill-wasm in examples/polyglot's release.yml) runs,
# so that `lockstep rehearse` can run it on this machine without reaching GitHub:
#   rustup target wasm32-unknown-unknown
#                           the target the job's rust-toolchain step adds (static.rust-lang.org)
#   .tools/cargo-install/wasm-pack-<version>  (and .tools/bin/wasm-pack)
#                           wasm-pack at the version the workflow pins (WASM_PACK_VERSION, src/model/pins.ts);
#                           the rehearsal gives each job its own CARGO_HOME (src/runtime/rehearse/runner.ts)
#                           and puts this build there as an installed package (build-tools.ts), so the job's own
#                           `cargo install wasm-pack --locked --version` finds it installed
#   .tools/cargo-install/wasm-bindgen-cli-<version>  (and .tools/bin/wasm-bindgen)
#                           wasm-bindgen-cli at the version the example's sdk/wasm/Cargo.lock names: wasm-pack
#                           uses a wasm-bindgen of the locked version found on PATH, and otherwise downloads
#                           one from GitHub
#   /usr/bin/wasm-opt       Debian's binaryen (apt, so root): the job downloads binaryen from GitHub releases,
#                           which this machine cannot reach; the rehearsal puts Debian's wasm-opt on the
#                           job's PATH instead and names it with its version
#   the crates examples/polyglot/sdk/wasm/Cargo.lock names, fetched into this machine's cargo cache
# wasm-pack and wasm-bindgen-cli are `cargo install --locked` from crates.io into a cache outside the clone
# keyed by version (${XDG_CACHE_HOME:-$HOME/.cache}/lockstep-ci/<tool>-<version>; minutes on two cores, once
# per machine); clones and worktrees link to it. Each cached root is what `cargo install --root` leaves:
# bin/ and cargo's install records (.crates.toml, .crates2.json), which the rehearsal merges into a job's
# CARGO_HOME. Idempotent: a tool already at its version, with both records, is left alone. Concurrent runs
# take turns per tool (flock on <cache>.lock) and each builds in its own staging directory.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$ROOT/.tools/bin"
INSTALLS="$ROOT/.tools/cargo-install"
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/lockstep-ci"
WASM_LOCK="$ROOT/examples/polyglot/sdk/wasm/Cargo.lock"

say() { printf '[install-wasm-tools] %s\n' "$*"; }
die() { printf '[install-wasm-tools] ERROR: %s\n' "$*" >&2; exit 1; }

for tool in cargo rustup; do
  command -v "$tool" >/dev/null || die "$tool is required"
done
command -v flock >/dev/null || die "flock is required (util-linux)"
# The wasm-pack the workflow pins (its WASM_PACK_VERSION) is the wasmPack entry of src/model/pins.ts.
WASM_PACK_VERSION="$(sed -n "s/^ *wasmPack: '\([^']*\)',.*/\1/p" "$ROOT/src/model/pins.ts")"
[ -n "$WASM_PACK_VERSION" ] || die "src/model/pins.ts has no wasmPack: '<version>', line"
[ -f "$WASM_LOCK" ] || die "$WASM_LOCK is missing"
# The version of the `wasm-bindgen` package entry in the lock (the line after its name).
WASM_BINDGEN_VERSION="$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/^version = "|"$/, ""); print; exit }' "$WASM_LOCK")"
[ -n "$WASM_BINDGEN_VERSION" ] || die "$WASM_LOCK names no wasm-bindgen package"
mkdir -p "$BIN" "$INSTALLS" "$CACHE_ROOT"

# --- the wasm32 target -----------------------------------------------------------------------------
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  started=$SECONDS
  rustup target add wasm32-unknown-unknown
  say "wasm32-unknown-unknown added in $((SECONDS - started)) s"
fi

# --- cargo-installed tools, cached by version ------------------------------------------------------
# cached_install <crate> <version> <binary>: builds <crate>@<version> once into the cache and links the
# install root into .tools/cargo-install and <binary> into .tools/bin. An entry is whole when its binary runs
# at the version and both of cargo's install records are there (build-tools.ts merges both into a job's
# CARGO_HOME); anything less is rebuilt. The build goes to a staging directory of its own (mktemp) and is
# moved into place under the tool's lock, so two runs never delete each other's build.
cached_install() {
  local crate="$1" version="$2" binary="$3"
  local cache="$CACHE_ROOT/$crate-$version" stage lock_fd
  whole() { [ -x "$cache/bin/$binary" ] && "$cache/bin/$binary" --version 2>/dev/null | grep -qx "$binary $version.*" \
    && [ -f "$cache/.crates2.json" ] && [ -f "$cache/.crates.toml" ]; }
  exec {lock_fd}>"$cache.lock"
  flock "$lock_fd"
  if ! whole; then
    say "cargo install --locked $crate@$version into $cache (once per machine; minutes on two cores)"
    started=$SECONDS
    stage="$(mktemp -d "$cache.partial.XXXXXX")"
    if ! cargo install --quiet --locked "$crate" --version "=$version" --root "$stage"; then
      rm -rf "$stage"
      die "cargo install of $crate $version failed"
    fi
    rm -rf "$cache"
    mv "$stage" "$cache"
    say "$crate $version built in $((SECONDS - started)) s"
  fi
  whole || die "$cache is not whole after the build ($binary $version, .crates2.json and .crates.toml)"
  exec {lock_fd}>&-
  ln -sfn "$cache" "$INSTALLS/$crate-$version"
  ln -sfn "$cache/bin/$binary" "$BIN/$binary"
}
cached_install wasm-pack "$WASM_PACK_VERSION" wasm-pack
cached_install wasm-bindgen-cli "$WASM_BINDGEN_VERSION" wasm-bindgen

# --- wasm-opt: Debian's binaryen -------------------------------------------------------------------
if ! command -v wasm-opt >/dev/null; then
  [ "$(id -u)" = "0" ] || die "wasm-opt is missing: run 'sudo apt-get update && sudo apt-get install -y binaryen', then re-run $0"
  command -v apt-get >/dev/null || die "wasm-opt is missing and apt-get is not available to install binaryen"
  say "apt-get install binaryen"
  started=$SECONDS
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends binaryen >/dev/null
  say "binaryen installed in $((SECONDS - started)) s"
fi
command -v wasm-opt >/dev/null || die "wasm-opt missing after installing binaryen"

# --- the example's wasm crate's dependencies ------------------------------------------------------
# Fetched into this machine's cargo cache as the crate's lock names them, so cargo reads that lock offline
# (test/runtime/bump/example-bump.test.ts: `cargo metadata --offline --locked` after a bump). `cargo fetch`
# leaves the lock as it is; a lock out of step with its manifest fails here.
say "cargo fetch --locked in examples/polyglot/sdk/wasm"
(cd "$(dirname "$WASM_LOCK")" && cargo fetch --quiet --locked)

# --- report ----------------------------------------------------------------------------------------
say "wasm32-unknown-unknown target for $(rustc --version)"
say "$("$BIN/wasm-pack" --version) at $BIN/wasm-pack -> $(readlink "$BIN/wasm-pack")"
say "$("$BIN/wasm-bindgen" --version) at $BIN/wasm-bindgen -> $(readlink "$BIN/wasm-bindgen")"
say "$(wasm-opt --version) at $(command -v wasm-opt)"
