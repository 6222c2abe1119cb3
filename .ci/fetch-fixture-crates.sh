#!/usr/bin/env bash
# Fills the local cargo cache with every crate the real-shape fixtures' Cargo.lock files name, so the
# fixture tests can run `cargo metadata --offline` in each of their Cargo workspaces
# (test/fixtures/real/*; test/fixtures/real-fixtures.test.ts). Idempotent: cargo downloads only what its
# cache lacks.
#
# It runs on a copy of each fixture: a lockfile the real repository left stale in a local package's version
# (StarStats) makes `--locked` refuse, and cargo must not rewrite the committed fixture. Registry versions
# stay as locked (the fixture test checks that only local entries differ). A fixture that pins a toolchain
# this machine does not have (StarStats: rust-toolchain.toml 1.88.0) runs on the default toolchain.
# The rehearsal of a fixture (test/runtime/rehearse/rehearse-sqlrite.test.ts) seeds its local crates registry
# with these same .crate files from the cache (src/runtime/rehearse/crates-seed.ts); crates.io's index lines
# for them it fetches once (~2 s for SQLRite's 668) into ${XDG_CACHE_HOME:-~/.cache}/lockstep/crates-io-index.
# Cost measured on the project's machine with an empty cache: SQLRite ~110 MB of .crate files in ~13 s
# (~850 MB once unpacked for `cargo metadata`); see test/fixtures/real/*.md for the others.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
say() { printf '[fetch-fixture-crates] %s\n' "$*"; }
command -v cargo >/dev/null || { echo "[fetch-fixture-crates] ERROR: cargo is required" >&2; exit 1; }
if command -v rustup >/dev/null; then export RUSTUP_TOOLCHAIN="${RUSTUP_TOOLCHAIN:-$(rustup default | cut -d' ' -f1)}"; fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for fixture in "$ROOT"/test/fixtures/real/*/; do
  name="$(basename "$fixture")"
  cp -R "$fixture" "$work/$name"
  while IFS= read -r lock; do
    dir="$(dirname "$lock")"
    say "cargo fetch in ${name}${dir#"$work/$name"}"
    (cd "$dir" && cargo fetch --quiet)
  done < <(find "$work/$name" -name Cargo.lock | sort)
done
