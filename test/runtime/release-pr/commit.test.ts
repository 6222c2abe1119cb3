import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { exampleReleaseRepo, filesOf, lockstepIn, repoState } from './support';
import { loadPlan } from '../../../src/runtime';
import { decideRelease } from '../../../src/runtime/release/decide';
import { GitCli } from '../../../src/runtime/release/git';
import { SpawnExec } from '../../../src/runtime/release/real-deps';
import { git } from '../../support/fixtures';

describe('lockstep release-pr commit', () => {
  it('B7: GIVEN junk in the worktree WHEN the release is committed THEN the commit holds exactly the files the bump reported, nothing else', async () => {
    const repo = exampleReleaseRepo();
    // What a careless `git add -A` would sweep in: an editor's worktree link, a scratch file, an edited tracked file.
    git(repo.dir, 'worktree', 'add', '-q', '-b', 'agent-1', '.claude/worktrees/agent-1');
    fs.writeFileSync(path.join(repo.dir, 'notes.txt'), 'scratch\n');
    fs.appendFileSync(path.join(repo.dir, 'src/lib.rs'), '// local experiment\n');
    const dry = await lockstepIn(repo, 'bump', '0.4.0', '--dry-run', '--json');
    const reported: string[] = JSON.parse(dry.stdout).changedFiles;
    expect(reported.length).toBeGreaterThan(10);

    const r = await lockstepIn(repo, 'release-pr', 'commit', '--version', '0.4.0');

    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const tip = git(repo.remote, 'rev-parse', 'refs/heads/release/v0.4.0').trim();
    expect(filesOf(repo.remote, tip)).toEqual([...reported].sort());
    expect(git(repo.dir, 'status', '--porcelain', '--untracked-files=all').split('\n').filter(Boolean).sort()).toEqual([' M src/lib.rs', '?? .claude/worktrees/agent-1/', '?? notes.txt']);
  });

  it('GIVEN the example at 0.3.0 WHEN 0.4.0 is committed THEN release/v0.4.0 is one commit on top of main with the fixed message', async () => {
    const repo = exampleReleaseRepo();
    const main = git(repo.dir, 'rev-parse', 'main').trim();

    const r = await lockstepIn(repo, 'release-pr', 'commit', '--version', '0.4.0');

    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^branch release\/v0\.4\.0 created \([0-9a-f]{12}\), 16 files:/);
    expect(git(repo.remote, 'log', '--format=%P %s', 'release/v0.4.0', '-1').trim()).toBe(`${main} release: v0.4.0`);
    expect(git(repo.remote, 'rev-list', '--count', 'main..release/v0.4.0').trim()).toBe('1');
    expect(git(repo.remote, 'show', 'release/v0.4.0:Cargo.toml')).toMatch(/^version = "0\.4\.0"$/m);
    expect(git(repo.remote, 'rev-parse', 'main').trim()).toBe(main);
  });

  it('T1: GIVEN the release PR squash-merged under another subject WHEN release.yml decides THEN it releases 0.4.0 from the manifests and tags, whatever the subject', async () => {
    const repo = exampleReleaseRepo();
    await lockstepIn(repo, 'release-pr', 'commit', '--version', '0.4.0');
    git(repo.dir, 'checkout', '-q', 'main');
    git(repo.dir, 'merge', '-q', '--squash', 'release/v0.4.0');
    git(repo.dir, 'commit', '-q', '-m', 'Release v0.4.0 (#18)');

    const head = git(repo.dir, 'rev-parse', 'HEAD').trim();

    const decision = await decideRelease(loadPlan(repo.dir), { event: 'push', ref: 'refs/heads/main', sha: head, dryRun: false }, new GitCli(new SpawnExec(repo.env, repo.dir), repo.dir));
    const verify = await lockstepIn(repo, 'verify');

    expect(decision).toMatchObject({ release: true, version: '0.4.0', commit: head });
    expect(verify.code).toBe(0);
  });

  it('GIVEN a release PR branch already pushed WHEN the same version is committed again with nothing new THEN the branch is left as it is', async () => {
    const repo = exampleReleaseRepo();
    await lockstepIn(repo, 'release-pr', 'commit', '--version', '0.4.0');
    const first = git(repo.remote, 'rev-parse', 'release/v0.4.0').trim();
    git(repo.dir, 'checkout', '-q', 'main');

    const again = await lockstepIn(repo, 'release-pr', 'commit', '--version', '0.4.0');

    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^branch release\/v0\.4\.0 unchanged/);
    expect(git(repo.remote, 'rev-parse', 'release/v0.4.0').trim()).toBe(first);
    expect(git(repo.dir, 'rev-parse', 'HEAD').trim()).toBe(first);
  });

  it('GIVEN main moved after the release PR was opened WHEN the same version is committed again THEN the same branch is rebuilt on the new main', async () => {
    const repo = exampleReleaseRepo();
    await lockstepIn(repo, 'release-pr', 'commit', '--version', '0.4.0');
    git(repo.dir, 'checkout', '-q', 'main');
    fs.writeFileSync(path.join(repo.dir, 'CHANGELOG.md'), '# Changes\n');
    git(repo.dir, 'add', 'CHANGELOG.md');
    git(repo.dir, 'commit', '-q', '-m', 'docs: changelog');
    git(repo.dir, 'push', '-q', 'origin', 'main');

    const again = await lockstepIn(repo, 'release-pr', 'commit', '--version', '0.4.0');

    expect(again.stdout).toMatch(/^branch release\/v0\.4\.0 updated/);
    expect(git(repo.remote, 'log', '--format=%s', 'release/v0.4.0', '-2').trim().split('\n')).toEqual(['release: v0.4.0', 'docs: changelog']);
    expect(git(repo.remote, 'for-each-ref', '--format=%(refname)', 'refs/heads').trim().split('\n')).toEqual(['refs/heads/main', 'refs/heads/release/v0.4.0']);
  });

  it('GIVEN someone pushed a commit to the release PR branch WHEN the same version is committed again THEN it is refused and their commit stays', async () => {
    const repo = exampleReleaseRepo();
    await lockstepIn(repo, 'release-pr', 'commit', '--version', '0.4.0');
    fs.writeFileSync(path.join(repo.dir, 'CHANGELOG.md'), '# 0.4.0\n');
    git(repo.dir, 'add', 'CHANGELOG.md');
    git(repo.dir, 'commit', '-q', '-m', 'changelog for 0.4.0');
    git(repo.dir, 'push', '-q', 'origin', 'release/v0.4.0');
    git(repo.dir, 'checkout', '-q', 'main');
    const before = repoState(repo);

    const again = await lockstepIn(repo, 'release-pr', 'commit', '--version', '0.4.0');

    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/origin\/release\/v0\.4\.0 has commits the release PR workflow did not make \([0-9a-f]+ changelog for 0\.4\.0\)/);
    expect(repoState(repo)).toEqual(before);
  });

  it('GIVEN HEAD is not the tip of origin/main WHEN a release is committed THEN it is refused before any change', async () => {
    const repo = exampleReleaseRepo();
    git(repo.dir, 'checkout', '-q', '-b', 'feature');
    git(repo.dir, 'commit', '-q', '--allow-empty', '-m', 'wip');
    const before = repoState(repo);

    const r = await lockstepIn(repo, 'release-pr', 'commit', '--version', '0.4.0');

    expect(r.stderr).toMatch(/HEAD \([0-9a-f]{12}\) is not the tip of origin\/main .* Check out main, pull, and run again/);
    expect(repoState(repo)).toEqual(before);
  });

  it('GIVEN a manifest with local edits WHEN a release is committed THEN it is refused, since the commit would carry them', async () => {
    const repo = exampleReleaseRepo();
    fs.appendFileSync(path.join(repo.dir, 'quill-ask/Cargo.toml'), '# local\n');
    const before = repoState(repo);

    const r = await lockstepIn(repo, 'release-pr', 'commit', '--version', '0.4.0');

    expect(r.stderr).toMatch(/files the bump edits have local changes \(quill-ask\/Cargo\.toml\)/);
    expect(repoState(repo)).toEqual(before);
  });
});

describe('lockstep release-pr commit when a hook changes the commit', () => {
  it('B7 GIVEN a pre-commit hook that adds a file WHEN the release is committed THEN nothing is pushed and the clone is back on main without the release branch', async () => {
    const repo = exampleReleaseRepo();
    const main = git(repo.dir, 'rev-parse', 'main').trim();
    const hook = path.join(repo.dir, '.git', 'hooks', 'pre-commit');
    fs.writeFileSync(hook, '#!/bin/sh\necho hooked > hooked.txt\ngit add hooked.txt\n', { mode: 0o755 });

    const r = await lockstepIn(repo, 'release-pr', 'commit', '--version', '0.4.0');

    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the release commit holds .*hooked\.txt.* \(a commit hook\?\); nothing was pushed/);
    expect(git(repo.dir, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('main');
    expect(git(repo.dir, 'rev-parse', 'HEAD').trim()).toBe(main);
    expect(git(repo.dir, 'branch', '--list', 'release/v0.4.0').trim()).toBe('');
    expect(git(repo.remote, 'branch', '--list', 'release/v0.4.0').trim()).toBe('');
  });
});
