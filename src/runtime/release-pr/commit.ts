import { ReleasePlan, releaseCommitMessage } from '../../model';
import { CliError } from '../cli-error';
import { END_OF_OPTIONS } from '../git-args';
import { BumpRunner } from './bump-runner';
import { ReleaseTarget, resolveTarget } from './target';
import { GitRepo } from './tools';

/** What `commitRelease` did to the release PR's branch on the remote. */
export type BranchOutcome = 'created' | 'updated' | 'unchanged';

/** The release commit, pushed. */
export interface ReleaseCommit {
  readonly target: ReleaseTarget;
  /** The release branch commit the release PR's branch starts from. */
  readonly base: string;
  /** The tip of the release PR's branch. */
  readonly commit: string;
  readonly outcome: BranchOutcome;
  /** Exactly the files of the release commit: those the bump reported changing (B7). */
  readonly files: string[];
}

/** What `commitRelease` works with. */
export interface CommitDeps {
  readonly git: GitRepo;
  readonly bump: BumpRunner;
  readonly remote: string;
}

/**
 * Cuts the release PR's branch (T1, B7): from the tip of the plan's release branch, validated first so a
 * refused version changes nothing; runs the bump; commits exactly the files the bump reports changing with
 * a fixed message; and pushes with a lease, so dispatching the same version again rebuilds the same branch
 * (or leaves it alone when nothing differs) instead of failing or making a second one.
 */
export function commitRelease(
  plan: ReleasePlan,
  repoRoot: string,
  request: { version: string; track?: string },
  deps: CommitDeps,
): Promise<ReleaseCommit> {
  const { git, remote } = deps;
  git.fetchBranch(remote, plan.releaseBranch);
  const base = checkOnReleaseBranch(git, remote, plan.releaseBranch);
  const target = resolveTarget(plan, repoRoot, request, { git, remote });
  const files = [...target.track.manifests, ...target.track.lockfiles.map((l) => l.file)];
  checkClean(git, files);
  const message = releaseCommitMessage(target.umbrellaTag);
  const existing = existingBranch(git, remote, target.branch, base, message);
  const local = git.commitOf(`refs/heads/${target.branch}`);
  if (local !== undefined && local !== existing) {
    throw new CliError(`a local branch ${target.branch} exists at ${local.slice(0, 12)}, which is not ${remote}'s; delete it (git branch -D ${target.branch}) so the release PR can rebuild it.`);
  }
  return cutBranch({ target, base, allowed: files, message, existing }, deps);
}

/** What a release branch is cut from and may hold. */
interface BranchCut {
  readonly target: ReleaseTarget;
  readonly base: string;
  /** The plan's manifests and lockfiles: the only files the release commit may hold. */
  readonly allowed: string[];
  readonly message: string;
  /** The release PR's branch on the remote, when it exists. */
  readonly existing?: string;
}

/** The branch, the bump and the commit, then the push; on any failure before the push the clone goes back to where it was. */
async function cutBranch(cut: BranchCut, deps: CommitDeps): Promise<ReleaseCommit> {
  const files = (await commitBump(cut, deps)).sort();
  const { target, base, existing } = cut;
  const { git, remote } = deps;
  if (existing !== undefined && sameRelease(git, existing, base)) {
    // Same parent, same tree: the branch already is this release commit; keep it (and its CI run).
    git.run('reset', '--quiet', '--soft', existing);
    return { target, base, commit: existing, outcome: 'unchanged', files };
  }
  // The lease: the push fails if the branch moved since it was checked, instead of overwriting that.
  git.run('push', '--quiet', `--force-with-lease=refs/heads/${target.branch}:${existing ?? ''}`, END_OF_OPTIONS, remote, `HEAD:refs/heads/${target.branch}`);
  return { target, base, commit: git.run('rev-parse', 'HEAD').trim(), outcome: existing === undefined ? 'created' : 'updated', files };
}

/** Checks out the release PR's branch at the base, runs the bump and commits exactly what it reports (B7). */
async function commitBump(cut: BranchCut, deps: CommitDeps): Promise<string[]> {
  const { target, base, allowed, message } = cut;
  const git = deps.git;
  const previous = git.run('rev-parse', '--abbrev-ref', 'HEAD').trim();
  git.run('checkout', '--quiet', '-B', target.branch, base);
  let changed: string[];
  try {
    changed = (await deps.bump(target.version, target.track.name)).changedFiles;
    checkChangedFiles(changed, allowed, target.version);
    git.run('add', '--', ...changed);
    git.run('commit', '--quiet', '--message', message);
    const committed = git.lines('diff-tree', '--no-commit-id', '--name-only', '-r', END_OF_OPTIONS, 'HEAD').sort();
    if (committed.join('\n') !== [...changed].sort().join('\n')) {
      throw new CliError(`the release commit holds ${committed.join(', ')} but the bump changed ${changed.join(', ')} (a commit hook?); nothing was pushed.`);
    }
  } catch (e) {
    // Undo a commit that was made (keeping the worktree), then restore the plan's files, which were clean
    // (checked), so restoring them loses nothing.
    git.tryRun('reset', '--quiet', '--soft', base);
    git.tryRun('checkout', '--quiet', base, '--', ...allowed.filter((f) => git.tryRun('cat-file', '-e', END_OF_OPTIONS, `${base}:${f}`).code === 0));
    git.tryRun('reset', '--quiet');
    git.tryRun('checkout', '--quiet', previous === 'HEAD' ? base : previous);
    git.tryRun('branch', '--quiet', '-D', target.branch);
    throw e;
  }
  return changed;
}

/** The release PR starts from the tip of the release branch on the remote: HEAD must be that commit. */
function checkOnReleaseBranch(git: GitRepo, remote: string, releaseBranch: string): string {
  const base = git.commitOf(`refs/remotes/${remote}/${releaseBranch}`);
  if (base === undefined) throw new CliError(`${remote} has no branch '${releaseBranch}' (the plan's releaseBranch).`);
  const head = git.commitOf('HEAD');
  if (head !== base) {
    throw new CliError(`HEAD (${head?.slice(0, 12) ?? 'no commit'}) is not the tip of ${remote}/${releaseBranch} (${base.slice(0, 12)}); a release PR is cut from the release branch. Check out ${releaseBranch}, pull, and run again.`);
  }
  return base;
}

/** The bump must start from the committed manifests, or the release commit would carry local edits. */
function checkClean(git: GitRepo, files: readonly string[]): void {
  const staged = git.lines('diff', '--cached', '--name-only');
  if (staged.length > 0) throw new CliError(`the index has staged changes (${staged.join(', ')}); commit or unstage them first, the release commit holds only the bump.`);
  const dirty = git.lines('status', '--porcelain', '--untracked-files=all', '--', ...files);
  if (dirty.length > 0) {
    throw new CliError(`files the bump edits have local changes (${dirty.map((l) => l.slice(3)).join(', ')}); commit or discard them first, the release commit holds only the bump.`);
  }
}

/**
 * The release PR's branch on the remote, when it exists. Re-dispatching a version rewrites it, which is
 * safe only when every commit on it is a release commit this workflow made; anyone else's commit is refused
 * rather than overwritten.
 */
function existingBranch(git: GitRepo, remote: string, branch: string, base: string, message: string): string | undefined {
  const tip = git.remoteBranch(remote, branch);
  if (tip === undefined) return undefined;
  git.fetchBranch(remote, branch);
  const foreign = git.lines('log', '--format=%h %s', END_OF_OPTIONS, `${base}..${tip}`).filter((l) => l.slice(l.indexOf(' ') + 1) !== message);
  if (foreign.length > 0) {
    throw new CliError(
      `${remote}/${branch} has commits the release PR workflow did not make (${foreign.join('; ')}); dispatching again would overwrite them. ` +
        `Merge them into ${remote}'s release branch or delete ${branch}, then dispatch again.`,
    );
  }
  return tip;
}

function sameRelease(git: GitRepo, existing: string, base: string): boolean {
  return git.commitOf(`${existing}^`) === base && git.run('rev-parse', `${existing}^{tree}`).trim() === git.run('rev-parse', 'HEAD^{tree}').trim();
}

function checkChangedFiles(changed: readonly string[], allowed: readonly string[], version: string): void {
  if (changed.length === 0) throw new CliError(`the bump to ${version} changed no file; nothing to release.`);
  const outside = changed.filter((f) => !allowed.includes(f));
  if (outside.length > 0) {
    throw new CliError(`the bump reported changing ${outside.join(', ')}, which the plan does not list; regenerate the plan with \`npx projen\`.`);
  }
}
