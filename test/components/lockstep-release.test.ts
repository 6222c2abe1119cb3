import * as fs from 'fs';
import { Testing, typescript } from 'projen';
import { describe, expect, it } from 'vitest';
import { LockstepRelease, LockstepReleaseProject, Product } from '../../src';
import { tempDir, writeRepo } from '../support/fixtures';

const crateRepo = () => writeRepo({ 'core/Cargo.toml': '[package]\nname = "core"\nversion = "2.1.0"\n' }, tempDir());

describe('LockstepRelease on an existing projen project', () => {
  it('GIVEN a TypeScript project WHEN the component is added THEN the plan file is generated beside its own files', () => {
    const project = new typescript.TypeScriptProject({ name: 'host', defaultReleaseBranch: 'main', outdir: crateRepo(), github: false, jest: false });
    new LockstepRelease(project, { products: [Product.rustCrate({ path: 'core' })] });
    const out = Testing.synth(project);
    expect(out['.lockstep/release-plan.json'].tracks[0].products[0]).toMatchObject({ name: 'core', tagPrefix: 'core-v' });
    expect(out['package.json'].name).toBe('host');
    expect(LockstepRelease.of(project)?.planFile).toBe('.lockstep/release-plan.json');
  });

  it('GIVEN a component already added WHEN a second is added THEN it is refused in favour of tracks', () => {
    const project = new typescript.TypeScriptProject({ name: 'host', defaultReleaseBranch: 'main', outdir: crateRepo(), github: false, jest: false });
    new LockstepRelease(project, { products: [Product.rustCrate({ path: 'core' })] });
    expect(() => new LockstepRelease(project, { products: [] })).toThrow(/only one; configure several release tracks with `tracks`/);
  });

  it('GIVEN a custom plan file WHEN synthesized THEN the plan is written there and names itself', () => {
    const project = new LockstepReleaseProject({ name: 'p', outdir: crateRepo(), planFile: 'release/plan.json', products: [Product.rustCrate({ path: 'core' })] });
    const out = Testing.synth(project);
    expect(out['release/plan.json'].planFile).toBe('release/plan.json');
    expect(out['.lockstep/release-plan.json']).toBeUndefined();
  });

  it('GIVEN a bad option WHEN the project is constructed THEN nothing is written', () => {
    const dir = crateRepo();
    expect(() => new LockstepReleaseProject({ name: 'p', outdir: dir, products: [Product.rustCrate({ path: 'nope' })] })).toThrow(/nope\/Cargo\.toml not found/);
    expect(fs.readdirSync(dir)).toEqual(['core']);
  });
});
