#!/usr/bin/env bash
# Fills the local cargo cache with every crate the real-shape fixtures' Cargo.lock files name, so the
# fixture tests can run `cargo metadata --offline --locked` in each of their Cargo workspaces
# (test/fixtures/real/*; test/fixtures/real-fixtures.test.ts). `--locked` keeps the committed lockfiles as
# they are. Idempotent: cargo downloads only what its cache lacks.
# Cost measured on the project's machine with an empty cache: SQLRite's two workspaces ~110 MB of .crate
# files in ~13 s (about 850 MB once cargo unpacks them for `cargo metadata`).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v cargo >/dev/null || { echo "[fetch-fixture-crates] ERROR: cargo is required" >&2; exit 1; }
while IFS= read -r lock; do
  dir="$(dirname "$lock")"
  printf '[fetch-fixture-crates] cargo fetch --locked in %s\n' "${dir#"$ROOT"/}"
  (cd "$dir" && cargo fetch --locked --quiet)
done < <(find "$ROOT/test/fixtures/real" -name Cargo.lock -not -path '*/target/*' | sort)
