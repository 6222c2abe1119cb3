import { ReleasePlan, TrackPlan, branchCarries, releaseBranchesOf, tagTriggeredRelease, trackVersionProblem } from '../../model';
import { CliError } from '../cli-error';
import type { Decision, Trigger } from './decide';
import { versionAt, versionSourceSite } from './manifest-versions';
import { Git, TagRef } from './ports';
import { refuseBackwards } from './released';
import { short } from './run';

/** The remote whose branches a tag's commit must be on (the checkout's origin). */
const REMOTE = 'origin';

/**
 * A pushed tag (`on.push.tags`): the umbrella tag of a tag-triggered track releases its version. Before
 * anything is built, the tag is checked: every manifest at the tagged commit must carry the tag's version
 * (the version source here; `release-plan` then verifies every manifest, pin and lockfile), the commit
 * must be on one of the track's release branches whose channel carries the version, and the version must
 * not go backwards. Any other tag (a product's, another track's) releases nothing.
 */
export async function decideTagPush(plan: ReleasePlan, trigger: Trigger, git: Git, tags: Map<string, TagRef>): Promise<Decision> {
  const name = trigger.ref.slice('refs/tags/'.length);
  const found = tagTriggeredRelease(plan, name);
  if (found === undefined) {
    const track = plan.tracks[0];
    return { release: false, reason: `nothing to release: ${name} is not the umbrella tag of a track released by tag`, track, version: (await versionAt(git, track, trigger.sha)) ?? '', commit: trigger.sha };
  }
  const { track, version } = found;
  const tag = tags.get(name);
  if (tag === undefined) throw new CliError(`the pushed tag ${name} is not in the checkout; the plan job must check out with fetch-depth: 0, which fetches every tag.`);
  const carried = trackVersionProblem(track, version);
  if (carried !== undefined) throw new CliError(`the pushed tag ${name} names ${version}, but ${carried}. Nothing was published: delete the tag and tag a version every product can carry.`);
  await checkVersionAt(track, version, name, tag.commit, git);
  const branch = await branchHolding(plan, track, version, name, tag.commit, git);
  refuseBackwards(track, version, tags);
  return { release: true, reason: `track ${track.name}: tag ${name} pushed at ${short(tag.commit)}, on ${branch}`, track, version, commit: tag.commit };
}

/** The tagged commit must carry the tag's version: a tag on the wrong commit is the mistake this catches. */
async function checkVersionAt(track: TrackPlan, version: string, name: string, commit: string, git: Git): Promise<void> {
  const carried = await versionAt(git, track, commit);
  if (carried === version) return;
  const site = versionSourceSite(track);
  throw new CliError(
    `${name} points at ${short(commit)}, where ${site.file} ${site.keyPath.join('.')} is '${carried ?? 'missing'}', not ${version}. ` +
      `Bump every manifest to ${version} (scripts/bump-version.sh ${version}), merge that, then delete the tag (git push --delete ${REMOTE} ${name}) and tag the merge commit.`,
  );
}

/** The release branch (of those whose channel carries the version) that holds the tagged commit. */
async function branchHolding(plan: ReleasePlan, track: TrackPlan, version: string, name: string, commit: string, git: Git): Promise<string> {
  const branches = releaseBranchesOf(plan, track);
  const carrying = branches.filter((b) => branchCarries(b, version));
  if (carrying.length === 0) {
    // A branch without a prerelease channel carries every version, so here every branch has one.
    const channels = branches.map((b) => `'${b.name}' releases ${b.prerelease} prereleases`).join(', ');
    throw new CliError(`${name}: no release branch of track ${track.name} releases ${version} (${channels}). Tag a version of one of these channels.`);
  }
  for (const b of carrying) {
    const head = await branchHead(git, b.name);
    if (await git.isAncestor(commit, head)) return b.name;
  }
  throw new CliError(
    `${name} points at ${short(commit)}, which is on none of ${carrying.map((b) => `'${b.name}'`).join(', ')}; a release is cut only from a commit of its release branch. ` +
      `Delete the tag (git push --delete ${REMOTE} ${name}) and tag a commit of ${carrying[0].name}.`,
  );
}

/** The commit a release branch is at in the checkout (its remote-tracking branch, else the local one). */
async function branchHead(git: Git, branch: string): Promise<string> {
  for (const ref of [`refs/remotes/${REMOTE}/${branch}`, `refs/heads/${branch}`]) {
    try {
      return await git.revParse(ref);
    } catch {
      // Not this ref: try the next.
    }
  }
  throw new CliError(`the release branch ${branch} is not in the checkout; the plan job must check out with fetch-depth: 0, which fetches every branch.`);
}
