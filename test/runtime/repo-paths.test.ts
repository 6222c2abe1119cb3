import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { FsRepoReader, Product, buildPlan, libraryVersion, planConfigOf } from '../../src/model';
import { writeFilesAtomically } from '../../src/runtime/bump/atomic-write';
import { NodeFs } from '../../src/runtime/release/real-deps';
import { git, tempDir, writeRepo } from '../support/fixtures';
import { asJobStep, exampleGitRepo } from '../support/hostile';
import { exampleReleaseRepo, lockstepIn, repoState } from './release-pr/support';

/**
 * Issue 19: paths from a plan, a manifest or git stay inside the repository and are not followed through
 * a symbolic link that leaves it. The release PR job holds `contents: write`; what it writes must be the
 * repository's own files.
 */

/** A directory beside the repository holding a copy of `file`: what a link would point at. */
function outsideCopy(repo: string, file: string): string {
  const outside = tempDir('lockstep-outside-');
  const target = path.join(outside, path.basename(file));
  fs.copyFileSync(path.join(repo, file), target);
  return target;
}

/** Replaces a repository file with a symbolic link to `target`. */
function linkTo(repo: string, file: string, target: string): void {
  fs.rmSync(path.join(repo, file));
  fs.symlinkSync(target, path.join(repo, file));
}

/** The text of every file the plan's track edits, to prove nothing changed. */
function manifests(dir: string): Record<string, string> {
  const plan = JSON.parse(fs.readFileSync(path.join(dir, '.lockstep/release-plan.json'), 'utf8'));
  const files: string[] = [...plan.tracks[0].manifests, ...plan.tracks[0].lockfiles.map((l: { file: string }) => l.file)];
  return Object.fromEntries(files.map((f) => [f, fs.lstatSync(path.join(dir, f)).isSymbolicLink() ? 'link' : fs.readFileSync(path.join(dir, f), 'utf8')]));
}

describe('a manifest that is a symbolic link out of the repository', { timeout: 60_000 }, () => {
  it('GIVEN a manifest of the plan linked to a file outside WHEN bump runs THEN it is refused naming the link; neither the target nor any manifest changes', async () => {
    const { dir } = exampleGitRepo();
    const target = outsideCopy(dir, 'sdk/python/pyproject.toml');
    const before = fs.readFileSync(target, 'utf8');
    linkTo(dir, 'sdk/python/pyproject.toml', target);
    const files = manifests(dir);
    const job = await asJobStep(dir, ['bump', '0.4.0']);
    expect(job.code).toBe(1);
    expect(job.stderr).toMatch(/sdk\/python\/pyproject\.toml: leads outside the repository through the symbolic link sdk\/python\/pyproject\.toml/);
    expect(fs.readFileSync(target, 'utf8')).toBe(before);
    expect(manifests(dir)).toEqual(files);
  });

  it('GIVEN a committed link to a file outside WHEN release-pr commit runs THEN it fails before writing: the target, the clone and the remote are as they were', async () => {
    const repo = exampleReleaseRepo();
    const target = outsideCopy(repo.dir, 'sdk/python/pyproject.toml');
    const before = fs.readFileSync(target, 'utf8');
    linkTo(repo.dir, 'sdk/python/pyproject.toml', target);
    git(repo.dir, 'commit', '-qam', 'chore: link the manifest');
    git(repo.dir, 'push', '-q', 'origin', 'main');
    const state = repoState(repo);
    const r = await lockstepIn(repo, 'release-pr', 'commit', '--version', '0.4.0');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/leads outside the repository through the symbolic link sdk\/python\/pyproject\.toml/);
    expect(fs.readFileSync(target, 'utf8')).toBe(before);
    expect(repoState(repo)).toEqual(state);
  });

  it('GIVEN a link inside the repository WHEN a file is written through it THEN the file it points at is written (the link stays)', () => {
    const root = writeRepo({ 'real/Cargo.toml': 'a' });
    fs.symlinkSync('real/Cargo.toml', path.join(root, 'Cargo.toml'));
    writeFilesAtomically(root, [{ file: 'Cargo.toml', text: 'b' }], new Map([['Cargo.toml', 'a']]));
    expect(fs.readFileSync(path.join(root, 'real/Cargo.toml'), 'utf8')).toBe('b');
    expect(fs.lstatSync(path.join(root, 'Cargo.toml')).isSymbolicLink()).toBe(true);
  });

  it('GIVEN a directory linked outside WHEN the atomic write or a release command writes below it THEN nothing is written outside', () => {
    const root = writeRepo({ 'Cargo.toml': 'a' });
    const outside = tempDir('lockstep-outside-');
    fs.writeFileSync(path.join(outside, 'package.json'), '{}');
    fs.symlinkSync(outside, path.join(root, 'pkg'));
    expect(() => writeFilesAtomically(root, [{ file: 'Cargo.toml', text: 'b' }, { file: 'pkg/package.json', text: 'x' }], new Map())).toThrow(
      /writing pkg\/package\.json failed \(pkg\/package\.json: leads outside the repository through the symbolic link pkg .*\); no file was changed/,
    );
    expect(() => new NodeFs(root).write('pkg/package.json', 'x')).toThrow(/symbolic link pkg/);
    expect(fs.readdirSync(outside)).toEqual(['package.json']);
    expect(fs.readFileSync(path.join(outside, 'package.json'), 'utf8')).toBe('{}');
    expect(fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8')).toBe('a');
  });

  it('GIVEN a dangling link WHEN written through THEN it is refused rather than creating its target', () => {
    const root = writeRepo({ 'Cargo.toml': 'a' });
    const target = path.join(tempDir('lockstep-outside-'), 'created');
    fs.symlinkSync(target, path.join(root, 'out.toml'));
    expect(() => new NodeFs(root).write('out.toml', 'x')).toThrow(/out\.toml is a symbolic link to a file that does not exist/);
    expect(fs.existsSync(target)).toBe(false);
  });
});

describe('paths in the plan file', { timeout: 60_000 }, () => {
  /** The example whose plan names a file outside the repository for one version site. */
  function tamperedPlan(): { dir: string; target: string; before: string } {
    const parent = tempDir('lockstep-parent-');
    const { dir } = exampleGitRepo(path.join(parent, 'repo'));
    fs.mkdirSync(path.join(parent, 'outside'));
    const target = path.join(parent, 'outside', 'Cargo.toml');
    fs.copyFileSync(path.join(dir, 'Cargo.toml'), target);
    const file = path.join(dir, '.lockstep/release-plan.json');
    const plan = JSON.parse(fs.readFileSync(file, 'utf8'));
    const site = plan.tracks[0].sites.find((s: { file: string }) => s.file === 'sdk/python/Cargo.toml');
    site.file = '../outside/Cargo.toml';
    plan.tracks[0].manifests.push('../outside/Cargo.toml');
    fs.writeFileSync(file, JSON.stringify(plan));
    return { dir, target, before: fs.readFileSync(target, 'utf8') };
  }

  it.each([
    [['bump', '0.4.0']],
    [['bump', 'minor', '--dry-run']],
    [['verify']],
    [['plan']],
  ])('GIVEN a plan naming ../outside/Cargo.toml WHEN %j loads it THEN it is refused naming the field; the file outside is untouched', async (argv) => {
    const { dir, target, before } = tamperedPlan();
    const job = await asJobStep(dir, argv);
    expect(job.code).toBe(1);
    expect(job.stderr).toMatch(/release-plan\.json: the plan names what no release may use:\n {2}tracks\[0\]\.manifests\[\d+\] "\.\.\/outside\/Cargo\.toml" leaves the repository/);
    expect(job.stderr).toMatch(/tracks\[0\]\.sites\[\d+\]\.file "\.\.\/outside\/Cargo\.toml" leaves the repository/);
    expect(fs.readFileSync(target, 'utf8')).toBe(before);
  });

  it('GIVEN a plan whose product name would leave a directory WHEN a command loads it THEN it is refused as not a product name', async () => {
    const { dir } = exampleGitRepo();
    const file = path.join(dir, '.lockstep/release-plan.json');
    const plan = JSON.parse(fs.readFileSync(file, 'utf8'));
    plan.tracks[0].products[0].name = '../../x';
    const npm = plan.tracks[0].products.findIndex((p: { packages: Array<{ registry: string }> }) => p.packages.some((k) => k.registry === 'npm'));
    plan.tracks[0].products[npm].packages[0].name = '--registry=https://evil.example';
    fs.writeFileSync(file, JSON.stringify(plan));
    const job = await asJobStep(dir, ['plan']);
    expect(job.code).toBe(1);
    expect(job.stderr).toMatch(/products\[0\]\.name "\.\.\/\.\.\/x" is not a product name/);
    expect(job.stderr).toMatch(/products\[\d+\]\.packages\[0\]\.name "--registry=https:\/\/evil\.example" is not a package name npm accepts/);
  });
});

describe('paths when the plan is built', () => {
  it('GIVEN a maturin manifest-path that leaves the repository WHEN the plan is built THEN the build fails naming it', () => {
    const root = writeRepo({
      'py/pyproject.toml': '[project]\nname = "p"\nversion = "1.0.0"\n\n[tool.maturin]\nmanifest-path = "../../outside/Cargo.toml"\n',
    });
    const repo = new FsRepoReader(root);
    expect(() => buildPlan(planConfigOf({ products: [Product.maturin({ path: 'py' })] }, repo, libraryVersion()), repo)).toThrow(/\.\.\/outside\/Cargo\.toml: is not a path inside the repository/);
  });

  it('GIVEN a product manifest linked to a file outside WHEN the plan is built THEN the build fails naming the link', () => {
    const root = writeRepo({ 'src/lib.rs': '' });
    const outside = tempDir('lockstep-outside-');
    fs.writeFileSync(path.join(outside, 'Cargo.toml'), '[package]\nname = "c"\nversion = "1.0.0"\n');
    fs.symlinkSync(path.join(outside, 'Cargo.toml'), path.join(root, 'Cargo.toml'));
    const repo = new FsRepoReader(root);
    expect(() => buildPlan(planConfigOf({ products: [Product.rustCrate({ path: '.' })] }, repo, libraryVersion()), repo)).toThrow(
      /Cargo\.toml: leads outside the repository through the symbolic link Cargo\.toml/,
    );
  });
});
