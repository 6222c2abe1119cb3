import { ReleaseTrigger } from './options';
import { ReleaseBranchPlan, ReleasePlan, TrackPlan } from './plan-types';
import { isReleaseVersion, npmDistTag, prereleaseOf } from './versions';

/**
 * Release channels: which branch of a track may release which version, where a version's packages go
 * (PyPI or TestPyPI, the npm dist-tag, a GitHub prerelease), and which umbrella tag starts a tag-triggered
 * release. The release workflow (components) and the `lockstep` release commands (runtime) both follow
 * these rules, so they live here, once.
 */

/** The Python package indexes a release can go to: the simple API the probes read and the upload URL. */
export const PYTHON_INDEXES = {
  pypi: { simple: 'https://pypi.org/simple', upload: 'https://upload.pypi.org/legacy/', publisherPage: 'https://pypi.org/manage/account/publishing/' },
  testpypi: { simple: 'https://test.pypi.org/simple', upload: 'https://test.pypi.org/legacy/', publisherPage: 'https://test.pypi.org/manage/account/publishing/' },
} as const;

/** A key of `PYTHON_INDEXES`. */
export type PythonIndex = keyof typeof PYTHON_INDEXES;

/** Where a version of a track goes. */
export interface ReleaseChannel {
  /** The prerelease identifier that names the channel (`alpha`), or `stable`. */
  readonly name: string;
  readonly prerelease: boolean;
  readonly npmDistTag: string;
  readonly pythonIndex: PythonIndex;
}

/**
 * The channel of a version: its first prerelease identifier when that is a word, else `stable` or `prerelease`.
 * A prerelease whose word is `stable` (2.0.0-Stable.1) is on the `prerelease` channel: its name would otherwise
 * send it to the stable channel's updater manifest, which installed apps on stable read.
 */
export function channelName(version: string): string {
  const pre = prereleaseOf(version);
  if (pre.length === 0) return 'stable';
  const word = typeof pre[0] === 'string' ? pre[0].toLowerCase() : 'prerelease';
  return word === 'stable' ? 'prerelease' : word;
}

/** Where a version of the track goes: TestPyPI for the prerelease identifiers the track names, PyPI otherwise. */
export function releaseChannel(track: TrackPlan, version: string): ReleaseChannel {
  const name = channelName(version);
  const prerelease = prereleaseOf(version).length > 0;
  const test = prerelease && (track.testPypiPrereleases ?? []).includes(name);
  return { name, prerelease, npmDistTag: npmDistTag(version), pythonIndex: test ? 'testpypi' : 'pypi' };
}

/** Whether a release branch carries a version: any version, or only its one prerelease identifier. */
export function branchCarries(branch: ReleaseBranchPlan, version: string): boolean {
  return branch.prerelease === undefined || channelName(version) === branch.prerelease;
}

/** The track's release branches, read from a plan that may predate them (then: the release branch). */
export function releaseBranchesOf(plan: ReleasePlan, track: TrackPlan): ReleaseBranchPlan[] {
  return track.branches ?? [{ name: plan.releaseBranch }];
}

/**
 * Why the track does not release `version` from `branch`, or undefined when it does: the branch must be
 * one of the track's release branches and carry the version's channel.
 */
export function branchReleaseProblem(plan: ReleasePlan, track: TrackPlan, branch: string, version: string): string | undefined {
  const branches = releaseBranchesOf(plan, track);
  const entry = branches.find((b) => b.name === branch);
  if (entry === undefined) return `track ${track.name} releases from ${branches.map((b) => `'${b.name}'`).join(', ')}, not from '${branch}'`;
  if (!branchCarries(entry, version)) {
    return `'${branch}' releases only ${entry.prerelease} prereleases of track ${track.name} (such as 1.2.0-${entry.prerelease}.1), not ${version}`;
  }
  return undefined;
}

/**
 * The `on.push.tags` pattern of a tag-triggered track: its umbrella prefix, then a version. GitHub anchors
 * the pattern at the start of the tag (`v*` does not match `tray-v1.0.0`), and the digits keep `v` from
 * matching a tag such as `vendor-1.0.0`; the run checks the exact version itself.
 */
export function umbrellaTagPattern(track: TrackPlan): string {
  return `${track.umbrellaTagPrefix}[0-9]*.[0-9]*.[0-9]*`;
}

/** The tag-triggered track and version an umbrella tag names, or undefined when it names none. */
export function tagTriggeredRelease(plan: ReleasePlan, tag: string): { track: TrackPlan; version: string } | undefined {
  for (const track of plan.tracks) {
    if (track.trigger !== ReleaseTrigger.TAG_PUSH || !tag.startsWith(track.umbrellaTagPrefix)) continue;
    const version = tag.slice(track.umbrellaTagPrefix.length);
    if (isReleaseVersion(version)) return { track, version };
  }
  return undefined;
}
