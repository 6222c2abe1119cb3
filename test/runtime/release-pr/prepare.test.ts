import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { ReleaseRepo, crateRepo, exampleReleaseRepo, lockstepIn, repoState } from './support';
import { git, tempDir } from '../../support/fixtures';
import { readStepOutputs } from '../../support/runner-view';

/** Runs prepare with GITHUB_OUTPUT set; returns the result and the outputs written. */
async function prepare(repo: ReleaseRepo, ...args: string[]) {
  const output = path.join(tempDir(), 'output');
  fs.writeFileSync(output, '');
  const r = await lockstepIn({ dir: repo.dir, env: { ...repo.env, GITHUB_OUTPUT: output } }, 'release-pr', 'prepare', ...args);
  return { ...r, outputs: readStepOutputs(output) };
}

describe('lockstep release-pr prepare: the version to release', () => {
  it.each([
    ['patch', '0.3.1'],
    ['minor', '0.4.0'],
    ['major', '1.0.0'],
  ])('GIVEN the example at 0.3.0 WHEN bump is %s THEN the version is %s, with its branch', async (bump, version) => {
    const repo = exampleReleaseRepo();
    const r = await prepare(repo, '--version', '', '--bump', bump, '--preid', 'rc');
    expect(r.stderr).toBe('');
    expect(r.outputs).toEqual({ version, branch: `release/v${version}` });
  });

  it('GIVEN a crate without a Tauri app WHEN bump is prerelease with rc THEN the next patch gets rc.1, and the next prerelease rc.2', async () => {
    expect((await prepare(crateRepo('1.2.3'), '--version', '', '--bump', 'prerelease', '--preid', 'rc')).outputs.version).toBe('1.2.4-rc.1');
    expect((await prepare(crateRepo('1.2.4-rc.1'), '--version', '', '--bump', 'prerelease', '--preid', 'rc')).outputs.version).toBe('1.2.4-rc.2');
    expect((await prepare(crateRepo('1.2.4-rc.1'), '--version', '', '--bump', 'patch', '--preid', 'rc')).outputs.version).toBe('1.2.4');
  });

  it('GIVEN an explicit version and bump none WHEN prepared THEN the explicit version is used', async () => {
    const r = await prepare(exampleReleaseRepo(), '--version', '0.5.0', '--bump', 'none', '--preid', 'rc');
    expect(r.outputs.version).toBe('0.5.0');
  });

  it.each([
    [['--version', '0.5.0', '--bump', 'minor'], /give either a version \('0\.5\.0'\) or a bump \('minor'\), not both/],
    [['--version', '', '--bump', 'none'], /give a version \(such as 1\.4\.0\) or a bump \(major, minor, patch, prerelease\)/],
    [['--bump', 'huge'], /unknown bump 'huge'/],
    [['--bump', 'prerelease', '--preid', 'rc..1'], /prerelease identifier 'rc\.\.1' must be dot-separated/],
  ])('GIVEN the request %j WHEN prepared THEN it is refused with exit 2', async (args, message) => {
    const r = await prepare(exampleReleaseRepo(), ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.outputs).toEqual({});
  });
});

describe('S1: bad inputs are refused before any change', () => {
  const BAD: Array<[string, RegExp]> = [
    ['1.2', /'1\.2' is not a semver 2\.0\.0 version/],
    ['v1.2.3', /'v1\.2\.3' starts with 'v': give the bare version, such as '1\.2\.3'/],
    ['1.2.3; rm -rf /', /'1\.2\.3; rm -rf \/' is not a semver 2\.0\.0 version/],
    ['$(id)', /'\$\(id\)' is not a semver 2\.0\.0 version/],
    [' 0.4.0', /has surrounding whitespace/],
    ['0.4.0+build.5', /has build metadata/],
    ['0.2.9', /0\.2\.9 is lower than the current version 0\.3\.0 of track 'default'/],
    ['0.3.0', /0\.3\.0 is the current version of track 'default'/],
    // B8: the example has a Tauri app, whose Windows installer orders only alpha, beta, rc and numeric prereleases.
    ['0.4.0-dev.1', /0\.4\.0-dev\.1 cannot be released:\n {2}quill-desktop \(desktop\): '0\.4\.0-dev\.1' cannot be a Tauri app version/],
  ];

  it.each(BAD)('GIVEN version %j WHEN the release is committed THEN it is refused and the clone and the remote are untouched', async (version, message) => {
    const repo = exampleReleaseRepo();
    const before = repoState(repo);
    const r = await lockstepIn(repo, 'release-pr', 'commit', '--version', version);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(repoState(repo)).toEqual(before);
  });

  it.each(BAD)('GIVEN version %j WHEN prepared THEN it is refused with no output', async (version, message) => {
    const r = await prepare(exampleReleaseRepo(), '--version', version, '--bump', 'none');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.outputs).toEqual({});
  });

  it('GIVEN 0.4.0 tagged on the remote after the checkout WHEN the release is committed THEN the remote check refuses it and nothing changes', async () => {
    const repo = exampleReleaseRepo();
    git(repo.remote, 'tag', 'v0.4.0', 'main');
    const before = repoState(repo);
    expect((await prepare(repo, '--version', '0.4.0', '--local-tags')).code).toBe(0);

    const r = await lockstepIn(repo, 'release-pr', 'commit', '--version', '0.4.0');

    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/0\.4\.0 is already tagged \(v0\.4\.0 on origin\); a released version is never released again/);
    expect(repoState(repo)).toEqual(before);
  });

  it('GIVEN only a product tag of 0.4.0 exists WHEN prepared THEN it is refused naming that tag', async () => {
    const repo = exampleReleaseRepo();
    git(repo.dir, 'tag', 'sdk/go/v0.4.0');
    const r = await prepare(repo, '--version', '0.4.0');
    expect(r.stderr).toMatch(/0\.4\.0 is already tagged \(sdk\/go\/v0\.4\.0 here\)/);
  });

  it('GIVEN a remote that cannot be reached WHEN prepared with the remote check THEN it fails rather than skipping the check', async () => {
    const repo = exampleReleaseRepo();
    git(repo.dir, 'remote', 'set-url', 'origin', path.join(tempDir(), 'gone.git'));
    const r = await prepare(repo, '--version', '0.4.0');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot list the tags of remote 'origin'/);
  });
});

describe('lockstep release-pr prepare on a version source the bump cannot move from', () => {
  it('B4 GIVEN the current version is not semver (0.3) WHEN 0.4.0 is prepared THEN it is refused up front, as the bump would refuse it later', async () => {
    const repo = exampleReleaseRepo();
    const file = path.join(repo.dir, 'Cargo.toml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('version = "0.3.0"\nedition', 'version = "0.3"\nedition'));
    const r = await lockstepIn(repo, 'release-pr', 'prepare', '--version', '0.4.0', '--bump', 'none', '--preid', 'rc', '--local-tags');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the current version '0\.3' of track 'default' is not a semver release version; fix it with `npx lockstep bump <version> --allow-downgrade`/);
  });
});

describe('release notes from a Keep a Changelog file: the release PR needs the version\'s section', () => {
  const CHANGELOG = '# Changelog\n\n## [Unreleased]\n\n- a fix\n\n## [1.2.3] - 2026-01-01\n\n- first\n';

  it('GIVEN a CHANGELOG.md without a 1.3.0 section WHEN the release PR is prepared THEN it is refused naming the file and the heading to add, and nothing changes', async () => {
    const repo = crateRepo('1.2.3', { 'CHANGELOG.md': CHANGELOG });
    const before = repoState(repo);
    const r = await prepare(repo, '--version', '1.3.0', '--bump', 'none', '--preid', 'rc');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("1.3.0 has no release notes yet:\n  CHANGELOG.md has no section for 1.3.0; add '## [1.3.0] - YYYY-MM-DD' with what changed (Keep a Changelog), or move the [Unreleased] entries under it.");
    expect(r.outputs).toEqual({});
    expect(repoState(repo)).toEqual(before);
  });

  it('GIVEN the section is written WHEN prepared THEN the release PR goes ahead', async () => {
    const repo = crateRepo('1.2.3', { 'CHANGELOG.md': CHANGELOG.replace('## [Unreleased]\n', '## [Unreleased]\n\n## [1.3.0] - 2026-02-01\n') });
    const r = await prepare(repo, '--version', '1.3.0', '--bump', 'none', '--preid', 'rc');
    expect(r.stderr).toBe('');
    expect(r.outputs.version).toBe('1.3.0');
  });
});
