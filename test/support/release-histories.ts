import * as fs from 'fs';
import * as path from 'path';
import { git, gitInit, tempDir, writeRepo } from './fixtures';
import { realRepo } from './real-repos';
import { FsRepoReader, PlanOptions, ReleasePlan, ReleaseTrackOptions, TrackReleaseOptions, buildPlan, planConfigOf, trackOf } from '../../src/model';
import { planEdits } from '../../src/runtime/bump/edit-plan';
import { GitCli } from '../../src/runtime/release/git';
import { SpawnExec } from '../../src/runtime/release/real-deps';

/**
 * Real git histories on the real-shape fixtures (test/fixtures/real/): a work tree on `main` with the
 * repository's recent release tags and a bare `origin`, the plan a maintainer's configuration gives (with
 * release options added per track), and the moves a release history is made of: bumps (the bump's own
 * edits, computed by the model's edit plan), commits, branches, squash merges, tags and pushes.
 */
export class ReleaseHistory {
  /** The fixture as a repository, its plan built with `release` options added to each track by name. */
  public static of(fixture: string, release: Record<string, TrackReleaseOptions> = {}): ReleaseHistory {
    const repo = realRepo(fixture, { tags: true, remote: true });
    return ReleaseHistory.withPlan(repo.dir, repo.remote!, withRelease(repo.fixture.options() as PlanOptions, release));
  }

  /** A small repository of `files` on `main` with a bare origin, released with `options`. */
  public static ofFiles(files: Record<string, string>, options: PlanOptions): ReleaseHistory {
    const dir = gitInit(writeRepo(files));
    const remote = tempDir('lockstep-origin-');
    git(remote, 'init', '-q', '--bare', '-b', 'main');
    git(dir, 'remote', 'add', 'origin', remote);
    git(dir, 'push', '-q', 'origin', 'main');
    return ReleaseHistory.withPlan(dir, remote, options);
  }

  private static withPlan(dir: string, remote: string, options: PlanOptions): ReleaseHistory {
    const reader = new FsRepoReader(dir);
    const plan = buildPlan(planConfigOf(options, reader, '0.0.0'), reader);
    fs.mkdirSync(path.dirname(path.join(dir, plan.planFile)), { recursive: true });
    fs.writeFileSync(path.join(dir, plan.planFile), `${JSON.stringify(plan, undefined, 2)}\n`);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'chore: add the release plan');
    git(dir, 'push', '-q', 'origin', 'main');
    return new ReleaseHistory(dir, remote, plan);
  }

  public readonly git: GitCli;

  private constructor(public readonly dir: string, public readonly remote: string, public readonly plan: ReleasePlan) {
    this.git = new GitCli(new SpawnExec(process.env, dir), dir);
  }

  /** Writes a track's version into every manifest and lockfile it lives in, as the bump edits them (nothing committed). */
  public setVersion(track: string, version: string): this {
    const edits = planEdits(trackOf(this.plan, track), version, new FsRepoReader(this.dir));
    if (edits.problems.length > 0) throw new Error(`bump of ${track} to ${version}: ${edits.problems.map((p) => `${p.file}: ${p.reason}`).join('; ')}`);
    for (const f of edits.files) fs.writeFileSync(path.join(this.dir, f.file), f.after);
    return this;
  }

  /** Writes a file (repository-relative), creating its directory. */
  public write(file: string, text: string): this {
    fs.mkdirSync(path.dirname(path.join(this.dir, file)), { recursive: true });
    fs.writeFileSync(path.join(this.dir, file), text);
    return this;
  }

  /** Commits everything on the current branch; returns the commit. */
  public commit(subject: string): string {
    git(this.dir, 'add', '-A');
    git(this.dir, 'commit', '-q', '--allow-empty', '-m', subject);
    return this.head();
  }

  /** Starts a branch at the current commit and checks it out. */
  public branch(name: string): this {
    git(this.dir, 'checkout', '-q', '-b', name);
    return this;
  }

  public checkout(name: string): this {
    git(this.dir, 'checkout', '-q', name);
    return this;
  }

  /** Squash-merges a branch into the current one as one commit with GitHub's subject form; returns the commit. */
  public squashMerge(branch: string, subject: string): string {
    git(this.dir, 'merge', '-q', '--squash', branch);
    return this.commit(subject);
  }

  /** Merges a branch with a merge commit (GitHub's "Create a merge commit"); returns the merge commit. */
  public mergeCommit(branch: string, title: string): string {
    git(this.dir, 'merge', '-q', '--no-ff', '-m', `Merge pull request #1 from ${branch}`, '-m', title, branch);
    return this.head();
  }

  /** Pushes a branch to origin and fetches it back, so origin/<branch> is what the remote has. */
  public push(branch: string): this {
    git(this.dir, 'push', '-q', 'origin', branch);
    git(this.dir, 'fetch', '-q', 'origin');
    return this;
  }

  /** Creates an annotated tag at a commit and pushes it. */
  public tag(name: string, commit = this.head()): this {
    git(this.dir, 'tag', '-a', name, commit, '-m', name);
    git(this.dir, 'push', '-q', 'origin', `refs/tags/${name}`);
    return this;
  }

  public head(): string {
    return git(this.dir, 'rev-parse', 'HEAD').trim();
  }

  /** A fresh clone of origin, as the plan job's checkout with fetch-depth 0 has it (every branch and tag). */
  public clone(): { dir: string; git: GitCli } {
    const dir = tempDir('lockstep-clone-');
    git(dir, 'clone', '-q', this.remote, '.');
    return { dir, git: new GitCli(new SpawnExec(process.env, dir), dir) };
  }
}

function withRelease(options: PlanOptions, release: Record<string, TrackReleaseOptions>): PlanOptions {
  if (options.tracks === undefined) return { ...options, ...(release.default ?? {}) };
  return { ...options, tracks: options.tracks.map((t): ReleaseTrackOptions => ({ ...t, ...(release[t.name] ?? {}) })) };
}
