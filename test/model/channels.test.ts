import { describe, expect, it } from 'vitest';
import { ReleasePlan, TrackPlan, branchReleaseProblem, releaseChannel, tagTriggeredRelease, umbrellaTagPattern } from '../../src/model';
import { githubFilterMatches as githubMatches } from '../support/github-filters';

function track(name: string, extra: Partial<TrackPlan> = {}): TrackPlan {
  return {
    name,
    umbrellaTagPrefix: name === 'platform' ? 'v' : `${name}-v`,
    products: [],
    publishWaves: [],
    sites: [],
    lockfiles: [],
    manifests: [],
    trigger: 'release-pr',
    branches: [{ name: 'main' }],
    testPypiPrereleases: [],
    ...extra,
  };
}
const plan = (...tracks: TrackPlan[]): ReleasePlan => ({ schemaVersion: 1, generator: { name: 'x', version: '0' }, planFile: 'p.json', releaseBranch: 'main', excluded: [], tracks });


describe('release channels', () => {
  it('GIVEN dioxide\'s rule (alpha and beta to TestPyPI) WHEN versions are routed THEN alpha and beta go to TestPyPI, rc and stable to PyPI, each with its npm dist-tag', () => {
    const t = track('platform', { testPypiPrereleases: ['alpha', 'beta'] });
    expect(releaseChannel(t, '0.0.1-alpha')).toEqual({ name: 'alpha', prerelease: true, npmDistTag: 'alpha', pythonIndex: 'testpypi' });
    expect(releaseChannel(t, '1.0.0-Beta.2')).toMatchObject({ name: 'beta', pythonIndex: 'testpypi' });
    expect(releaseChannel(t, '1.0.0-rc.1')).toMatchObject({ name: 'rc', npmDistTag: 'rc', pythonIndex: 'pypi' });
    expect(releaseChannel(t, '1.0.0')).toEqual({ name: 'stable', prerelease: false, npmDistTag: 'latest', pythonIndex: 'pypi' });
  });

  it('GIVEN StarStats\' tray track WHEN a branch releases a version THEN next carries only alphas and main carries anything', () => {
    const tray = track('tray', { branches: [{ name: 'main' }, { name: 'next', prerelease: 'alpha' }] });
    const p = plan(track('platform'), tray);
    expect(branchReleaseProblem(p, tray, 'next', '1.9.0-alpha.3')).toBeUndefined();
    expect(branchReleaseProblem(p, tray, 'main', '1.9.0-beta.1')).toBeUndefined();
    expect(branchReleaseProblem(p, tray, 'main', '1.9.0')).toBeUndefined();
    expect(branchReleaseProblem(p, tray, 'next', '1.9.0')).toMatch(/'next' releases only alpha prereleases of track tray \(such as 1\.2\.0-alpha\.1\), not 1\.9\.0/);
    expect(branchReleaseProblem(p, tray, 'feature/x', '1.9.0')).toMatch(/track tray releases from 'main', 'next', not from 'feature\/x'/);
  });

  it('GIVEN a plan file from before release branches WHEN a branch is checked THEN the release branch is the one branch', () => {
    const old = { ...track('platform'), branches: undefined } as unknown as TrackPlan;
    expect(branchReleaseProblem(plan(old), old, 'main', '1.0.0')).toBeUndefined();
    expect(branchReleaseProblem(plan(old), old, 'next', '1.0.0')).toMatch(/releases from 'main'/);
  });

  it('GIVEN the platform (v) and tray (tray-v) umbrella patterns WHEN GitHub matches tags THEN each matches only its own track\'s versions', () => {
    const platform = umbrellaTagPattern(track('platform'));
    const tray = umbrellaTagPattern(track('tray'));
    expect(platform).toBe('v[0-9]*.[0-9]*.[0-9]*');
    expect(['v1.2.0', 'v1.2.0-alpha.3', 'v0.0.1-alpha'].every((t) => githubMatches(platform, t))).toBe(true);
    expect(['tray-v1.2.0', 'vendor-1.0.0', 'v1.2', 'release/v1.2.0'].some((t) => githubMatches(platform, t))).toBe(false);
    expect(githubMatches(tray, 'tray-v1.2.0-alpha.3')).toBe(true);
    expect(githubMatches(tray, 'v1.2.0')).toBe(false);
  });

  it('GIVEN a pushed tag WHEN its track is looked up THEN only a tag-triggered track\'s exact umbrella tag names a release', () => {
    const tray = track('tray', { trigger: 'tag-push' });
    const p = plan(track('platform'), tray);
    expect(tagTriggeredRelease(p, 'tray-v1.2.0-alpha.3')).toEqual({ track: tray, version: '1.2.0-alpha.3' });
    expect(tagTriggeredRelease(p, 'v1.2.0')).toBeUndefined();
    expect(tagTriggeredRelease(p, 'tray-v1.2')).toBeUndefined();
    expect(tagTriggeredRelease(p, 'tray-v01.2.0')).toBeUndefined();
  });
});
