#!/usr/bin/env bash
# Rehearses an example's whole release.yml with `lockstep rehearse` against local registries (verdaccio,
# pypiserver, estuary, a bare git remote, a GitHub Releases stand-in), installing the pinned servers first
# (idempotent; estuary is built once per machine). Leaves out the products this machine cannot build:
# quill-node and quill-desktop (the example does not declare the napi-rs and Tauri CLIs their jobs run) and
# quill-wasm (its build job needs the wasm-pack and wasm-bindgen-cli builds of .ci/install-wasm-tools.sh,
# minutes once per machine, which this script does not install; the tests rehearse it). Further arguments
# go to `lockstep rehearse` (default scenario: a first release, then a re-run). Needs the compiled library
# in lib/.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
example="$repo/${1:-examples/polyglot}"
shift || true
bash "$repo/.ci/install-registry-tools.sh" >/dev/null
cd "$example"
exec node "$repo/lib/runtime/cli.js" rehearse --without quill-node,quill-wasm,quill-desktop "$@"
