import { RELEASE_PR_BRANCH_PREFIX } from '../../model';

/** What started a CI run, from the runner's environment. */
export interface CiEvent {
  /** `GITHUB_EVENT_NAME`, or undefined outside GitHub Actions. */
  readonly eventName?: string;
  /** `GITHUB_REF`: `refs/heads/<branch>` for a push or dispatch, `refs/pull/<n>/merge` for a pull request. */
  readonly ref?: string;
  /** `GITHUB_HEAD_REF`: the source branch of a pull request. */
  readonly headRef?: string;
  /** The commit to compare with: the pull request's base, or the commit before a push. */
  readonly base?: string;
}

/** Prefix of the branches release PRs come from (`release/v1.2.3`); their commits test everything. */

/**
 * Why a CI run must test every product whatever changed, or undefined when the changed files decide:
 * - a dispatched run: release-pr.yml dispatches CI for the release PR's commit (T2), and a maintainer
 *   dispatching CI by hand wants everything;
 * - a push to the release branch: what ships is tested in full;
 * - a release PR (its branch starts with `release/`): the version bump touches every product;
 * - a merge queue group, or any event without a change set;
 * - no usable base commit (a new branch's first push has an all-zero `before`).
 */
export function fullRunReason(event: CiEvent, releaseBranch: string): string | undefined {
  const name = event.eventName;
  if (name === 'workflow_dispatch') return 'dispatched run (the release PR\'s CI, or a manual run)';
  if (name === 'merge_group') return 'merge queue group';
  const branch = name === 'pull_request' ? event.headRef : event.ref?.replace(/^refs\/heads\//, '');
  if (name === 'push' && branch === releaseBranch) return `push to the release branch '${releaseBranch}'`;
  if (branch?.startsWith(RELEASE_PR_BRANCH_PREFIX)) return `release branch '${branch}'`;
  if (name !== undefined && name !== 'pull_request' && name !== 'push') return `'${name}' event has no change set`;
  if (event.base === undefined || event.base.trim() === '' || /^0+$/.test(event.base)) return 'no base commit to compare with';
  return undefined;
}
