import { describe, expect, it } from 'vitest';
import { ReleaseBump, nextReleaseVersion, prereleaseIdProblem, releaseCommitMessage, releasePrBranch } from '../../src/model';

describe('the next release version', () => {
  it.each([
    ['1.2.3', ReleaseBump.PATCH, '', '1.2.4'],
    ['1.2.3', ReleaseBump.MINOR, '', '1.3.0'],
    ['1.2.3', ReleaseBump.MAJOR, '', '2.0.0'],
    ['0.9.9', ReleaseBump.MAJOR, 'rc', '1.0.0'],
    ['1.2.3', ReleaseBump.PRERELEASE, 'rc', '1.2.4-rc.1'],
    ['1.2.4-rc.1', ReleaseBump.PRERELEASE, 'rc', '1.2.4-rc.2'],
    ['1.2.4-rc.2', ReleaseBump.PRERELEASE, 'beta', '1.2.4-beta.1'],
    ['1.2.3', ReleaseBump.PRERELEASE, '', '1.2.4-1'],
    ['1.2.4-1', ReleaseBump.PRERELEASE, '', '1.2.4-2'],
    ['1.2.4-rc.1', ReleaseBump.PATCH, '', '1.2.4'],
    ['1.2.4-rc.1', ReleaseBump.MINOR, '', '1.3.0'],
  ])('GIVEN %s WHEN bumped %s (identifier %j) THEN it is %s', (current, bump, preid, next) => {
    expect(nextReleaseVersion(current, bump, preid)).toBe(next);
  });

  it('GIVEN a current version that is not semver WHEN bumped THEN the error says so', () => {
    expect(() => nextReleaseVersion('1.2', ReleaseBump.PATCH)).toThrow(/the current version '1\.2' is not a semver version/);
  });

  it.each([
    ['rc', undefined],
    ['alpha.beta', undefined],
    ['', undefined],
    ['rc..1', /must be dot-separated/],
    ['rc 1', /must be dot-separated/],
    ['$(id)', /must be dot-separated/],
    ['rc.01', /leading zero/],
  ])('GIVEN the prerelease identifier %j WHEN checked THEN the problem is %s', (preid, problem) => {
    const found = prereleaseIdProblem(preid);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });

  it('GIVEN an umbrella tag WHEN the release PR is named THEN its branch is release/<tag> and its commit subject is fixed', () => {
    expect(releasePrBranch('tools-v1.2.3')).toBe('release/tools-v1.2.3');
    expect(releaseCommitMessage('v1.2.3')).toBe('release: v1.2.3');
  });
});
