#!/usr/bin/env bash
# The README's main job: synthesize an example monorepo's release pipeline with this library (exactly what
# `npx projen` does in a consumer: run its .projenrc.ts), print the release plan, rehearse a bump, then
# rehearse the whole release.yml against local registries (scripts/rehearse-example.sh).
# Needs the compiled library in lib/ (`npx projen compile`).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
example="$repo/${1:-examples/polyglot}"
if [ ! -f "$repo/lib/index.js" ]; then
  echo "run-example: $repo/lib is missing; run 'npx projen compile' first" >&2
  exit 1
fi
# The example resolves 'projen-lockstep-release' to this checkout, as an installed dependency would.
mkdir -p "$example/node_modules"
ln -sfn "$repo" "$example/node_modules/projen-lockstep-release"
cd "$example"
# The library's runner, as the example's default task runs it, with this checkout's ts-node.
PATH="$repo/node_modules/.bin:$PATH" node node_modules/projen-lockstep-release/lib/runtime/projenrc.js
echo
node "$repo/lib/runtime/cli.js" plan

# Rehearse a release bump the way a maintainer would, in a throwaway git copy of the example: the
# generated scripts/bump-version.sh, then `lockstep verify`, then what a release commit would contain.
rehearsal=$(mktemp -d)
trap 'rm -rf "$rehearsal"' EXIT
tar -C "$example" --exclude=node_modules --exclude=target -cf - . | tar -C "$rehearsal" -xf -
mkdir -p "$rehearsal/node_modules/.bin"
ln -sfn "$repo" "$rehearsal/node_modules/projen-lockstep-release"
printf '#!/bin/sh\nexec node "%s/lib/runtime/cli.js" "$@"\n' "$repo" > "$rehearsal/node_modules/.bin/lockstep"
chmod +x "$rehearsal/node_modules/.bin/lockstep"
cd "$rehearsal"
git init -q -b main && git add -A && git -c user.name=rehearsal -c user.email=rehearsal@example.com commit -q -m baseline
echo
echo "rehearsal: ./scripts/bump-version.sh patch (in a throwaway copy)"
./scripts/bump-version.sh patch
npx --no-install lockstep verify
echo
echo "a release commit would contain:"
git status --short

# The whole release, as release.yml runs it, against local registries: a first release, then a re-run.
echo
echo "rehearsal: the whole release.yml against local registries (lockstep rehearse)"
cd "$repo"
bash scripts/rehearse-example.sh "${1:-examples/polyglot}"
