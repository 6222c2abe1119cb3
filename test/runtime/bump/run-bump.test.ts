import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { planOf, snapshot, writePlan } from './helpers';
import { FsRepoReader, MemoryRepoReader, Product } from '../../../src/model';
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
});
