import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { packNpm } from '../../../src/runtime/release/pack';
import { NodeFs, SpawnExec } from '../../../src/runtime/release/real-deps';
import { ReleaseRun, RunProduct } from '../../../src/runtime/release/run';
import { writeRepo } from '../../support/fixtures';
import { releaseRun } from '../../support/release-run';

// Issue 17: a wasm-pack product whose own package.json beside the crate wraps wasm-pack's pkg/ (the plan's
// `npmPackageDir`) is packed from the crate's directory, with pkg/ inside.

const wrapped: RunProduct = {
  name: 'core-wasm',
  kind: 'wasm-pack',
  path: 'wasm',
  tag: 'core-wasm-v1.0.0',
  githubRelease: true,
  dependsOn: [],
  settings: { npmPackageDir: 'wasm' },
  packages: [{ target: 'npm', name: '@acme/wasm', version: '1.0.0', state: 'missing' }],
};
const run: ReleaseRun = { ...releaseRun({ version: '1.0.0', commit: 'd'.repeat(40), products: [wrapped] }), todo: ['npm'] };

/** The crate directory after `wasm-pack build`: its own package.json, and wasm-pack's pkg/ with the `*` .gitignore wasm-pack writes. */
function built(gitignore = '*\n'): Record<string, string> {
  return {
    'wasm/package.json': JSON.stringify({ name: '@acme/wasm', version: '1.0.0', main: 'pkg/core_wasm.js', files: ['pkg', 'src/worker.js'] }),
    'wasm/src/worker.js': '',
    'wasm/src/lib.rs': '',
    'wasm/pkg/package.json': JSON.stringify({ name: 'core-wasm', version: '1.0.0' }),
    'wasm/pkg/core_wasm_bg.wasm': '\0asm',
    'wasm/pkg/core_wasm.js': '',
    'wasm/pkg/.gitignore': gitignore,
  };
}

/** The paths inside a tarball. */
function tarballFiles(ws: string, file: string): string[] {
  return execFileSync('tar', ['-tzf', path.join(ws, file)], { encoding: 'utf8' }).trim().split('\n').sort();
}

describe('pack-npm: a WASM package.json wrapping wasm-pack\'s output', () => {
  it('GIVEN the built crate directory WHEN packed THEN the tarball is the wrapper\'s, named as it is, with pkg/\'s .wasm (wasm-pack\'s `*` .gitignore no longer hides it)', async () => {
    const ws = writeRepo(built());
    const packed = await packNpm(run, wrapped, { exec: new SpawnExec(process.env, ws), fs: new NodeFs(ws) }, 'dist/npm');
    expect(packed.problems).toEqual([]);
    expect(packed.file).toBe('dist/npm/acme-wasm-1.0.0.tgz');
    expect(tarballFiles(ws, packed.file!)).toEqual([
      'package/package.json', 'package/pkg/core_wasm.js', 'package/pkg/core_wasm_bg.wasm', 'package/pkg/package.json', 'package/src/worker.js',
    ]);
    // wasm-pack's own package.json keeps its name: it is not what npm publishes.
    expect(JSON.parse(fs.readFileSync(path.join(ws, 'wasm/pkg/package.json'), 'utf8')).name).toBe('core-wasm');
  }, 30_000);

  it('GIVEN wasm-pack did not run WHEN packed THEN nothing is packed and the problem says so', async () => {
    const files = built();
    delete files['wasm/pkg/package.json'];
    const ws = writeRepo(files);
    const packed = await packNpm(run, wrapped, { exec: new SpawnExec(process.env, ws), fs: new NodeFs(ws) }, 'dist/npm');
    expect(packed).toEqual({ problems: ['wasm/pkg has no package.json: did wasm-pack build run?'] });
  });

  it('GIVEN a pkg/.gitignore that is not wasm-pack\'s WHEN packed THEN it is left as it is', async () => {
    const ws = writeRepo(built('*.map\n'));
    const packed = await packNpm(run, wrapped, { exec: new SpawnExec(process.env, ws), fs: new NodeFs(ws) }, 'dist/npm');
    expect(packed.problems).toEqual([]);
    expect(fs.readFileSync(path.join(ws, 'wasm/pkg/.gitignore'), 'utf8')).toBe('*.map\n');
  }, 30_000);

  it('GIVEN the wrapper still at the previous version WHEN packed THEN it is refused, naming the wrapper\'s package.json', async () => {
    const files = built();
    files['wasm/package.json'] = JSON.stringify({ name: '@acme/wasm', version: '0.9.0', files: ['pkg'] });
    const ws = writeRepo(files);
    const packed = await packNpm(run, wrapped, { exec: new SpawnExec(process.env, ws), fs: new NodeFs(ws) }, 'dist/npm');
    expect(packed.problems).toEqual(['wasm/package.json is at 0.9.0, the release is 1.0.0']);
  }, 30_000);
});
