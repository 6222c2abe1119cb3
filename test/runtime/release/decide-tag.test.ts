import { describe, expect, it } from 'vitest';
import { ReleaseTrigger } from '../../../src/model';
import { decideRelease } from '../../../src/runtime/release/decide';
import { ReleaseHistory } from '../../support/release-histories';

/** dioxide (seed 001) released by pushing `v*.*.*` tags; its fixture has v2.0.1 and v2.1.0 (at the head). */
const dioxide = () => ReleaseHistory.of('dioxide', { default: { releaseTrigger: ReleaseTrigger.TAG_PUSH } });

const tagPush = (tag: string, sha: string) => ({ event: 'push', ref: `refs/tags/${tag}`, sha, dryRun: false });
const branchPush = (sha: string) => ({ event: 'push', ref: 'refs/heads/main', sha, dryRun: false });

/** A bump of dioxide to `version` on a branch, squash-merged into main and pushed; returns the squash commit. */
function mergedBump(h: ReleaseHistory, version: string): string {
  h.branch(`release-${version}`).setVersion('default', version).commit(`chore: bump to ${version}`);
  h.checkout('main');
  const squash = h.squashMerge(`release-${version}`, `chore: release ${version} (#42)`);
  h.push('main');
  return squash;
}

describe('tag-triggered releases: the pushed tag is checked before anything is built', () => {
  it('GIVEN a squash-merged bump to 2.2.0 tagged v2.2.0 WHEN the tag push is decided THEN 2.2.0 is released from the tagged commit', async () => {
    const h = dioxide();
    const squash = mergedBump(h, '2.2.0');
    h.tag('v2.2.0', squash);
    const run = h.clone();
    const d = await decideRelease(h.plan, tagPush('v2.2.0', squash), run.git);
    expect(d).toMatchObject({ release: true, version: '2.2.0', commit: squash });
    expect(d.reason).toMatch(/tag v2\.2\.0 pushed at .* on main/);
  });

  it('GIVEN the merged bump WHEN its push to main is decided THEN nothing is released yet: the tag starts the release', async () => {
    const h = dioxide();
    const squash = mergedBump(h, '2.2.0');
    const d = await decideRelease(h.plan, branchPush(squash), h.clone().git);
    expect(d.release).toBe(false);
    expect(d.reason).toMatch(/2\.2\.0 is released when its tag v2\.2\.0 is pushed/);
  });

  it('GIVEN v2.2.0 tagged on a commit whose manifests still carry 2.1.0 WHEN decided THEN it is refused naming the file, the version and the fix', async () => {
    const h = dioxide();
    const before = h.commit('docs: a typo (#41)');
    h.push('main');
    h.tag('v2.2.0', before);
    await expect(decideRelease(h.plan, tagPush('v2.2.0', before), h.clone().git))
      .rejects.toThrow(/v2\.2\.0 points at \w{12}, where Cargo\.toml package\.version is '2\.1\.0', not 2\.2\.0\. Bump every manifest to 2\.2\.0 .*git push --delete origin v2\.2\.0/);
  });

  it('GIVEN v2.2.0 tagged on a branch that was never merged WHEN decided THEN it is refused: a release is cut only from the release branch', async () => {
    const h = dioxide();
    const feature = h.branch('feature').setVersion('default', '2.2.0').commit('wip: bump on a branch');
    h.push('feature');
    h.tag('v2.2.0', feature);
    await expect(decideRelease(h.plan, tagPush('v2.2.0', feature), h.clone().git)).rejects.toThrow(/v2\.2\.0 points at \w{12}, which is on none of 'main'; a release is cut only from a commit of its release branch/);
  });

  it('GIVEN a product tag pushed by a release run (dioxide-v2.2.0) WHEN its push is decided THEN it releases nothing', async () => {
    const h = dioxide();
    const squash = mergedBump(h, '2.2.0');
    h.tag('v2.2.0', squash).tag('dioxide-v2.2.0', squash);
    const d = await decideRelease(h.plan, tagPush('dioxide-v2.2.0', squash), h.clone().git);
    expect(d.release).toBe(false);
    expect(d.reason).toMatch(/dioxide-v2\.2\.0 is not the umbrella tag of a track released by tag/);
  });

  it('GIVEN v2.1.0 is released WHEN v2.0.5 is tagged on a later commit carrying 2.0.5 THEN versions only move forward', async () => {
    const h = dioxide();
    const back = mergedBump(h, '2.0.5');
    h.tag('v2.0.5', back);
    await expect(decideRelease(h.plan, tagPush('v2.0.5', back), h.clone().git)).rejects.toThrow(/2\.0\.5 is lower than 2\.1\.0, the highest released version \(v2\.1\.0\)/);
  });

  it('GIVEN a released tag WHEN its run is re-run THEN it is decided again the same way (the registries say what is left)', async () => {
    const h = dioxide();
    const squash = mergedBump(h, '2.2.0');
    h.tag('v2.2.0', squash).tag('dioxide-v2.2.0', squash);
    await expect(decideRelease(h.plan, tagPush('v2.2.0', squash), h.clone().git)).resolves.toMatchObject({ release: true, commit: squash });
  });
});
