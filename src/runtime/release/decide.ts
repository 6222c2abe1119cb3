import {
  RELEASE_WORKFLOW_FILE, ReleasePlan, ReleaseTrigger, TrackPlan, branchReleaseProblem, isReleaseVersion, releaseBranchesOf,
  releaseVersionProblem, trackOf, trackVersionProblem,
} from '../../model';
import { CliError } from '../cli-error';
import { decideTagPush } from './decide-tag';
import { versionAt, versionSourceSite } from './manifest-versions';
import { Git, TagRef } from './ports';
import { refuseBackwards } from './released';
import { short } from './run';

export { highestReleased } from './released';

/** What started the run, as the workflow passes it. */
export interface Trigger {
  /** `push` or `workflow_dispatch`. */
  readonly event: string;
  /** `GITHUB_REF`: the branch the workflow runs from, or the pushed tag. */
  readonly ref: string;
  /** `GITHUB_SHA`: the commit the workflow was started on. */
  readonly sha: string;
  /** Dispatch input `version`: the release to (re)run. */
  readonly version?: string;
  /** Dispatch input `track`, when the plan has several. */
  readonly track?: string;
  readonly dryRun: boolean;
}

/** Another track's release a push also sets: started as a run of its own (a dispatch of the same workflow). */
export interface OtherRelease {
  readonly track: string;
  readonly version: string;
  /** The branch the release is dispatched on. */
  readonly branch: string;
}

/** The decision: which track and version this run releases, from which commit, or why it releases nothing. */
export interface Decision {
  readonly release: boolean;
  readonly reason: string;
  readonly track: TrackPlan;
  readonly version: string;
  readonly commit: string;
  /** Releases of other tracks the same push sets, each to run on its own. */
  readonly others?: OtherRelease[];
}

/**
 * Decides what a run releases from the manifests and the tags, never from commit text (T1):
 * - a push to a release branch releases each release-PR track whose manifests carry a version with no
 *   umbrella tag yet, when the pushed commit is the one that set it (its release commit), or whose umbrella
 *   tag points at this very commit (a re-run); any later push says to dispatch instead. When one push sets
 *   the versions of several tracks, this run releases the first and the others start runs of their own;
 * - a pushed umbrella tag of a tag-triggered track releases that version (decide-tag.ts);
 * - a dispatch re-runs the release of `version` on its commit: the umbrella tag's commit when it exists,
 *   else the one release-branch commit that set that version (T6);
 * - a branch releases only the versions of its channel, and a version below the highest released one is
 *   refused unless it is an existing release (T7).
 */
export async function decideRelease(plan: ReleasePlan, trigger: Trigger, git: Git): Promise<Decision> {
  const tags = await git.localTags();
  if (trigger.event === 'push' && trigger.ref.startsWith('refs/tags/')) return decideTagPush(plan, trigger, git, tags);
  const branch = releaseBranchOf(plan, trigger.ref);
  if (trigger.event === 'push') return decidePush(plan, branch, trigger, git, tags);
  if (trigger.event === 'workflow_dispatch') return decideDispatch(plan, branch, trigger, git, tags);
  throw new CliError(`${RELEASE_WORKFLOW_FILE} runs on push and workflow_dispatch, not on '${trigger.event}'.`, 2);
}

/** The release branch a run is on; a run on any other ref releases nothing and fails. */
function releaseBranchOf(plan: ReleasePlan, ref: string): string {
  const names = [...new Set(plan.tracks.flatMap((t) => releaseBranchesOf(plan, t).map((b) => b.name)))];
  const branch = ref.slice('refs/heads/'.length);
  if (!ref.startsWith('refs/heads/') || !names.includes(branch)) {
    const which = names.length === 1 ? `the release branch '${names[0]}'` : `the release branches ${names.map((n) => `'${n}'`).join(', ')}`;
    throw new CliError(`releases run only from ${which}, but this run is on '${ref}'. Dispatch ${RELEASE_WORKFLOW_FILE} from ${names[0]}.`);
  }
  return branch;
}

async function decidePush(plan: ReleasePlan, branch: string, trigger: Trigger, git: Git, tags: Map<string, TagRef>): Promise<Decision> {
  const candidates: Decision[] = [];
  const reasons: string[] = [];
  for (const track of plan.tracks.filter((t) => releaseBranchesOf(plan, t).some((b) => b.name === branch))) {
    const found = await pushCandidate(plan, track, branch, trigger.sha, git, tags);
    if (typeof found === 'string') reasons.push(found);
    else candidates.push(found);
  }
  if (candidates.length > 0) {
    const [first, ...rest] = candidates;
    return { ...first, others: rest.map((c) => ({ track: c.track.name, version: c.version, branch })) };
  }
  const track = plan.tracks[0];
  return { release: false, reason: `nothing to release: ${reasons.join('; ')}`, track, version: (await versionAt(git, track, trigger.sha)) ?? '', commit: trigger.sha };
}

/** Whether a push releases one track: its decision, or why not. */
type Tags = Map<string, TagRef>;

async function pushCandidate(plan: ReleasePlan, track: TrackPlan, branch: string, sha: string, git: Git, tags: Tags): Promise<Decision | string> {
  const version = await versionAt(git, track, sha);
  const site = versionSourceSite(track);
  if (version === undefined || !isReleaseVersion(version)) {
    throw new CliError(`${site.file} ${site.keyPath.join('.')} at ${short(sha)} is '${version ?? 'missing'}', not a release version; fix the manifest.`);
  }
  const umbrellaName = `${track.umbrellaTagPrefix}${version}`;
  const umbrella = tags.get(umbrellaName);
  if (umbrella !== undefined && umbrella.commit !== sha) return `track ${track.name}: ${version} is already released (${umbrella.name} at ${short(umbrella.commit)})`;
  if (umbrella !== undefined) return { release: true, reason: `track ${track.name}: re-run of ${umbrella.name}, which points at this commit`, track, version, commit: sha };
  if (track.trigger === ReleaseTrigger.TAG_PUSH) return `track ${track.name}: ${version} is released when its tag ${umbrellaName} is pushed`;
  refuseBackwards(track, version, tags);
  // A push releases only its own release commit: a later, unrelated push must not release a version
  // whose release PR's run failed or was cancelled, from a commit never reviewed as the release.
  const setters = await settersOf(git, track, version, sha);
  if (!setters.includes(sha)) {
    // Never none: the newest commit of the first-parent log of the version source carries the version at `sha`.
    return `track ${track.name}: ${version} has no ${umbrellaName} tag yet, but it was set by ${setters.map(short).join(', ')}, not by this push (${short(sha)}); ` +
      `a push releases only the commit that sets the version. Dispatch ${RELEASE_WORKFLOW_FILE} with version ${version} to (re)run its release`;
  }
  // The version must have been set exactly once (T1); this fails loudly, naming the commits, otherwise.
  singleSetter(setters, track, version, branch);
  const problem = branchReleaseProblem(plan, track, branch, version);
  if (problem !== undefined) throw new CliError(`this push sets ${version}, but ${problem}. Set a version of the branch's channel, or release it from another branch.`);
  const carried = trackVersionProblem(track, version);
  if (carried !== undefined) throw new CliError(`this push sets ${version}, but ${carried}. Nothing was tagged: set a version every product of track ${track.name} can carry.`);
  return { release: true, reason: `track ${track.name}: ${version} has no ${umbrellaName} tag yet and this push sets it`, track, version, commit: sha };
}

async function decideDispatch(plan: ReleasePlan, branch: string, trigger: Trigger, git: Git, tags: Map<string, TagRef>): Promise<Decision> {
  const version = trigger.version ?? '';
  const problem = releaseVersionProblem(version);
  if (problem) throw new CliError(`input version: ${problem}.`, 2);
  let track: TrackPlan;
  try {
    track = trackOf(plan, trigger.track || undefined);
  } catch (e) {
    throw new CliError(`input track: ${(e as Error).message}`, 2);
  }
  const umbrellaName = `${track.umbrellaTagPrefix}${version}`;
  const umbrella = tags.get(umbrellaName);
  if (umbrella !== undefined) {
    if (!(await git.isAncestor(umbrella.commit, trigger.sha))) {
      throw new CliError(`${umbrellaName} points at ${short(umbrella.commit)}, which is not on ${branch}; a release is only re-run from its own branch.`);
    }
    return { release: true, reason: `dispatch: re-run of ${umbrellaName} at ${short(umbrella.commit)}`, track, version, commit: umbrella.commit };
  }
  const branchProblem = branchReleaseProblem(plan, track, branch, version);
  if (branchProblem !== undefined) throw new CliError(`input version: ${branchProblem}. Dispatch from a branch that releases it.`, 2);
  const carried = trackVersionProblem(track, version);
  if (carried !== undefined) throw new CliError(`input version: ${carried}. Nothing was tagged.`, 2);
  refuseBackwards(track, version, tags);
  const commit = await releaseCommitOf(git, track, version, trigger.sha, branch);
  return { release: true, reason: `dispatch: ${version} was set by ${short(commit)} and has no ${umbrellaName} tag yet`, track, version, commit };
}

/**
 * The commit on the release branch's first-parent line that set the track's version to `version`. The
 * version must have been set exactly once: zero or several such commits fail loudly (T1), naming them.
 */
export async function releaseCommitOf(git: Git, track: TrackPlan, version: string, head: string, branch: string): Promise<string> {
  return singleSetter(await settersOf(git, track, version, head), track, version, branch);
}

/** The one commit that set the version, from the setters already found (so history is walked once). */
function singleSetter(setters: readonly string[], track: TrackPlan, version: string, branch: string): string {
  const site = versionSourceSite(track);
  if (setters.length === 1) return setters[0];
  if (setters.length === 0) {
    throw new CliError(`no commit on ${branch} sets ${site.file} ${site.keyPath.join('.')} to ${version}; check the version, or release it with a release PR first.`);
  }
  throw new CliError(
    `${version} was set on ${branch} more than once (${setters.map(short).join(', ')}), so its release commit is ambiguous. ` +
      `Tag the right commit as ${track.umbrellaTagPrefix}${version} by hand, then dispatch again.`,
  );
}

/** The commits on the first-parent line of `head` that set the track's version to `version`, newest first. */
async function settersOf(git: Git, track: TrackPlan, version: string, head: string): Promise<string[]> {
  const commits = await git.firstParentLog(head, versionSourceSite(track).file);
  const values = await Promise.all(commits.map((c) => versionAt(git, track, c)));
  return commits.filter((_, i) => values[i] === version && values[i + 1] !== version);
}
