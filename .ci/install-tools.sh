#!/usr/bin/env bash
# Installs every pinned tool the tests need into .tools/ (validators for generated workflows, local
# registries, the tools of the example's wasm-pack build) and fills the cargo cache with the crates the
# real-shape fixtures lock. Idempotent; each installer fails loudly.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bash "$here/install-gate-tools.sh"
bash "$here/install-registry-tools.sh"
bash "$here/install-wasm-tools.sh"
bash "$here/install-fixture-tools.sh"
bash "$here/fetch-fixture-crates.sh"
