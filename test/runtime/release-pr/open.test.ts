import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { ReleaseRepo, exampleReleaseRepo, ghState, lockstepIn } from './support';
import { loadPlan } from '../../../src/runtime';
import { releasePrBody } from '../../../src/runtime/release-pr/body';
import { openReleasePr } from '../../../src/runtime/release-pr/open';
import { GitRepo } from '../../../src/runtime/release-pr/tools';
import { git } from '../../support/fixtures';

/** The example with a released v0.3.0, two commits since, and the 0.4.0 release branch pushed. */
async function releasedOnce(): Promise<ReleaseRepo> {
  const repo = exampleReleaseRepo();
  git(repo.dir, 'commit', '-q', '--allow-empty', '-m', 'chore: before the last release');
  git(repo.dir, 'tag', '-a', 'v0.3.0', '-m', 'v0.3.0');
  git(repo.dir, 'tag', 'v0.2.0', 'HEAD~1');
  for (const subject of ['feat: add <script> tag support for @everyone', 'fix: off by one']) git(repo.dir, 'commit', '-q', '--allow-empty', '-m', subject);
  git(repo.dir, 'push', '-q', '--follow-tags', 'origin', 'main');
  expect((await lockstepIn(repo, 'release-pr', 'commit', '--version', '0.4.0')).code).toBe(0);
  return repo;
}

describe('lockstep release-pr open', () => {
  it('GIVEN a pushed release branch WHEN opened THEN one PR from release/v0.4.0 into main is created with the generated description', async () => {
    const repo = await releasedOnce();

    const r = await lockstepIn(repo, 'release-pr', 'open', '--version', '0.4.0');

    expect(r.stdout).toBe('release PR created: https://github.com/acme/quill/pull/1\n');
    const [pr] = ghState(repo).prs;
    expect(pr).toMatchObject({ head: 'release/v0.4.0', base: 'main', title: 'Release v0.4.0', state: 'open' });
    const changes = pr.body.split('### Changes since `v0.3.0`')[1].split('###')[0];
    expect(changes.trim().split('\n').map((l) => l.replace(/^- [0-9a-f]+ /, ''))).toEqual(['fix: off by one', 'feat: add &lt;script&gt; tag support for @\u200beveryone']);
    expect(pr.body).toContain('### Files changed (16)\n\n- `Cargo.lock`\n- `Cargo.toml`\n');
    expect(pr.body).toContain('- `sdk/python/pyproject.toml`');
    expect(pr.body).toMatch(/starts `release\.yml`\. It releases because the manifests carry 0\.4\.0 and no tag of it exists yet; the commit message plays no part/);
    expect(pr.body).toMatch(/one approval in the `release` environment/);
    expect(pr.body).toMatch(/tags the merge commit: `v0\.4\.0`, `quill-v0\.4\.0`, .*`sdk\/go\/v0\.4\.0`/);
    expect(pr.body).toContain('   1. quill, sdk-go\n   2. quill-ffi, quill-ask, quill-py, quill-node, quill-wasm, quill-desktop\n   3. quill-mcp, quill-notes');
    expect(ghState(repo).calls.every((c) => c.token === 'fake-token')).toBe(true);
  });

  it('GIVEN the release PR is open WHEN the same version is dispatched again THEN the same branch and PR are updated, not duplicated', async () => {
    const repo = await releasedOnce();
    await lockstepIn(repo, 'release-pr', 'open', '--version', '0.4.0');
    git(repo.dir, 'checkout', '-q', 'main');
    git(repo.dir, 'commit', '-q', '--allow-empty', '-m', 'fix: late fix');
    git(repo.dir, 'push', '-q', 'origin', 'main');

    const commit = await lockstepIn(repo, 'release-pr', 'commit', '--version', '0.4.0');
    const open = await lockstepIn(repo, 'release-pr', 'open', '--version', '0.4.0');

    expect(commit.stdout).toMatch(/^branch release\/v0\.4\.0 updated/);
    expect(open.stdout).toBe('release PR updated: https://github.com/acme/quill/pull/1\n');
    const state = ghState(repo);
    expect(state.prs).toHaveLength(1);
    expect(state.prs[0].body).toMatch(/- [0-9a-f]+ fix: late fix\n/);
    expect(state.calls.filter((c) => c.args[1] === 'create')).toHaveLength(1);
    expect(state.calls.filter((c) => c.args[1] === 'edit').map((c) => c.args.slice(0, 3))).toEqual([['pr', 'edit', '1']]);
  });

  it('GIVEN no earlier release tag WHEN opened THEN the description says so and lists the history', async () => {
    const repo = exampleReleaseRepo();
    await lockstepIn(repo, 'release-pr', 'commit', '--version', '0.4.0');
    await lockstepIn(repo, 'release-pr', 'open', '--version', '0.4.0');
    expect(ghState(repo).prs[0].body).toMatch(/### Changes since the beginning \(no earlier release tag\)\n\n- [0-9a-f]+ initial\n/);
  });

  it('GIVEN the release branch was never pushed WHEN opened THEN it says to run commit first', async () => {
    const r = await lockstepIn(exampleReleaseRepo(), 'release-pr', 'open', '--version', '0.4.0');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/origin has no branch release\/v0\.4\.0; run `lockstep release-pr commit --version 0\.4\.0` first/);
  });

  it('GIVEN Actions may not create pull requests WHEN opened THEN the error names the setting to enable', async () => {
    const repo = await releasedOnce();
    const state = JSON.parse(fs.readFileSync(repo.ghState, 'utf8'));
    fs.writeFileSync(repo.ghState, JSON.stringify({ ...state, failCreate: 'pull request create failed: GraphQL: GitHub Actions is not permitted to create or approve pull requests (createPullRequest)' }));
    const r = await lockstepIn(repo, 'release-pr', 'open', '--version', '0.4.0');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/gh pr create failed \(exit 1\): .* Enable "Allow GitHub Actions to create and approve pull requests"/);
  });

  it('GIVEN two open PRs from the release branch WHEN opened THEN it refuses to guess which to update', async () => {
    const repo = await releasedOnce();
    const prs = [1, 2].map((n) => ({ number: n, url: `u${n}`, head: 'release/v0.4.0', base: 'main', title: 't', body: 'b', state: 'open' }));
    const fake = (args: readonly string[]) => ({ code: 0, stdout: args[1] === 'list' ? JSON.stringify(prs) : '', stderr: '' });
    expect(() => openReleasePr(loadPlan(repo.dir), { version: '0.4.0' }, { git: new GitRepo(repo.dir, repo.env), gh: fake, remote: 'origin' })).toThrow(
      /2 open pull requests have the head release\/v0\.4\.0 \(u1, u2\); close all but one/,
    );
  });
});

describe('the release PR description', () => {
  it('B8: GIVEN a prerelease WHEN described THEN it says which PEP 440 version Python carries and which npm dist-tag is used', () => {
    const plan = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../examples/polyglot/.lockstep/release-plan.json'), 'utf8'));
    const body = releasePrBody({ track: plan.tracks[0], releaseBranch: 'main', version: '0.4.0-rc.1', umbrellaTag: 'v0.4.0-rc.1', changes: [], moreChanges: 0, files: [] });
    expect(body).toContain('Python packages carry 0.4.0rc1 (PEP 440).');
    expect(body).toContain('npm packages are published under the dist-tag `rc`, not `latest`.');
    expect(body).toContain('No commits since the previous release.');
  });

  it('GIVEN more commits than the description lists WHEN described THEN the rest are counted', () => {
    const plan = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../examples/polyglot/.lockstep/release-plan.json'), 'utf8'));
    const body = releasePrBody({ track: plan.tracks[0], releaseBranch: 'main', version: '0.4.0', umbrellaTag: 'v0.4.0', changes: ['abc one'], moreChanges: 41, files: [] });
    expect(body).toContain('- abc one\n- … and 41 more');
    expect(body).not.toMatch(/PEP 440|dist-tag/);
  });
});
