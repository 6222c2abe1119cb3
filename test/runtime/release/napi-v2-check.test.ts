import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_NPM_BYTES, checkNpmPackages } from '../../../src/runtime/release/npm-check';
import { Exec } from '../../../src/runtime/release/ports';
import { NodeFs, SpawnExec } from '../../../src/runtime/release/real-deps';
import { writeRepo } from '../../support/fixtures';
import { napiCliArgv } from '../../support/napi-cli';
import { releaseRun } from '../../support/release-run';

// Issue 17: the check before the approval lays out a napi-rs v2 package's platform packages with the real
// napi CLI 2 (installed by `bash .ci/install-fixture-tools.sh`; the product's own node_modules is not
// installed here, so `npx --no-install napi` is pointed at it) and expects exactly the ones v2 makes.

/** Real tools, with `npx --no-install napi` run by the installed napi-rs CLI 2. */
function withNapiCli2(dir: string): Exec {
  const real = new SpawnExec(process.env, dir);
  return {
    run: (command, args, options) => (command === 'npx' && args[0] === '--no-install' && args[1] === 'napi'
      ? real.run(process.execPath, napiCliArgv(2, args.slice(2)), options)
      : real.run(command, args, options)),
  };
}

describe('npm-check on a napi-rs CLI v2 package', { timeout: 60_000 }, () => {
  it('GIVEN triples with `defaults: true` and a musl target WHEN checked THEN each package v2 lays out is checked and none is missing (v2\'s defaults hold no macOS arm64)', async () => {
    const napi = { name: 'flo', triples: { defaults: true, additional: ['aarch64-unknown-linux-musl'] } };
    const dir = writeRepo({
      'node/package.json': JSON.stringify({ name: 'flo-node', version: '1.0.0', files: ['index.js'], napi, devDependencies: { '@napi-rs/cli': '^2.18.4' } }),
      'node/index.js': '',
    });
    const product = {
      name: 'flo-node',
      kind: 'napi',
      path: 'node',
      tag: 'flo-node-v1.0.0',
      githubRelease: true,
      dependsOn: [],
      settings: { napiCli: '2' },
      packages: [{ target: 'npm', name: 'flo-node', version: '1.0.0', state: 'missing' as const }],
    };
    const deps = { exec: withNapiCli2(dir), fs: new NodeFs(dir) };
    const checks = await checkNpmPackages(releaseRun({ products: [product] }), deps, DEFAULT_MAX_NPM_BYTES);
    expect(checks.map((c) => [c.dir, c.problems])).toEqual([
      ['node', []],
      ['node/npm/darwin-x64', []],
      ['node/npm/linux-arm64-musl', []],
      ['node/npm/linux-x64-gnu', []],
      ['node/npm/win32-x64-msvc', []],
    ]);
    // What it laid out is gone again: the publish job lays them out itself.
    expect(fs.existsSync(path.join(dir, 'node/npm'))).toBe(false);
  });
});
