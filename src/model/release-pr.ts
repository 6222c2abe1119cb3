import inc from 'semver/functions/inc';
import valid from 'semver/functions/valid';
import { RELEASE_PR_BRANCH_PREFIX } from './ci-workflow';

/**
 * Names and rules the release PR workflow (components/release-pr) and the `lockstep release-pr` commands
 * (runtime/release-pr) must agree on. Components and runtime never import each other, so they live here.
 */

/** File name of the release PR workflow under `.github/workflows/`. */
export const RELEASE_PR_WORKFLOW_FILE = 'release-pr.yml';

/** How the next version is computed from the current one when no explicit version is given. */
export enum ReleaseBump {
  MAJOR = 'major',
  MINOR = 'minor',
  PATCH = 'patch',
  /** The next prerelease: `1.2.3` → `1.2.4-rc.1`, `1.2.4-rc.1` → `1.2.4-rc.2` (identifier `rc`). */
  PRERELEASE = 'prerelease',
}

/** The `bump` input's value that means "use the explicit `version` input". */
export const NO_BUMP = 'none';

/** Outputs the `lockstep release-pr` commands write to `$GITHUB_OUTPUT` (and the workflow reads). */
export const RELEASE_PR_OUTPUTS = {
  /** The validated release version. */
  version: 'version',
  /** The release PR's branch, `release/<umbrella tag>`. */
  branch: 'branch',
  /** The commit at the tip of the release PR's branch. */
  commit: 'commit',
  /** What `commit` did to the branch: `created`, `updated` or `unchanged`. */
  outcome: 'outcome',
  /** The pull request's URL. */
  url: 'url',
} as const;

/** Branch of the release PR for a track's umbrella tag: `release/v1.2.3`. */
export function releasePrBranch(umbrellaTag: string): string {
  return `${RELEASE_PR_BRANCH_PREFIX}${umbrellaTag}`;
}

/**
 * The fixed subject of the release commit. Nothing detects a release from it (T1: release.yml compares
 * the manifests with the tags); the release PR workflow only uses it to recognise its own commits on a
 * release branch it is about to rewrite.
 */
export function releaseCommitMessage(umbrellaTag: string): string {
  return `release: ${umbrellaTag}`;
}

/** Title of the release PR. */
export function releasePrTitle(umbrellaTag: string): string {
  return `Release ${umbrellaTag}`;
}

/** Why a prerelease identifier cannot be used, or undefined. Empty means a numeric prerelease (`1.2.4-1`). */
export function prereleaseIdProblem(preid: string): string | undefined {
  if (preid === '') return undefined;
  if (!/^[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*$/.test(preid)) {
    return `prerelease identifier '${preid}' must be dot-separated letters, digits and '-', such as 'rc' or 'beta'`;
  }
  if (preid.split('.').some((p) => /^0\d+$/.test(p))) return `prerelease identifier '${preid}' has a numeric part with a leading zero`;
  return undefined;
}

/**
 * The version after `current` for a bump kind. A first prerelease counts from 1 (`1.2.4-rc.1`, or `1.2.4-1`
 * without an identifier, the form a Tauri app's Windows installer accepts); without an identifier a
 * prerelease version moves its last number (`1.2.4-rc.1` → `1.2.4-rc.2`). Throws with the reason when
 * `current` is not a version or the identifier is unusable.
 */
export function nextReleaseVersion(current: string, bump: ReleaseBump, preid = ''): string {
  if (valid(current) !== current) throw new Error(`the current version '${current}' is not a semver version`);
  if (bump !== ReleaseBump.PRERELEASE) return inc(current, bump)!;
  const problem = prereleaseIdProblem(preid);
  if (problem !== undefined) throw new Error(problem);
  const next = inc(current, 'prerelease', preid, '1');
  if (next === null) throw new Error(`cannot compute the prerelease after '${current}' with identifier '${preid}'`);
  return next;
}
