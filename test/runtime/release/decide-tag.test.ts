import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { ReleaseTrigger } from '../../../src/model';
import { decideRelease } from '../../../src/runtime/release/decide';
import { git } from '../../support/fixtures';
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

  it('B8 GIVEN v2.2.0-nightly.1 pushed, a prerelease PyPI has no form for WHEN decided THEN it is refused before anything is built or published, saying what to do', async () => {
    const h = dioxide();
    const head = h.head();
    h.tag('v2.2.0-nightly.1', head);
    await expect(decideRelease(h.plan, tagPush('v2.2.0-nightly.1', head), h.clone().git))
      .rejects.toThrow(/^the pushed tag v2\.2\.0-nightly\.1 names 2\.2\.0-nightly\.1, but dioxide cannot carry 2\.2\.0-nightly\.1: .*PEP 440.*\. Nothing was published: delete the tag and tag a version every product can carry\.$/);
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

describe('tag-triggered releases: the checks name what is wrong and what to do (mutation survivors, issue 21)', () => {
  /** dioxide released by tag from main (any version) and from next (alpha prereleases only). */
  const withNext = () => ReleaseHistory.of('dioxide', {
    default: { releaseTrigger: ReleaseTrigger.TAG_PUSH, releaseBranches: [{ name: 'main' }, { name: 'next', prerelease: 'alpha' }] },
  });

  /** A commit on main whose Cargo.toml (the version source) has no package.version line, pushed. */
  function withoutVersion(h: ReleaseHistory): string {
    const file = path.join(h.dir, 'Cargo.toml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^version = "2\.1\.0"\n/m, ''));
    const sha = h.commit('chore: drop the version');
    h.push('main');
    return sha;
  }

  it('GIVEN a product tag pushed WHEN decided THEN the decision carries the version the manifests have', async () => {
    const h = dioxide();
    const squash = mergedBump(h, '2.2.0');
    h.tag('dioxide-v2.2.0', squash);
    await expect(decideRelease(h.plan, tagPush('dioxide-v2.2.0', squash), h.clone().git)).resolves.toMatchObject({ release: false, version: '2.2.0' });
  });

  it('GIVEN a product tag on a commit whose manifest has no version WHEN decided THEN nothing is released and the version is empty', async () => {
    const h = dioxide();
    const sha = withoutVersion(h);
    h.tag('dioxide-v9.9.9', sha);
    await expect(decideRelease(h.plan, tagPush('dioxide-v9.9.9', sha), h.clone().git)).resolves.toMatchObject({ release: false, version: '' });
  });

  it('GIVEN v2.2.0 tagged on a commit whose manifest has no version WHEN decided THEN it is refused saying the version is missing', async () => {
    const h = dioxide();
    const sha = withoutVersion(h);
    h.tag('v2.2.0', sha);
    await expect(decideRelease(h.plan, tagPush('v2.2.0', sha), h.clone().git)).rejects.toThrow(/where Cargo\.toml package\.version is 'missing', not 2\.2\.0/);
  });

  it('GIVEN a tag push whose tag the checkout does not have WHEN decided THEN it fails saying the checkout must fetch every tag', async () => {
    const h = dioxide();
    const squash = mergedBump(h, '2.2.0');
    await expect(decideRelease(h.plan, tagPush('v2.2.0', squash), h.clone().git)).rejects.toThrow(
      'the pushed tag v2.2.0 is not in the checkout; the plan job must check out with fetch-depth: 0, which fetches every tag.',
    );
  });

  it('GIVEN a stable v2.2.0 tagged on a commit only next holds WHEN decided THEN it is refused: next releases alphas only, and main does not hold it', async () => {
    const h = withNext();
    const onNext = h.branch('next').setVersion('default', '2.2.0').commit('chore: bump on next');
    h.push('next');
    h.tag('v2.2.0', onNext);
    await expect(decideRelease(h.plan, tagPush('v2.2.0', onNext), h.clone().git)).rejects.toThrow(
      `v2.2.0 points at ${onNext.slice(0, 12)}, which is on none of 'main'; a release is cut only from a commit of its release branch. ` +
        'Delete the tag (git push --delete origin v2.2.0) and tag a commit of main.',
    );
  });

  it('GIVEN an alpha tagged on a commit of neither branch WHEN decided THEN the refusal names both branches that could release it', async () => {
    const h = withNext();
    h.branch('next').push('next');
    const feature = h.branch('feature').setVersion('default', '2.2.0-alpha.1').commit('wip');
    h.push('feature');
    h.tag('v2.2.0-alpha.1', feature);
    await expect(decideRelease(h.plan, tagPush('v2.2.0-alpha.1', feature), h.clone().git)).rejects.toThrow(
      /which is on none of 'main', 'next'; .* and tag a commit of main\./,
    );
  });

  it('GIVEN the track releases only alphas from next WHEN a stable tag is pushed THEN it is refused naming each branch\'s channel', async () => {
    const h = ReleaseHistory.of('dioxide', { default: { releaseTrigger: ReleaseTrigger.TAG_PUSH, releaseBranches: [{ name: 'next', prerelease: 'alpha' }] } });
    const sha = h.branch('next').setVersion('default', '2.2.0').commit('chore: bump');
    h.push('next');
    h.tag('v2.2.0', sha);
    await expect(decideRelease(h.plan, tagPush('v2.2.0', sha), h.clone().git)).rejects.toThrow(
      "v2.2.0: no release branch of track default releases 2.2.0 ('next' releases alpha prereleases). Tag a version of one of these channels.",
    );
  });

  it('GIVEN the track releases alphas from next and betas from beta WHEN a stable tag is pushed THEN the refusal lists each branch with its channel', async () => {
    const h = ReleaseHistory.of('dioxide', { default: { releaseTrigger: ReleaseTrigger.TAG_PUSH, releaseBranches: [{ name: 'next', prerelease: 'alpha' }, { name: 'beta', prerelease: 'beta' }] } });
    const sha = h.branch('next').setVersion('default', '2.2.0').commit('chore: bump');
    h.push('next');
    h.tag('v2.2.0', sha);
    await expect(decideRelease(h.plan, tagPush('v2.2.0', sha), h.clone().git)).rejects.toThrow(
      "v2.2.0: no release branch of track default releases 2.2.0 ('next' releases alpha prereleases, 'beta' releases beta prereleases). Tag a version of one of these channels.",
    );
  });

  it('GIVEN a checkout with only the remote-tracking branch (a detached tag checkout) WHEN a tag push is decided THEN origin/main is the branch', async () => {
    const h = dioxide();
    const squash = mergedBump(h, '2.2.0');
    h.tag('v2.2.0', squash);
    const run = h.clone();
    git(run.dir, 'checkout', '-q', '--detach', 'v2.2.0');
    git(run.dir, 'branch', '-q', '-D', 'main');
    await expect(decideRelease(h.plan, tagPush('v2.2.0', squash), run.git)).resolves.toMatchObject({ release: true, commit: squash });
  });

  it('GIVEN a checkout with the local branch but no remote-tracking one WHEN a tag push is decided THEN the local main is the branch', async () => {
    const h = dioxide();
    const squash = mergedBump(h, '2.2.0');
    h.tag('v2.2.0', squash);
    const run = h.clone();
    git(run.dir, 'update-ref', '-d', 'refs/remotes/origin/main');
    await expect(decideRelease(h.plan, tagPush('v2.2.0', squash), run.git)).resolves.toMatchObject({ release: true, commit: squash });
  });

  it('GIVEN a checkout without the release branch at all WHEN a tag push is decided THEN it fails saying the checkout must fetch every branch', async () => {
    const h = dioxide();
    const squash = mergedBump(h, '2.2.0');
    h.tag('v2.2.0', squash);
    const run = h.clone();
    git(run.dir, 'checkout', '-q', '--detach', 'v2.2.0');
    git(run.dir, 'branch', '-q', '-D', 'main');
    git(run.dir, 'update-ref', '-d', 'refs/remotes/origin/main');
    await expect(decideRelease(h.plan, tagPush('v2.2.0', squash), run.git)).rejects.toThrow(
      'the release branch main is not in the checkout; the plan job must check out with fetch-depth: 0, which fetches every branch.',
    );
  });
});
