#!/usr/bin/env bash
# Rehearses an example's whole release.yml with `lockstep rehearse` against local registries (verdaccio,
# pypiserver, estuary, a bare git remote, a GitHub Releases stand-in), installing the pinned servers first
# (idempotent; estuary is built once per machine) and the wasm leg's tools (.ci/install-wasm-tools.sh:
# wasm-pack and wasm-bindgen-cli built from crates.io, minutes once per machine, then cached outside the
# clone). Leaves out quill-desktop only: the example does not declare the Tauri CLI its build job runs, and
# this machine has no webview libraries. quill-node is rehearsed for this machine's platform (the example
# declares the napi-rs CLI; other platforms' packages are named as not rehearsed). Further arguments
# go to `lockstep rehearse` (default scenario: a first release, then a re-run). Needs the compiled library
# in lib/.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
example="$repo/${1:-examples/polyglot}"
shift || true
bash "$repo/.ci/install-registry-tools.sh" >/dev/null
# The wasm leg's tools only when quill-wasm is rehearsed (`--without quill-wasm` among the arguments skips
# minutes of building them, and the root apt needs for Debian's binaryen).
case " $* " in
  *quill-wasm*) ;;
  *) bash "$repo/.ci/install-wasm-tools.sh" >/dev/null ;;
esac
cd "$example"
exec node "$repo/lib/runtime/cli.js" rehearse --without quill-desktop "$@"
