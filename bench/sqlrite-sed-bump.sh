#!/usr/bin/env bash
# A stand-in for SQLRite's own scripts/bump-version.sh, for bench/bump.ts only: written from the facts in
# seed 000 ("sed + a tiny Python helper for the JSON files", one argument, idempotent) and the version sites
# of test/fixtures/real/sqlrite, not from their code. It makes the edits their script makes, the way it
# makes them: one sed per TOML file, one Python start for the JSON files. It leaves Cargo.lock to cargo.
#   bench/sqlrite-sed-bump.sh 0.15.0     (run in the repository root)
set -euo pipefail
v=${1:?usage: sqlrite-sed-bump.sh <version>}

# [package].version: the first `version = "…"` at the start of a line is the package's in these files.
for f in Cargo.toml sqlrite-ffi/Cargo.toml sqlrite-ask/Cargo.toml sqlrite-mcp/Cargo.toml sdk/python/Cargo.toml \
  sdk/nodejs/Cargo.toml sdk/wasm/Cargo.toml desktop/src-tauri/Cargo.toml examples/desktop-journal/src-tauri/Cargo.toml; do
  sed -i -E "0,/^version = \"[^\"]*\"/s//version = \"$v\"/" "$f"
done
# Path dependencies on the engine and sqlrite-ask also carry the version (cargo publish needs it).
sed -i -E "s/^(sqlrite-ask = \{ version = \")[^\"]*\"/\1$v\"/" Cargo.toml sdk/wasm/Cargo.toml
sed -i -E "s/^(sqlrite = \{ package = \"sqlrite-engine\", path = \"[^\"]*\", version = \")[^\"]*\"/\1$v\"/" \
  sqlrite-mcp/Cargo.toml benchmarks/Cargo.toml examples/desktop-journal/src-tauri/Cargo.toml
# [project].version of the Python package.
sed -i -E "0,/^version = \"[^\"]*\"/s//version = \"$v\"/" sdk/python/pyproject.toml

# JSON: parsed and written back, where sed would be fragile against formatting.
python3 - "$v" <<'PY'
import json, sys
v = sys.argv[1]
def edit(path, change):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    change(doc)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")
def version(doc):
    doc["version"] = v
def notes(doc):
    doc["version"] = v
    doc["dependencies"]["@joaoh82/sqlrite"] = "^" + v
for path in ("sdk/nodejs/package.json", "desktop/package.json", "desktop/src-tauri/tauri.conf.json"):
    edit(path, version)
edit("examples/nodejs-notes/package.json", notes)
PY
