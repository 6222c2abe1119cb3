import { describe, expect, it } from 'vitest';
import { channelName, npmDistTag } from '../../src/model';

/**
 * P11: `latest` (npm) and the `stable` updater channel only ever hold stable versions. A prerelease whose first
 * word spells one of them, in any case, must not land there.
 */
describe('prerelease words that spell a stable channel', () => {
  it.each(['2.0.0-latest.1', '2.0.0-Latest.1', '2.0.0-LATEST'])('GIVEN the prerelease %s WHEN its npm dist-tag is chosen THEN it is next, never latest', (v) => {
    expect(npmDistTag(v)).toBe('next');
  });

  it.each(['2.0.0-stable.1', '2.0.0-Stable.1', '2.0.0-STABLE'])('GIVEN the prerelease %s WHEN its channel is named THEN it is the prerelease channel, never stable', (v) => {
    expect(channelName(v)).toBe('prerelease');
  });

  it('GIVEN a stable version and ordinary prereleases WHEN named THEN stable, and the lower-cased word', () => {
    expect([channelName('2.0.0'), channelName('2.0.0-Beta.1'), channelName('2.0.0-1'), npmDistTag('2.0.0'), npmDistTag('2.0.0-RC.1')])
      .toEqual(['stable', 'beta', 'prerelease', 'latest', 'rc']);
  });
});
