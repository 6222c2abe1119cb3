import { describe, expect, it } from 'vitest';
import { compareVersions, isComparableVersion } from '../../src/model';

/**
 * isComparableVersion guards compareVersions where a version comes from outside the repository (the updater channel
 * branch, which a person may edit by hand): only what compareVersions can order may reach it.
 */
describe('isComparableVersion: what compareVersions can order', () => {
  it.each(['1.2.3', '0.0.0', '1.2.3-beta.1', '1.2.3-rc.1+build.5', '10.20.30'])('GIVEN the semver version %s WHEN asked THEN it is comparable, and compareVersions orders it', (v) => {
    expect(isComparableVersion(v)).toBe(true);
    expect(compareVersions(v, v)).toBe(0);
  });

  it.each(['1.0', 'nightly', '', '1.2.3beta', '=1.2.3', '1.2.3.4', '01.2.3'])('GIVEN %j, which strict semver refuses WHEN asked THEN it is not comparable', (v) => {
    expect(isComparableVersion(v)).toBe(false);
  });
});
