import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { PlanOptions, Product } from '../../../src/model';
import { main } from '../../../src/runtime/main';
import { decideRelease } from '../../../src/runtime/release/decide';
import { git, tempDir } from '../../support/fixtures';
import { ReleaseHistory } from '../../support/release-histories';
import { readStepOutputs } from '../../support/runner-view';

/** Two tracks shaped like StarStats: a platform workspace (inherited version) and a tray crate with its own. */
const FILES = {
  'Cargo.toml': '[workspace]\nresolver = "2"\nmembers = ["crates/core", "crates/server", "crates/tray"]\n\n[workspace.package]\nversion = "0.1.2"\n',
  'crates/core/Cargo.toml': '[package]\nname = "starstats-core"\nversion.workspace = true\npublish = false\n',
  'crates/server/Cargo.toml': '[package]\nname = "starstats-server"\nversion.workspace = true\npublish = false\n\n[dependencies]\nstarstats-core = { path = "../core" }\n',
  'crates/tray/Cargo.toml': '[package]\nname = "starstats-client"\nversion = "0.1.2"\n\n[dependencies]\nstarstats-core = { path = "../core" }\n',
};

function tracks(trayBranches = [{ name: 'main' }, { name: 'next', prerelease: 'alpha' }]): PlanOptions {
  return {
    tracks: [
      { name: 'platform', products: [Product.rustCrate({ path: 'crates/core', githubRelease: false }), Product.rustCrate({ path: 'crates/server', githubRelease: false })] },
      { name: 'tray', products: [Product.rustCrate({ path: 'crates/tray', publish: false })], releaseBranches: trayBranches },
    ],
  };
}

function released(): ReleaseHistory {
  const h = ReleaseHistory.ofFiles(FILES, tracks());
  return h.tag('v0.1.2').tag('tray-v0.1.2');
}

const push = (branch: string, sha: string) => ({ event: 'push', ref: `refs/heads/${branch}`, sha, dryRun: false });
const dispatch = (branch: string, sha: string, track: string, version: string) => ({ event: 'workflow_dispatch', ref: `refs/heads/${branch}`, sha, track, version, dryRun: false });

describe('tracks: one merge that sets two tracks releases both; branches release their channel', () => {
  it('GIVEN one squash merge that sets the platform and the tray to 0.2.0 WHEN pushed THEN this run releases the platform and the tray starts its own run', async () => {
    const h = released();
    h.branch('bump').setVersion('platform', '0.2.0').setVersion('tray', '0.2.0').commit('chore: bump both');
    h.checkout('main');
    const squash = h.squashMerge('bump', 'chore: bump platform and tray to 0.2.0 (#91)');
    h.push('main');
    const d = await decideRelease(h.plan, push('main', squash), h.clone().git);
    expect(d).toMatchObject({ release: true, version: '0.2.0', commit: squash, track: { name: 'platform' } });
    expect(d.others).toEqual([{ track: 'tray', version: '0.2.0', branch: 'main' }]);
    // The tray's own run, dispatched with its track and version on main, releases the same commit.
    await expect(decideRelease(h.plan, dispatch('main', squash, 'tray', '0.2.0'), h.clone().git)).resolves.toMatchObject({ release: true, commit: squash, track: { name: 'tray' } });
  });

  it('GIVEN that push WHEN the plan job runs THEN its dispatch output lists the tray release for dispatch-tracks', async () => {
    const h = released();
    h.setVersion('platform', '0.2.0').setVersion('tray', '0.2.0');
    const sha = h.commit('chore: bump platform and tray (#91)');
    h.push('main');
    const outputs = path.join(tempDir(), 'output');
    fs.writeFileSync(outputs, '');
    let err = '';
    const code = await main(['release-plan', '--event', 'push', '--ref', 'refs/heads/main', '--sha', sha, '--track', ''], {
      cwd: h.dir, env: { ...process.env, GITHUB_OUTPUT: outputs, GITHUB_STEP_SUMMARY: '' }, stdout: () => undefined, stderr: (t) => (err += t),
    });
    expect(err).toBe('');
    expect(code).toBe(0);
    const out = readStepOutputs(outputs);
    expect(out).toMatchObject({ release: 'true', version: '0.2.0' });
    expect(JSON.parse(out.dispatch)).toEqual([{ track: 'tray', version: '0.2.0', branch: 'main' }]);
  });

  it('GIVEN the tray releases alphas from next WHEN a push to next sets 0.2.0-alpha.1 THEN the alpha is released from next', async () => {
    const h = released();
    h.branch('next');
    const alpha = h.setVersion('tray', '0.2.0-alpha.1').commit('chore: bump tray to 0.2.0-alpha.1');
    h.push('next');
    await expect(decideRelease(h.plan, push('next', alpha), h.clone().git)).resolves.toMatchObject({ release: true, version: '0.2.0-alpha.1', track: { name: 'tray' } });
  });

  it('GIVEN next carries only alphas WHEN a push to next sets the stable 0.2.0 THEN it is refused naming the channel', async () => {
    const h = released();
    h.branch('next');
    const stable = h.setVersion('tray', '0.2.0').commit('chore: bump tray to 0.2.0');
    h.push('next');
    await expect(decideRelease(h.plan, push('next', stable), h.clone().git)).rejects.toThrow(/this push sets 0\.2\.0, but 'next' releases only alpha prereleases of track tray/);
  });

  it('GIVEN the platform releases only from main WHEN its version is dispatched on next THEN it is refused naming the branches', async () => {
    const h = released();
    h.branch('next').setVersion('platform', '0.2.0-alpha.1');
    const sha = h.commit('chore: platform alpha');
    h.push('next');
    await expect(decideRelease(h.plan, dispatch('next', sha, 'platform', '0.2.0-alpha.1'), h.clone().git)).rejects.toThrow(/input version: track platform releases from 'main', not from 'next'/);
  });

  it('GIVEN a push to a branch no track releases from WHEN decided THEN it fails naming the release branches', async () => {
    const h = released();
    const sha = h.branch('feature').commit('wip');
    await expect(decideRelease(h.plan, push('feature', sha), h.git)).rejects.toThrow(/releases run only from the release branches 'main', 'next', but this run is on 'refs\/heads\/feature'/);
  });
  it('GIVEN a push that sets only the tray WHEN pushed THEN the tray is released and nothing else is dispatched', async () => {
    const h = released();
    const sha = h.setVersion('tray', '0.2.0').commit('chore: bump tray (#92)');
    h.push('main');
    const d = await decideRelease(h.plan, push('main', sha), h.clone().git);
    expect(d).toMatchObject({ release: true, version: '0.2.0', commit: sha, track: { name: 'tray' } });
    expect(d.others).toEqual([]);
  });

  it('GIVEN a push that sets no new version of either track WHEN pushed THEN nothing is released and the reason names both tracks', async () => {
    const h = released();
    const sha = h.write('README.md', 'docs\n').commit('docs (#93)');
    h.push('main');
    const d = await decideRelease(h.plan, push('main', sha), h.clone().git);
    expect(d).toMatchObject({ release: false, version: '0.1.2', commit: sha, track: { name: 'platform' } });
    const at = git(h.dir, 'rev-parse', 'v0.1.2^{commit}').trim().slice(0, 12);
    expect(d.reason).toBe(`nothing to release: track platform: 0.1.2 is already released (v0.1.2 at ${at}); track tray: 0.1.2 is already released (tray-v0.1.2 at ${at})`);
  });

  it('GIVEN the platform releases only from main WHEN a push to next sets a tray alpha and carries an unreleased platform version THEN only the tray is released: next is no platform branch', async () => {
    const h = released();
    h.branch('next');
    const sha = h.setVersion('platform', '0.2.0-alpha.1').setVersion('tray', '0.2.0-alpha.1').commit('chore: bump both on next');
    h.push('next');
    const d = await decideRelease(h.plan, push('next', sha), h.clone().git);
    expect(d).toMatchObject({ release: true, version: '0.2.0-alpha.1', commit: sha, track: { name: 'tray' } });
    expect(d.others).toEqual([]);
  });

  it('T7 GIVEN another tag whose prefix is as long as the tray\'s (desk-v9.0.0) WHEN the tray\'s 0.2.0 is pushed THEN it is released: only tray- tags are tray releases', async () => {
    const h = released().tag('desk-v9.0.0');
    const sha = h.setVersion('tray', '0.2.0').commit('chore: bump tray (#94)');
    h.push('main');
    await expect(decideRelease(h.plan, push('main', sha), h.clone().git)).resolves.toMatchObject({ release: true, version: '0.2.0', track: { name: 'tray' } });
  });

  it('GIVEN a push to next that releases nothing, where the platform (first track, not released from next) has no version WHEN decided THEN the version is empty', async () => {
    const h = released();
    h.branch('next').write('Cargo.toml', FILES['Cargo.toml'].replace('version = "0.1.2"\n', ''));
    const sha = h.commit('chore: the platform version moves elsewhere');
    h.push('next');
    const d = await decideRelease(h.plan, push('next', sha), h.clone().git);
    expect(d).toMatchObject({ release: false, version: '', track: { name: 'platform' } });
    expect(d.reason).toMatch(/track tray: 0\.1\.2 is already released/);
  });
});
