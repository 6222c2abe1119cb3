import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { exampleRelease, synthRelease } from './release-publish-support';
import { LockstepReleaseProject, ReleasePlatform } from '../../src';
import { exampleProducts } from '../support/example-products';
import { copyExample } from '../support/fixtures';

describe('release.yml builds a napi product for the targets its napi config lists', () => {
  it('GIVEN the example Node SDK listing three targets WHEN rendered THEN its build matrix has exactly those three legs', () => {
    const { wf } = exampleRelease();
    const legs = wf.jobs['build-quill-node'].strategy.matrix.include.map((l: { target: string }) => l.target);
    expect(legs).toEqual(['x86_64-unknown-linux-gnu', 'aarch64-apple-darwin', 'x86_64-pc-windows-msvc']);
    // Other products still build on every platform.
    expect(wf.jobs['build-quill-py'].strategy.matrix.include.length).toBe(Object.values(ReleasePlatform).length);
  });

  it('GIVEN a napi target no release platform builds WHEN synthesized THEN it fails naming the file, the target and both fixes', () => {
    const dir = copyExample();
    const file = path.join(dir, 'sdk/nodejs/package.json');
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
    pkg.napi.targets.push('aarch64-unknown-linux-musl');
    fs.writeFileSync(file, JSON.stringify(pkg, null, 2));
    expect(() => synthRelease(dir, { products: exampleProducts() })).toThrow(
      /sdk\/nodejs\/package\.json: napi\.targets lists aarch64-unknown-linux-musl, which no release platform builds .*Remove it from napi\.targets, or add its platform to release\.platforms\./,
    );
  });

  it('GIVEN that napi target WHEN the project is constructed THEN it fails there, before synth writes any file', () => {
    const dir = copyExample();
    const file = path.join(dir, 'sdk/nodejs/package.json');
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
    pkg.napi.targets.push('aarch64-unknown-linux-musl');
    fs.writeFileSync(file, JSON.stringify(pkg, null, 2));
    const plan = path.join(dir, '.lockstep/release-plan.json');
    fs.rmSync(plan);
    expect(() => new LockstepReleaseProject({ name: 'quill', outdir: dir, products: exampleProducts() })).toThrow(/napi\.targets lists aarch64-unknown-linux-musl/);
    expect(fs.existsSync(plan)).toBe(false);
  });

  it('GIVEN release.platforms narrowed below the napi targets WHEN synthesized THEN the missing target is named', () => {
    expect(() => synthRelease(copyExample(), { products: exampleProducts(), release: { platforms: [ReleasePlatform.LINUX_X64] } }))
      .toThrow(/napi\.targets lists aarch64-apple-darwin, x86_64-pc-windows-msvc, which no release platform builds/);
  });
});
