import * as fs from 'fs';
import * as path from 'path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packLibrary, projenNewIn, run } from '../support/consumer';
import { git, tempDir, writeRepo } from '../support/fixtures';

/**
 * The newcomer path, tried as a new user would: pack this library, run `projen new --from <tarball>` in a
 * git repository, then run `npx projen` again.
 */
let tarball: string;

beforeAll(() => {
  tarball = packLibrary();
}, 120_000);

function projenNew(dir: string): void {
  git(dir, 'init', '-q', '-b', 'main');
  const r = projenNewIn(dir, tarball);
  if (r.status !== 0) throw new Error(`projen new failed:\n${r.stdout}\n${r.stderr}`);
}

describe('npx projen new --from projen-lockstep-release', () => {
  it('GIVEN an empty git repository WHEN bootstrapped THEN .projenrc.ts uses the project type and a second npx projen is clean', () => {
    const dir = tempDir('lockstep-new-');
    projenNew(dir);
    expect(fs.readFileSync(path.join(dir, '.projenrc.ts'), 'utf8')).toMatch(/new LockstepReleaseProject\(/);
    expect(fs.existsSync(path.join(dir, '.lockstep/release-plan.json'))).toBe(true);
    expect(git(dir, 'status', '--porcelain')).toBe('');
    run(dir, 'npx', ['projen']);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  }, 180_000);

  it('GIVEN an existing repository with a crate and an npm package WHEN bootstrapped THEN both are discovered as products', () => {
    const dir = writeRepo({
      'Cargo.toml': '[package]\nname = "demo-core"\nversion = "1.4.0"\nedition = "2021"\n',
      'src/lib.rs': '',
      'js/package.json': JSON.stringify({ name: 'demo-js', version: '1.4.0', dependencies: {} }, null, 2),
    }, tempDir('lockstep-existing-'));
    projenNew(dir);
    const plan = JSON.parse(fs.readFileSync(path.join(dir, '.lockstep/release-plan.json'), 'utf8'));
    expect(plan.tracks[0].products.map((p: { name: string; kind: string }) => `${p.kind}:${p.name}`)).toEqual([
      'rust-crate:demo-core',
      'npm-package:demo-js',
    ]);
    run(dir, 'npx', ['projen']);
    expect(git(dir, 'status', '--porcelain')).toBe('');
    // The drift check CI runs finds the bootstrapped files in step with .projenrc.ts.
    expect(run(dir, 'npx', ['--no-install', 'lockstep', 'drift'])).toMatch(/in step with \.projenrc\.ts and the manifests/);
  }, 180_000);
});
