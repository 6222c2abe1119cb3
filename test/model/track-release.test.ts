import { describe, expect, it } from 'vitest';
import { MemoryRepoReader, Product, ReleasePlan, ReleaseTrigger, buildPlan, planConfigOf, planProblems } from '../../src/model';

const KEEP_A_CHANGELOG = '# Changelog\n\n## [Unreleased]\n\n## [1.0.0] - 2025-01-26\n\n### Added\n- first\n';

/** A repository shaped like StarStats: a platform workspace and a tray crate with its own version. */
const files = {
  'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n\n[workspace.package]\nversion = "1.8.4"\n',
  'crates/core/Cargo.toml': '[package]\nname = "core"\nversion.workspace = true\n',
  'crates/tray/Cargo.toml': '[package]\nname = "tray"\nversion = "1.9.0"\n\n[dependencies]\ncore = { path = "../core" }\n',
  'py/Cargo.toml': '[package]\nname = "dx"\nversion = "2.1.0"\n[lib]\ncrate-type = ["cdylib"]\n',
  'py/pyproject.toml': '[build-system]\nbuild-backend = "maturin"\n[project]\nname = "dx"\ndynamic = ["version"]\n',
  'py/CHANGELOG.md': KEEP_A_CHANGELOG,
  'CHANGELOG.md': KEEP_A_CHANGELOG,
  'NOTES.md': '# Notes\n\nNothing in Keep a Changelog form.\n',
};
const repo = new MemoryRepoReader(files);
const tracks = () => [
  { name: 'platform', products: [Product.rustCrate({ path: 'crates/core' })] },
  { name: 'tray', products: [Product.rustCrate({ path: 'crates/tray' })] },
  { name: 'py', products: [Product.maturin({ path: 'py' })] },
];
const plan = (options: Parameters<typeof planConfigOf>[0]): ReleasePlan => buildPlan(planConfigOf(options, repo, '0.0.0'), repo);

describe('how a track releases: trigger, branches, channels, changelog', () => {
  it('GIVEN no release options WHEN planned THEN each track releases by release PR from the release branch, PyPI only', () => {
    const p = plan({ tracks: tracks(), releaseBranch: 'trunk' });
    expect(p.tracks.map((t) => [t.trigger, t.branches, t.testPypiPrereleases])).toEqual([
      ['release-pr', [{ name: 'trunk' }], []],
      ['release-pr', [{ name: 'trunk' }], []],
      ['release-pr', [{ name: 'trunk' }], []],
    ]);
  });

  it('GIVEN StarStats\' branch model WHEN planned THEN the tray track releases from main and alphas from next, and the platform track by tag', () => {
    const [platform, tray, py] = tracks();
    const p = plan({
      tracks: [
        { ...platform, releaseTrigger: ReleaseTrigger.TAG_PUSH },
        { ...tray, releaseBranches: [{ name: 'main' }, { name: 'next', prerelease: 'Alpha' }] },
        py,
      ],
    });
    expect(p.tracks[0].trigger).toBe('tag-push');
    expect(p.tracks[1].branches).toEqual([{ name: 'main' }, { name: 'next', prerelease: 'alpha' }]);
  });

  it('GIVEN dioxide\'s TestPyPI rule WHEN planned THEN the Python track sends alpha and beta to TestPyPI', () => {
    const p = plan({ products: [Product.maturin({ path: 'py' })], excludeManifests: ['Cargo.toml', 'crates'], testPypiPrereleases: ['beta', 'alpha'] });
    expect(p.tracks[0].testPypiPrereleases).toEqual(['alpha', 'beta']);
  });

  it.each([
    [{ releaseTrigger: 'on-tag' as ReleaseTrigger }, /tracks\[1\]\.releaseTrigger: 'on-tag' is not a ReleaseTrigger; use 'release-pr' or 'tag-push'/],
    [{ releaseBranches: [] }, /tracks\[1\]\.releaseBranches: give at least one branch/],
    [{ releaseBranches: [{ name: 'main' }, { name: 'main' }] }, /tracks\[1\]\.releaseBranches\[1\]\.name: 'main' is listed twice/],
    [{ releaseBranches: [{ name: 'a..b' }] }, /tracks\[1\]\.releaseBranches\[0\]\.name: 'a\.\.b' is not a usable branch name/],
    [{ releaseBranches: [{ name: 'next', prerelease: 'alpha.1' }] }, /tracks\[1\]\.releaseBranches\[0\]\.prerelease: 'alpha\.1' is not a prerelease identifier/],
    [{ testPypiPrereleases: ['1'] }, /tracks\[1\]\.testPypiPrereleases: '1' is not a prerelease identifier/],
    [{ changelog: '../CHANGELOG.md' }, /tracks\[1\]\.changelog: '\.\.\/CHANGELOG\.md' must be a file path inside the repository/],
  ])('GIVEN track options %j WHEN configured THEN they are refused naming the option', (options, message) => {
    const [platform, tray, py] = tracks();
    expect(() => plan({ tracks: [platform, { ...tray, ...options }, py] })).toThrow(message);
  });

  it('GIVEN TestPyPI prereleases on a track without a Python package WHEN planned THEN the option is refused as meaningless', () => {
    const [platform, tray, py] = tracks();
    expect(() => plan({ tracks: [platform, { ...tray, testPypiPrereleases: ['alpha'] }, py] }))
      .toThrow(/tracks\[1\]\.testPypiPrereleases: track 'tray' publishes nothing to PyPI, so no prerelease can go to TestPyPI; remove the option/);
  });

  it('GIVEN release options at the top level and tracks WHEN configured THEN they are refused: they belong to a track', () => {
    expect(() => planConfigOf({ tracks: tracks(), releaseTrigger: ReleaseTrigger.TAG_PUSH }, repo, '0.0.0')).toThrow(/releaseTrigger: with `tracks`, set `releaseTrigger` on each track instead/);
  });

  it('GIVEN a changelog option WHEN the file is missing or not Keep a Changelog THEN it is refused naming the option and the fix', () => {
    const [platform, tray, py] = tracks();
    expect(() => plan({ tracks: [platform, { ...tray, changelog: 'crates/tray/CHANGELOG.md' }, py] })).toThrow(/tracks\[1\]\.changelog: 'crates\/tray\/CHANGELOG\.md' does not exist/);
    expect(() => plan({ tracks: [platform, { ...tray, changelog: 'NOTES.md' }, py] })).toThrow(/tracks\[1\]\.changelog: 'NOTES\.md' has no '## \[Unreleased\]' or '## \[X\.Y\.Z\]' heading/);
  });

  it('GIVEN Keep a Changelog files WHEN planned THEN a product finds its own, one track takes the root one, and several tracks take only what they name', () => {
    const one = plan({ products: [Product.maturin({ path: 'py' })], excludeManifests: ['Cargo.toml', 'crates'] });
    expect(one.tracks[0].changelog).toBe('CHANGELOG.md');
    expect(one.tracks[0].products[0].changelog).toBe('py/CHANGELOG.md');
    const several = plan({ tracks: tracks() });
    expect(several.tracks.map((t) => t.changelog)).toEqual([undefined, undefined, undefined]);
    const named = plan({ tracks: [tracks()[0], { ...tracks()[1], changelog: 'CHANGELOG.md' }, tracks()[2]] });
    expect(named.tracks[1].changelog).toBe('CHANGELOG.md');
  });

  it('GIVEN a plan file edited to name a branch or changelog no release may use WHEN loaded THEN the problems name where they are', () => {
    const p = plan({ tracks: tracks() });
    const edited = { ...p, tracks: [{ ...p.tracks[0], branches: [{ name: '--upload-pack=x' }], changelog: '/etc/passwd' }, ...p.tracks.slice(1)] };
    expect(planProblems(edited).join('\n')).toMatch(/tracks\[0\]\.branches\[0\]\.name "--upload-pack=x" is not a usable branch name[\s\S]*tracks\[0\]\.changelog "\/etc\/passwd"/);
  });
});
