import { RELEASE_WORKFLOW_FILE, ReleasePlan, TrackPlan, compareVersions, isReleaseVersion, releaseVersionProblem, trackOf } from '../../model';
import { CliError } from '../cli-error';
import { versionAt, versionSourceSite } from './manifest-versions';
import { Git, TagRef } from './ports';
import { short } from './run';

/** What started the run, as the workflow passes it. */
export interface Trigger {
  /** `push` or `workflow_dispatch`. */
  readonly event: string;
  /** `GITHUB_REF`: the branch the workflow runs from. */
  readonly ref: string;
  /** `GITHUB_SHA`: the commit the workflow was started on. */
  readonly sha: string;
  /** Dispatch input `version`: the release to (re)run. */
  readonly version?: string;
  /** Dispatch input `track`, when the plan has several. */
  readonly track?: string;
  readonly dryRun: boolean;
}

/** The decision: which track and version this run releases, from which commit, or why it releases nothing. */
export interface Decision {
  readonly release: boolean;
  readonly reason: string;
  readonly track: TrackPlan;
  readonly version: string;
  readonly commit: string;
}

/**
 * Decides what a run releases from the manifests and the tags, never from commit text (T1):
 * - a push releases a track whose manifests carry a version with no umbrella tag yet, only when the
 *   pushed commit is the one that set that version (its release commit), or whose umbrella tag points at
 *   this very commit (a re-run); any later push says to dispatch instead; several tracks at once fail;
 * - a dispatch re-runs the release of `version` on its commit: the umbrella tag's commit when it exists,
 *   else the one release-branch commit that set that version (T6);
 * - a version below the highest released one is refused unless it is an existing release (T7).
 */
export async function decideRelease(plan: ReleasePlan, trigger: Trigger, git: Git): Promise<Decision> {
  const branchRef = `refs/heads/${plan.releaseBranch}`;
  if (trigger.ref !== branchRef) {
    throw new CliError(`releases run only from the release branch '${plan.releaseBranch}' (T3), but this run is on '${trigger.ref}'. Dispatch release.yml from ${plan.releaseBranch}.`);
  }
  const tags = await git.localTags();
  if (trigger.event === 'push') return decidePush(plan, trigger, git, tags);
  if (trigger.event === 'workflow_dispatch') return decideDispatch(plan, trigger, git, tags);
  throw new CliError(`release.yml runs on push and workflow_dispatch, not on '${trigger.event}'.`, 2);
}

async function decidePush(plan: ReleasePlan, trigger: Trigger, git: Git, tags: Map<string, TagRef>): Promise<Decision> {
  const candidates: Decision[] = [];
  const reasons: string[] = [];
  for (const track of plan.tracks) {
    const version = await versionAt(git, track, trigger.sha);
    const site = versionSourceSite(track);
    if (version === undefined || !isReleaseVersion(version)) {
      throw new CliError(`${site.file} ${site.keyPath.join('.')} at ${short(trigger.sha)} is '${version ?? 'missing'}', not a release version; fix the manifest.`);
    }
    const umbrella = tags.get(`${track.umbrellaTagPrefix}${version}`);
    if (umbrella !== undefined && umbrella.commit !== trigger.sha) {
      reasons.push(`track ${track.name}: ${version} is already released (${umbrella.name} at ${short(umbrella.commit)})`);
      continue;
    }
    if (umbrella === undefined) {
      refuseBackwards(track, version, tags);
      // A push releases only its own release commit: a later, unrelated push must not release a version
      // whose release PR's run failed or was cancelled, from a commit never reviewed as the release.
      const setters = await settersOf(git, track, version, trigger.sha);
      if (!setters.includes(trigger.sha)) {
        const setBy = setters.length > 0 ? `was set by ${setters.map(short).join(', ')}` : 'was not set on this branch';
        reasons.push(
          `track ${track.name}: ${version} has no ${track.umbrellaTagPrefix}${version} tag yet, but it ${setBy}, not by this push (${short(trigger.sha)}); ` +
            `a push releases only the commit that sets the version. Dispatch ${RELEASE_WORKFLOW_FILE} with version ${version} to (re)run its release`,
        );
        continue;
      }
      // The version must have been set exactly once (T1); this fails loudly, naming the commits, otherwise.
      singleSetter(setters, track, version, plan.releaseBranch);
    }
    const why = umbrella ? `re-run of ${umbrella.name}, which points at this commit` : `${version} has no ${track.umbrellaTagPrefix}${version} tag yet and this push sets it`;
    candidates.push({ release: true, reason: `track ${track.name}: ${why}`, track, version, commit: trigger.sha });
  }
  if (candidates.length > 1) {
    throw new CliError(`this push carries unreleased versions of several tracks (${candidates.map((c) => `${c.track.name} ${c.version}`).join(', ')}); release one track per run: dispatch release.yml with version and track for each.`);
  }
  if (candidates.length === 1) return candidates[0];
  const track = plan.tracks[0];
  return { release: false, reason: `nothing to release: ${reasons.join('; ')}`, track, version: (await versionAt(git, track, trigger.sha))!, commit: trigger.sha };
}

async function decideDispatch(plan: ReleasePlan, trigger: Trigger, git: Git, tags: Map<string, TagRef>): Promise<Decision> {
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
      throw new CliError(`${umbrellaName} points at ${short(umbrella.commit)}, which is not on ${plan.releaseBranch}; a release is only re-run from its own branch.`);
    }
    return { release: true, reason: `dispatch: re-run of ${umbrellaName} at ${short(umbrella.commit)}`, track, version, commit: umbrella.commit };
  }
  refuseBackwards(track, version, tags);
  const commit = await releaseCommitOf(git, track, version, trigger.sha, plan.releaseBranch);
  return { release: true, reason: `dispatch: ${version} was set by ${short(commit)} and has no ${umbrellaName} tag yet`, track, version, commit };
}

/** T7: versions only move forward; a version below the highest released one is refused. */
function refuseBackwards(track: TrackPlan, version: string, tags: Map<string, TagRef>): void {
  const highest = highestReleased(track, tags);
  if (highest !== undefined && compareVersions(version, highest) < 0) {
    throw new CliError(
      `track ${track.name}: ${version} is lower than ${highest}, the highest released version (${track.umbrellaTagPrefix}${highest}); versions only move forward (T7). ` +
        'Bump to a higher version, or dispatch an existing release to re-run it.',
    );
  }
}

/** The highest version with an umbrella tag in the track. */
export function highestReleased(track: TrackPlan, tags: Map<string, TagRef>): string | undefined {
  const versions = [...tags.keys()]
    .filter((t) => t.startsWith(track.umbrellaTagPrefix))
    .map((t) => t.slice(track.umbrellaTagPrefix.length))
    .filter(isReleaseVersion);
  return versions.sort(compareVersions).pop();
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
