import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { planOf, snapshot, writePlan } from './helpers';
import { FsRepoReader, MemoryRepoReader, Product } from '../../../src/model';
import { spawnRunner } from '../../../src/runtime/bump/lockfile-tools';
import { BumpRequest, runBump } from '../../../src/runtime/bump/run-bump';
import { verifyTrack } from '../../../src/runtime/bump/verify-track';
import { CliError } from '../../../src/runtime/cli-error';
import { writeRepo } from '../../support/fixtures';

const request = (version: string, flags: Partial<BumpRequest> = {}): BumpRequest =>
  ({ version, dryRun: true, allowSame: false, allowDowngrade: false, ...flags });
/** No lockfile tool may run: the bumps here write nothing, or have no Cargo.lock. */
const noTool = async () => {
  throw new Error('no lockfile tool runs here');
};

/** An npm package whose version source is package.json, and a crate that pins it. */
function pkg(version: string, pin = version): Record<string, string> {
  return {
    'package.json': `{\n  "name": "quill",\n  "version": "${version}"\n}\n`,
    'engine/Cargo.toml': `[package]\nname = "quill-engine"\nversion = "${pin}"\nedition = "2021"\n`,
    'engine/src/lib.rs': '',
  };
}
const PRODUCTS = [Product.npmPackage({ path: '.' }), Product.rustCrate({ path: 'engine' })];

/** Bumps `files` in memory, planned as pkg('0.1.0'), and returns the CliError it throws (or fails the test). */
async function refusal(files: Record<string, string>, req: BumpRequest): Promise<CliError> {
  const { track } = planOf(pkg('0.1.0'), { products: PRODUCTS });
  const error = await runBump(track, req, { root: '/nonexistent', repo: new MemoryRepoReader(files), runTool: noTool }).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

describe('the bump checks the version before anything else (B4)', () => {
  it('GIVEN a current version that is not semver WHEN bumped THEN it is refused naming where it is and the flag that bumps anyway', async () => {
    const e = await refusal(pkg('0.1'), request('0.2.0'));
    expect(e.message).toBe("the current version '0.1' (package.json:3 version) is not a semver version, so an upgrade cannot be told from a downgrade; fix it, or pass --allow-downgrade to bump anyway.");
    expect(e.exitCode).toBe(1);
  });

  it('GIVEN that non-semver current version WHEN bumped with --allow-downgrade THEN the bump goes ahead from it, every file following', async () => {
    const { track } = planOf(pkg('0.1.0'), { products: PRODUCTS });
    const { result } = await runBump(track, request('0.2.0', { allowDowngrade: true }), { root: '/nonexistent', repo: new MemoryRepoReader(pkg('0.1', '0.1.0')), runTool: noTool });
    expect(result).toMatchObject({ from: '0.1', to: '0.2.0', changedFiles: ['engine/Cargo.toml', 'package.json'] });
  });

  it('GIVEN a version source that is gone WHEN bumped THEN the problem names the file', async () => {
    const files: Record<string, string> = { ...pkg('0.1.0') };
    delete files['package.json'];
    const e = await refusal(files, request('0.2.0'));
    expect(e.message).toBe('package.json: is the version source of the release plan but does not exist; run `npx projen`.');
  });

  it('GIVEN a malformed version WHEN bumped THEN it is a usage error (exit 2) that names what is wrong', async () => {
    const e = await refusal(pkg('0.1.0'), request('v0.2.0'));
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/'v0\.2\.0'.*\.$/);
  });

  it('GIVEN files that cannot be edited WHEN bumped THEN every problem is listed under one message saying no file was changed', async () => {
    const files = { ...pkg('0.1.0'), 'engine/Cargo.toml': '[package]\nname = "quill-engine"\nversion = 7\n' };
    const e = await refusal(files, request('0.2.0'));
    expect(e.message.split('\n')[0]).toBe("cannot bump track 'default' to 0.2.0; no file was changed:");
    expect(e.message.split('\n').slice(1)).toEqual([expect.stringMatching(/^ {2}engine\/Cargo\.toml(:\d+)?: .+/)]);
  });

  it('GIVEN a file that disagrees with the current version WHEN bumped to it THEN it is refused naming the file and the flag', async () => {
    const e = await refusal(pkg('0.1.0', '0.0.9'), request('0.1.0'));
    expect(e.message).toBe("track 'default' is already at 0.1.0, but 1 file(s) disagree (engine/Cargo.toml); pass --allow-same to re-apply the version to them.");
  });

  it('GIVEN a prerelease WHEN bumped THEN the result records the npm dist-tag and every edited value with its file, line and key', async () => {
    const { repo, track } = planOf(pkg('0.1.0'), { products: PRODUCTS });
    const { result } = await runBump(track, request('0.2.0-beta.1'), { root: '/nonexistent', repo, runTool: noTool });
    expect(result).toEqual({
      track: 'default',
      from: '0.1.0',
      to: '0.2.0-beta.1',
      npmDistTag: 'beta',
      dryRun: true,
      changedFiles: ['engine/Cargo.toml', 'package.json'],
      edits: [
        { file: 'engine/Cargo.toml', line: 3, keyPath: ['package', 'version'], from: '0.1.0', to: '0.2.0-beta.1' },
        { file: 'package.json', line: 3, keyPath: ['version'], from: '0.1.0', to: '0.2.0-beta.1' },
      ],
      lockfileTools: [],
      lockfileNotes: [],
    });
  });

  it('GIVEN a real run that changes no Cargo.lock WHEN bumped THEN the files are written and no lockfile tool runs', async () => {
    const dir = writeRepo(pkg('0.1.0'));
    const { tracks: [track] } = writePlan(dir, { products: PRODUCTS });
    const { result } = await runBump(track, request('0.2.0', { dryRun: false }), { root: dir, repo: new FsRepoReader(dir), runTool: noTool });
    expect(result.lockfileTools).toEqual([]);
    expect(fs.readFileSync(path.join(dir, 'engine/Cargo.toml'), 'utf8')).toContain('version = "0.2.0"');
    const before = snapshot(dir);
    const again = await runBump(track, request('0.2.0', { dryRun: false }), { root: dir, repo: new FsRepoReader(dir), runTool: noTool });
    expect(again.result.changedFiles).toEqual([]);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('every problem of a refused bump is named, one per line', () => {
  /** pkg() with a second crate `cli`, planned as three products; the crates' versions are TOML values. */
  const three = (engine: string, cli: string): Record<string, string> => ({
    ...pkg('0.1.0'),
    'engine/Cargo.toml': `[package]\nname = "quill-engine"\nversion = ${engine}\nedition = "2021"\n`,
    'cli/Cargo.toml': `[package]\nname = "quill-cli"\nversion = ${cli}\nedition = "2021"\n`,
    'cli/src/lib.rs': '',
  });
  const { track } = planOf(three('"0.1.0"', '"0.1.0"'), { products: [...PRODUCTS, Product.rustCrate({ path: 'cli' })] });
  const refused = (files: Record<string, string>, version: string) =>
    runBump(track, request(version), { root: '/nonexistent', repo: new MemoryRepoReader(files), runTool: noTool }).then(() => undefined, (e: unknown) => (e as Error).message);

  it('GIVEN two files that cannot be edited WHEN bumped THEN each is a line of its own', async () => {
    expect((await refused(three('7', '8'), '0.2.0'))!.split('\n')).toEqual([
      "cannot bump track 'default' to 0.2.0; no file was changed:",
      '  cli/Cargo.toml: has no string at package.version, although the release plan expects one there; run `npx projen` to regenerate the plan.',
      '  engine/Cargo.toml: has no string at package.version, although the release plan expects one there; run `npx projen` to regenerate the plan.',
    ]);
  });

  it('GIVEN two files that disagree with the current version WHEN bumped to it THEN both are named, comma-separated', async () => {
    expect(await refused(three('"0.0.9"', '"0.0.8"'), '0.1.0')).toBe(
      "track 'default' is already at 0.1.0, but 2 file(s) disagree (cli/Cargo.toml, engine/Cargo.toml); pass --allow-same to re-apply the version to them.",
    );
  });

  it('GIVEN two crates added since the plan that pin the product by path and version WHEN bumped THEN each pin cargo would refuse is a line', async () => {
    const ws = {
      'Cargo.toml': '[workspace]\nresolver = "2"\nmembers = ["crates/*"]\n',
      'crates/engine/Cargo.toml': '[package]\nname = "engine"\nversion = "0.1.0"\nedition = "2021"\n',
      'crates/engine/src/lib.rs': '',
      'Cargo.lock': 'version = 4\n\n[[package]]\nname = "engine"\nversion = "0.1.0"\n',
    };
    const planned = planOf(ws, { products: [Product.rustCrate({ path: 'crates/engine' })] }).track;
    const bench = (name: string) => `[package]\nname = "${name}"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\nengine = { path = "../engine", version = "0.1.0" }\n`;
    const lockEntry = (name: string) => `\n[[package]]\nname = "${name}"\nversion = "0.0.0"\ndependencies = [\n "engine",\n]\n`;
    const now = { ...ws, 'crates/a/Cargo.toml': bench('a'), 'crates/b/Cargo.toml': bench('b'), 'Cargo.lock': `${ws['Cargo.lock']}${lockEntry('a')}${lockEntry('b')}` };
    const message = await runBump(planned, request('0.2.0'), { root: '/nonexistent', repo: new MemoryRepoReader(now), runTool: noTool })
      .then(() => '', (e: unknown) => (e as Error).message);
    expect(message.split('\n')).toEqual([
      "cannot bump track 'default' to 0.2.0: its lockfiles would no longer match their manifests, so their package managers would refuse them; no file was changed:",
      expect.stringMatching(/^ {2}Cargo\.lock: crates\/a\/Cargo\.toml dependencies\.engine requires engine 0\.1\.0, but the crate at its path/),
      expect.stringMatching(/^ {2}Cargo\.lock: crates\/b\/Cargo\.toml dependencies\.engine requires engine 0\.1\.0, but the crate at its path/),
    ]);
  });
});

describe('a bump that does not stand puts every file back', () => {
  /** Independent one-crate workspaces `a` and `b`, each a product with its own Cargo.lock, on disk. */
  const twoWorkspaces = () => {
    const files: Record<string, string> = {};
    for (const name of ['a', 'b']) {
      files[`${name}/Cargo.toml`] = `[package]\nname = "ws-${name}"\nversion = "0.1.0"\nedition = "2021"\n`;
      files[`${name}/src/lib.rs`] = '';
      files[`${name}/Cargo.lock`] = `version = 4\n\n[[package]]\nname = "ws-${name}"\nversion = "0.1.0"\n`;
    }
    const dir = writeRepo(files);
    const { tracks: [track] } = writePlan(dir, { products: [Product.rustCrate({ path: 'a' }), Product.rustCrate({ path: 'b' })] });
    return { dir, track };
  };
  const breakWorkspace = (dir: string, name: string) =>
    fs.appendFileSync(path.join(dir, `${name}/Cargo.toml`), '\n[workspace]\nmembers = ["gone"]\n');

  it('GIVEN cargo refuses both workspaces WHEN bumped THEN both of its messages are given, apart, and every file is restored', async () => {
    const { dir, track } = twoWorkspaces();
    breakWorkspace(dir, 'a');
    breakWorkspace(dir, 'b');
    const before = snapshot(dir);
    const message = await runBump(track, request('0.2.0', { dryRun: false }), { root: dir, repo: new FsRepoReader(dir), runTool: spawnRunner })
      .then(() => '', (e: unknown) => (e as Error).message);
    expect(message).toMatch(/^cargo update --workspace --offline in a failed:\nerror: [^]*\n\ncargo update --workspace --offline in b failed:\nerror: /);
    expect(message).toMatch(/all 4 file\(s\) it wrote were restored/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('GIVEN a file that became a directory after it was read WHEN the bump writes THEN the file already replaced gets its old text back', async () => {
    const { dir, track } = twoWorkspaces();
    const files = Object.fromEntries(['a/Cargo.toml', 'a/Cargo.lock', 'b/Cargo.toml', 'b/Cargo.lock'].map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
    // What the bump read (the repository reader) and what is on disk when it writes part ways here.
    fs.rmSync(path.join(dir, 'b/Cargo.lock'));
    fs.mkdirSync(path.join(dir, 'b/Cargo.lock/in-the-way'), { recursive: true });
    const message = await runBump(track, request('0.2.0', { dryRun: false }), { root: dir, repo: new MemoryRepoReader(files), runTool: noTool })
      .then(() => '', (e: unknown) => (e as Error).message);
    expect(message).toMatch(/^replacing b\/Cargo\.lock failed .*; the 3 file\(s\) already replaced were restored\.$/);
    expect(fs.readFileSync(path.join(dir, 'a/Cargo.toml'), 'utf8')).toBe(files['a/Cargo.toml']);
  });

  it('GIVEN cargo refuses the bump and a file becomes a directory meanwhile WHEN the files are restored THEN those already restored take the bumped text again, so none is left half done', async () => {
    const { dir, track } = twoWorkspaces();
    breakWorkspace(dir, 'a');
    breakWorkspace(dir, 'b');
    const bumped = fs.readFileSync(path.join(dir, 'a/Cargo.toml'), 'utf8').replace('0.1.0', '0.2.0');
    // Real cargo refuses both workspaces; while it ran in `b`, b/Cargo.lock was replaced by a directory.
    const runTool: typeof spawnRunner = async (command, args, cwd) => {
      const run = await spawnRunner(command, args, cwd);
      if (path.basename(cwd) === 'b') {
        fs.rmSync(path.join(dir, 'b/Cargo.lock'));
        fs.mkdirSync(path.join(dir, 'b/Cargo.lock/in-the-way'), { recursive: true });
      }
      return run;
    };
    const message = await runBump(track, request('0.2.0', { dryRun: false }), { root: dir, repo: new FsRepoReader(dir), runTool })
      .then(() => '', (e: unknown) => (e as Error).message);
    expect(message).toMatch(/^replacing b\/Cargo\.lock failed .*; the 3 file\(s\) already replaced were restored\.$/);
    expect(fs.readFileSync(path.join(dir, 'a/Cargo.toml'), 'utf8')).toBe(bumped);
  });
});

describe('verify reads the track as bump would (B4)', () => {
  it('GIVEN a consistent track WHEN verified THEN it reports the version and what it checked, and no problem', () => {
    const { repo, track } = planOf(pkg('0.1.0'), { products: PRODUCTS });
    expect(verifyTrack(track, repo)).toEqual({ track: 'default', version: '0.1.0', sites: 2, lockfiles: 0, problems: [] });
  });

  it('GIVEN a current version that is not semver WHEN verified THEN the one problem names its file, line and key', () => {
    const { track } = planOf(pkg('0.1.0'), { products: PRODUCTS });
    expect(verifyTrack(track, new MemoryRepoReader(pkg('0.1', '0.1.0')))).toEqual({
      track: 'default',
      sites: 2,
      lockfiles: 0,
      problems: [{ file: 'package.json', line: 3, reason: "version is '0.1', which is not a semver release version." }],
    });
  });

  it('GIVEN a version source that is gone WHEN verified THEN that is the one problem', () => {
    const { track } = planOf(pkg('0.1.0'), { products: PRODUCTS });
    const files: Record<string, string> = { ...pkg('0.1.0') };
    delete files['package.json'];
    expect(verifyTrack(track, new MemoryRepoReader(files)).problems).toEqual([
      { file: 'package.json', reason: 'is the version source of the release plan but does not exist; run `npx projen`.' },
    ]);
  });

  it('GIVEN a lock that resolves a third-party crate below its requirement WHEN verified THEN it is named, though no version of the track lags', () => {
    const files = {
      'Cargo.toml': '[package]\nname = "app"\nversion = "1.0.0"\nedition = "2021"\n\n[dependencies]\nserde = "1.0.210"\n',
      'src/lib.rs': '',
      'Cargo.lock': 'version = 4\n\n[[package]]\nname = "app"\nversion = "1.0.0"\ndependencies = [\n "serde",\n]\n\n[[package]]\nname = "serde"\nversion = "1.0.200"\n' +
        'source = "registry+https://github.com/rust-lang/crates.io-index"\n',
    };
    const { repo, track } = planOf(files, { products: [Product.rustCrate({ path: '.' })] });
    expect(verifyTrack(track, repo).problems).toEqual([{
      file: 'Cargo.lock',
      reason: 'records serde 1.0.200 for app, which does not satisfy 1.0.210 (Cargo.toml dependencies.serde); run `cargo update --workspace` in ..',
    }]);
  });
});
