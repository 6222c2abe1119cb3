import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir, writeRepo } from '../support/fixtures';

/**
 * .ci/install-wasm-tools.sh's cache of cargo-installed tools, run in a copy of the repository's layout with
 * stand-ins for cargo, rustup, rustc and wasm-opt on PATH (the stand-in cargo's `install` writes what
 * `cargo install --root` leaves: bin/<tool> and both install records), so no crate is compiled. A stand-in
 * because the real builds take minutes each on two cores (wasm-pack ~4 min, wasm-bindgen-cli ~5 min); what is
 * tested here is the script's cache (keys, incomplete entries, two runs at once). The real builds run in every
 * CI run's `.ci/install-tools.sh`, and the example's rehearsal runs the tools they make.
 */

const PIN = fs.readFileSync(path.join(REPO_ROOT, 'src/model/pins.ts'), 'utf8').match(/wasmPack: '([^']+)'/)![1];

const FAKE_CARGO = `#!/bin/bash
set -e
echo "$*" >> "$FAKE_LOG"
[ "$1" = install ] || exit 0
crate="" version="" root=""
shift
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version="\${2#=}"; shift ;;
    --root) root="$2"; shift ;;
    --quiet|--locked) ;;
    *) crate="$1" ;;
  esac
  shift
done
bin=$([ "$crate" = wasm-bindgen-cli ] && echo wasm-bindgen || echo "$crate")
mkdir -p "$root/bin"
printf '#!/bin/sh\\necho "%s %s"\\n' "$bin" "$version" > "$root/bin/$bin"
chmod +x "$root/bin/$bin"
echo '{"installs":{}}' > "$root/.crates2.json"
printf '[v1]\\n' > "$root/.crates.toml"
`;

function layout(): { root: string; env: NodeJS.ProcessEnv; cache: string; log: string } {
  const root = writeRepo({
    '.ci/install-wasm-tools.sh': fs.readFileSync(path.join(REPO_ROOT, '.ci/install-wasm-tools.sh'), 'utf8'),
    'src/model/pins.ts': `export const PINS = {\n  wasmPack: '${PIN}',\n};\n`,
    'examples/polyglot/sdk/wasm/Cargo.lock': 'version = 4\n\n[[package]]\nname = "wasm-bindgen"\nversion = "0.2.99"\n',
  });
  const bin = writeRepo({
    'cargo': FAKE_CARGO,
    'rustup': '#!/bin/sh\necho wasm32-unknown-unknown\n',
    'rustc': '#!/bin/sh\necho rustc 1.0.0\n',
    'wasm-opt': '#!/bin/sh\necho "wasm-opt version 108"\n',
  });
  for (const f of fs.readdirSync(bin)) fs.chmodSync(path.join(bin, f), 0o755);
  const cacheHome = tempDir('lockstep-ci-cache-');
  const log = path.join(cacheHome, 'cargo.log');
  const env = { PATH: `${bin}${path.delimiter}/usr/bin${path.delimiter}/bin`, HOME: cacheHome, XDG_CACHE_HOME: cacheHome, FAKE_LOG: log };
  return { root, env, cache: path.join(cacheHome, 'lockstep-ci'), log };
}

function run(l: ReturnType<typeof layout>): { status: number | null; out: string } {
  const r = spawnSync('bash', [path.join(l.root, '.ci/install-wasm-tools.sh')], { env: l.env, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function installs(log: string): string[] {
  return fs.readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('install'));
}

describe('.ci/install-wasm-tools.sh\'s cache', () => {
  it('GIVEN pins.ts\'s wasmPack pin WHEN the script runs THEN it builds wasm-pack at that pin, and a second run builds nothing', () => {
    const l = layout();
    expect(run(l).status).toBe(0);
    expect(installs(l.log)).toEqual([
      `install --quiet --locked wasm-pack --version =${PIN} --root ${installs(l.log)[0].split('--root ')[1]}`,
      expect.stringMatching(/^install --quiet --locked wasm-bindgen-cli --version =0\.2\.99 --root /),
    ]);
    expect(fs.readlinkSync(path.join(l.root, '.tools/cargo-install', `wasm-pack-${PIN}`))).toBe(path.join(l.cache, `wasm-pack-${PIN}`));
    expect(run(l).status).toBe(0);
    expect(installs(l.log)).toHaveLength(2);
  });

  it('GIVEN a cache entry without .crates.toml WHEN the script runs THEN the entry is built again, not a failure', () => {
    const l = layout();
    expect(run(l).status).toBe(0);
    fs.rmSync(path.join(l.cache, `wasm-pack-${PIN}`, '.crates.toml'));
    const again = run(l);
    expect(again.out).not.toContain('ERROR');
    expect(again.status).toBe(0);
    expect(installs(l.log).filter((i) => i.includes(' wasm-pack '))).toHaveLength(2);
    expect(fs.existsSync(path.join(l.cache, `wasm-pack-${PIN}`, '.crates.toml'))).toBe(true);
  });

  it('GIVEN two runs at once WHEN both build THEN both succeed, each staging in its own directory, and no staging directory is left', async () => {
    const l = layout();
    const { spawn } = await import('child_process');
    const once = () => new Promise<number | null>((resolve) => {
      spawn('bash', [path.join(l.root, '.ci/install-wasm-tools.sh')], { env: l.env, stdio: 'ignore' }).on('exit', resolve);
    });
    expect(await Promise.all([once(), once()])).toEqual([0, 0]);
    expect(fs.readdirSync(l.cache).filter((f) => f.includes('.partial'))).toEqual([]);
    expect(installs(l.log)).toHaveLength(2);
  });
});
