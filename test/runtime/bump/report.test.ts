import { describe, expect, it } from 'vitest';
import { planOf } from './helpers';
import { MemoryRepoReader, Product } from '../../../src/model';
import { EditPlan } from '../../../src/runtime/bump/edit-plan';
import { diffOf, summaryOf } from '../../../src/runtime/bump/report';
import { BumpResult, runBump } from '../../../src/runtime/bump/run-bump';

/** An npm package and a crate that pins it five times over (more values than a summary line names). */
const FILES = {
  'package.json': '{\n  "name": "quill",\n  "version": "0.1.0"\n}\n',
  'engine/Cargo.toml': '[package]\nname = "quill-engine"\nversion = "0.1.0"\nedition = "2021"\n',
  'engine/src/lib.rs': '',
};
const PRODUCTS = [Product.npmPackage({ path: '.' }), Product.rustCrate({ path: 'engine' })];

/** A dry-run bump of FILES (in memory: a dry run writes nothing), as the bump command reports it. */
async function dryRun(version: string, files: Record<string, string> = FILES): Promise<{ result: BumpResult; edits: EditPlan }> {
  const { repo, track } = planOf(files, { products: PRODUCTS });
  const noTool = async () => {
    throw new Error('a dry run runs no lockfile tool');
  };
  return runBump(track, { version, dryRun: true, allowSame: false, allowDowngrade: false }, { root: '/nonexistent', repo, runTool: noTool });
}

describe('the summary a bump prints', () => {
  it('GIVEN a dry run WHEN summarised THEN it says what would change, one line per file with its values, names aligned', async () => {
    const { result, edits } = await dryRun('0.2.0');
    expect(summaryOf(result, edits)).toBe([
      'bump 0.1.0 -> 0.2.0 (track default): would change 2 file(s)',
      '  engine/Cargo.toml  package.version',
      '  package.json       version',
    ].join('\n'));
  });

  it('GIVEN a real run WHEN summarised THEN it says what changed', async () => {
    const { result, edits } = await dryRun('0.2.0');
    expect(summaryOf({ ...result, dryRun: false }, edits).split('\n')[0]).toBe('bump 0.1.0 -> 0.2.0 (track default): changed 2 file(s)');
  });

  it('GIVEN every file already at the version WHEN summarised THEN it says so and that nothing changed', async () => {
    const { result, edits } = await dryRun('0.1.0');
    expect(summaryOf(result, edits)).toBe('track default is already at 0.1.0 in every file: nothing changed');
  });

  it('GIVEN the current version re-applied to a file that disagrees WHEN summarised THEN it is a bump to the same version that changes that file', async () => {
    const { track } = planOf(FILES, { products: PRODUCTS });
    const files = { ...FILES, 'engine/Cargo.toml': FILES['engine/Cargo.toml'].replace('0.1.0', '0.0.9') };
    const { result, edits } = await runBump(track, { version: '0.1.0', dryRun: true, allowSame: true, allowDowngrade: false }, {
      root: '/nonexistent',
      repo: new MemoryRepoReader(files),
      runTool: async () => ({ status: 0, stderr: '' }),
    });
    expect(summaryOf(result, edits)).toBe('bump 0.1.0 -> 0.1.0 (track default): would change 1 file(s)\n  engine/Cargo.toml  package.version');
  });

  it('GIVEN a new version that no file needs (its values already carry it) WHEN summarised THEN it says no file is written', async () => {
    const { result, edits } = await dryRun('0.1.0');
    expect(summaryOf({ ...result, to: '0.2.0' }, edits)).toBe('bump 0.1.0 -> 0.2.0 (track default): nothing to change, no file written');
  });

  it('GIVEN a file with four values and one with five WHEN summarised THEN the four are named and the five counted', async () => {
    const pins = (n: number) => Array.from({ length: n }, (_, i) => `p${i} = { package = "quill-engine", path = "../engine", version = "0.1.0" }\n`).join('');
    const files = {
      ...FILES,
      'four/Cargo.toml': `[package]\nname = "four"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${pins(3)}`,
      'four/src/lib.rs': '',
      'five/Cargo.toml': `[package]\nname = "five"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${pins(4)}`,
      'five/src/lib.rs': '',
    };
    const products = [...PRODUCTS, Product.rustCrate({ path: 'four' }), Product.rustCrate({ path: 'five' })];
    const { repo, track } = planOf(files, { products });
    const { result, edits } = await runBump(track, { version: '0.2.0', dryRun: true, allowSame: false, allowDowngrade: false }, {
      root: '/nonexistent',
      repo,
      runTool: async () => ({ status: 0, stderr: '' }),
    });
    const lines = summaryOf(result, edits).split('\n');
    expect(lines).toContain('  four/Cargo.toml    package.version, dependencies.p0.version, dependencies.p1.version, dependencies.p2.version');
    expect(lines).toContain('  five/Cargo.toml    5 values');
  });

  it('GIVEN what cargo said about each lockfile and a lockfile awaiting a publish WHEN summarised THEN each gets its line under "lockfiles:"', async () => {
    const { result, edits } = await dryRun('0.2.0');
    const summary = summaryOf({
      ...result,
      lockfileTools: [
        { file: 'a/Cargo.lock', tool: 'cargo', outcome: 'confirmed' },
        { file: 'b/Cargo.lock', tool: 'cargo', outcome: 'refreshed', detail: '+new 1.0.0' },
        { file: 'c/Cargo.lock', tool: 'cargo', outcome: 'unavailable', detail: 'cargo is not installed' },
      ],
      lockfileNotes: [{ file: 'notes/package-lock.json', reason: 'resolves @quill/sdk at 0.1.0; refresh it once 0.2.0 is published.' }],
    }, edits);
    expect(summary.split('\n').slice(3)).toEqual([
      'lockfiles:',
      '  a/Cargo.lock: cargo update --workspace --offline confirmed the edit',
      '  b/Cargo.lock: cargo update --workspace --offline also changed entries the bump did not edit (+new 1.0.0)',
      '  c/Cargo.lock: edited surgically and verified; cargo could not run offline (cargo is not installed)',
      '  notes/package-lock.json: resolves @quill/sdk at 0.1.0; refresh it once 0.2.0 is published.',
    ]);
  });

  it('GIVEN a prerelease WHEN summarised THEN the npm dist-tag it publishes under closes the summary; a release names none', async () => {
    const pre = await dryRun('0.2.0-rc.1');
    expect(summaryOf(pre.result, pre.edits).split('\n').pop()).toBe('npm dist-tag for 0.2.0-rc.1: rc');
    const release = await dryRun('0.2.0');
    expect(summaryOf(release.result, release.edits)).not.toContain('dist-tag');
  });
});

describe('the diff a dry run prints', () => {
  it('GIVEN values on several lines, two on one line and a file already at the version WHEN diffed THEN each changed line appears once, in line order, per changed file', async () => {
    const files = {
      'package.json': '{\n  "name": "quill",\n  "dependencies": { "quill-engine": "0.1.0", "quill-cli": "0.1.0" },\n  "description": "0.1.0",\n  "version": "0.1.0"\n}\n',
      'engine/package.json': '{\n  "name": "quill-engine",\n  "version": "0.2.0"\n}\n',
      'cli/package.json': '{\n  "name": "quill-cli",\n  "version": "0.1.0"\n}\n',
    };
    const { repo, track } = planOf(files, { products: [Product.npmPackage({ path: '.' }), Product.npmPackage({ path: 'engine' }), Product.npmPackage({ path: 'cli' })] });
    const { edits } = await runBump(track, { version: '0.2.0', dryRun: true, allowSame: false, allowDowngrade: false }, {
      root: '/nonexistent',
      repo,
      runTool: async () => ({ status: 0, stderr: '' }),
    });
    expect(diffOf(edits)).toBe([
      '--- a/cli/package.json',
      '+++ b/cli/package.json',
      '@@ -3 +3 @@',
      '-  "version": "0.1.0"',
      '+  "version": "0.2.0"',
      '--- a/package.json',
      '+++ b/package.json',
      '@@ -3 +3 @@',
      '-  "dependencies": { "quill-engine": "0.1.0", "quill-cli": "0.1.0" },',
      '+  "dependencies": { "quill-engine": "0.2.0", "quill-cli": "0.2.0" },',
      '@@ -5 +5 @@',
      '-  "version": "0.1.0"',
      '+  "version": "0.2.0"',
    ].join('\n'));
  });
});
