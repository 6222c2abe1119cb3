import { describe, expect, it } from 'vitest';
import { KeyPath, MemoryRepoReader, TrackPlan } from '../../../src/model';
import { currentVersion } from '../../../src/runtime/bump/current-version';

/** A track whose version source is `keyPath` in `file` (or that has none). */
function trackWithSource(source?: { file: string; keyPath: KeyPath }): TrackPlan {
  return {
    name: 'engine',
    umbrellaTagPrefix: 'v',
    versionSource: source,
    products: [],
    publishWaves: [],
    sites: [],
    lockfiles: [],
    manifests: [],
    trigger: 'release-pr',
    branches: [{ name: 'main' }],
    testPypiPrereleases: [],
  };
}

const CARGO = '[package]\nname = "quill-engine"\n\nversion = "0.3.0"\n';

describe('the current version of a track (B4)', () => {
  it('GIVEN a Cargo.toml version source WHEN read THEN the version, its file, line and key path are given, and it is valid', () => {
    const track = trackWithSource({ file: 'engine/Cargo.toml', keyPath: ['package', 'version'] });
    expect(currentVersion(track, new MemoryRepoReader({ 'engine/Cargo.toml': CARGO }))).toEqual({
      file: 'engine/Cargo.toml',
      line: 4,
      keyPath: 'package.version',
      value: '0.3.0',
      valid: true,
    });
  });

  it('GIVEN a package.json version source WHEN read THEN it is parsed as JSON, not TOML', () => {
    const track = trackWithSource({ file: 'app/package.json', keyPath: ['version'] });
    const text = '{\n  "name": "@q/app",\n  "version": "1.2.0-rc.1"\n}\n';
    expect(currentVersion(track, new MemoryRepoReader({ 'app/package.json': text }))).toEqual({
      file: 'app/package.json',
      line: 3,
      keyPath: 'version',
      value: '1.2.0-rc.1',
      valid: true,
    });
  });

  it('GIVEN a version that is no semver release version WHEN read THEN it is returned, marked not valid', () => {
    const track = trackWithSource({ file: 'Cargo.toml', keyPath: ['package', 'version'] });
    expect(currentVersion(track, new MemoryRepoReader({ 'Cargo.toml': '[package]\nversion = "1.2"\n' }))).toMatchObject({ value: '1.2', valid: false });
  });

  it('GIVEN a track without a version source WHEN read THEN the problem names the track and says no product carries a version', () => {
    expect(currentVersion(trackWithSource(), new MemoryRepoReader({}))).toEqual({ file: 'engine', reason: "track 'engine' has no product that carries a version." });
  });

  it('GIVEN a version source that no longer exists WHEN read THEN the problem names the file and says to regenerate the plan', () => {
    const track = trackWithSource({ file: 'engine/Cargo.toml', keyPath: ['package', 'version'] });
    expect(currentVersion(track, new MemoryRepoReader({}))).toEqual({
      file: 'engine/Cargo.toml',
      reason: 'is the version source of the release plan but does not exist; run `npx projen`.',
    });
  });

  it('GIVEN a version source without a string at its key path WHEN read THEN the problem names the file, the key path and the fix', () => {
    const track = trackWithSource({ file: 'Cargo.toml', keyPath: ['package', 'version'] });
    // A version that is not a string has no span: no line is claimed for it.
    expect(currentVersion(track, new MemoryRepoReader({ 'Cargo.toml': '[package]\nversion = 3\n' }))).toEqual({
      file: 'Cargo.toml',
      line: undefined,
      reason: 'has no version at package.version; run `npx projen` to regenerate the plan.',
    });
    expect(currentVersion(track, new MemoryRepoReader({ 'Cargo.toml': '[package]\nname = "x"\n' }))).toMatchObject({ reason: expect.stringMatching(/^has no version at package\.version;/) });
  });

  it('GIVEN a version source that is no longer valid TOML WHEN read THEN the problem names the file and the line', () => {
    const track = trackWithSource({ file: 'Cargo.toml', keyPath: ['package', 'version'] });
    expect(currentVersion(track, new MemoryRepoReader({ 'Cargo.toml': '[package]\nname = "x"\nversion = = "0.3.0"\n' }))).toEqual({
      file: 'Cargo.toml',
      line: 3,
      reason: expect.stringMatching(/^invalid TOML/),
    });
  });
});
