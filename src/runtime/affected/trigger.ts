import { RELEASE_PR_BRANCH_PREFIX } from '../../model';

/** What started a CI run, from the runner's environment. */
export interface CiEvent {
  /** `GITHUB_EVENT_NAME`, or undefined outside GitHub Actions. */
  readonly eventName?: string;
  /** `GITHUB_HEAD_REF`: the source branch of a pull request. */
  readonly headRef?: string;
  /** The commit to compare with: the pull request's or merge group's base, or the commit before a push. */
  readonly base?: string;
}

/**
 * What a CI run compares, or why it tests everything:
 * - `merge-base`: a pull request or merge queue group, compared with where it left its base branch
 *   (`git diff base...HEAD`), so a base branch that moved on adds nothing;
 * - `tree`: a push, compared with the commit the branch pointed at before (`git diff before HEAD`): what
 *   the pushed commits changed, also after a force push;
 * - `everything`: the reason every product runs.
 */
export type ChangeSet =
  | { readonly compare: 'merge-base' | 'tree'; readonly base: string }
  | { readonly compare: 'everything'; readonly reason: string };

/**
 * Decides what a CI run compares:
 * - a dispatched run tests everything: release-pr.yml dispatches CI for the release PR's commit (T2), and
 *   a maintainer dispatching CI by hand wants a full run;
 * - a release PR (its branch starts with `release/`) tests everything: the version bump touches every product;
 * - a push (ci.yml runs on pushes to the release branch) runs what its commits affect, a pull request and
 *   a merge queue group what their changes affect;
 * - any other event, or no usable base commit (a new branch's first push has an all-zero `before`), tests
 *   everything.
 */
export function changeSetOf(event: CiEvent): ChangeSet {
  const everything = (reason: string): ChangeSet => ({ compare: 'everything', reason });
  const name = event.eventName;
  if (name === 'workflow_dispatch') return everything('dispatched run (the release PR\'s CI, or a manual run)');
  if (name === 'pull_request' && event.headRef?.startsWith(RELEASE_PR_BRANCH_PREFIX)) return everything(`release PR from '${event.headRef}'`);
  if (name !== undefined && !['pull_request', 'push', 'merge_group'].includes(name)) return everything(`'${name}' event has no change set`);
  const base = event.base?.trim() ?? '';
  if (base === '' || /^0+$/.test(base)) return everything(name === 'push' ? 'the push has no previous commit to compare with (a new branch)' : 'no base commit to compare with');
  return { compare: name === 'push' ? 'tree' : 'merge-base', base };
}
