import {
  FsRepoReader,
  NO_BUMP,
  ReleaseBump,
  ReleasePlan,
  TrackPlan,
  bumpVersionProblem,
  changelogProblem,
  compareVersions,
  isReleaseVersion,
  nextReleaseVersion,
  productVersionProblem,
  releasePrBranch,
  trackOf,
} from '../../model';
import { CliError } from '../cli-error';
import { trackRelease } from '../release-state';
import { GitRepo } from './tools';

/** What the maintainer asked for: an explicit version, or a bump kind (with a prerelease identifier). */
export interface ReleaseRequest {
  /** An explicit version; empty or absent means "compute it from `bump`". */
  readonly version?: string;
  /** A `ReleaseBump` value; empty, absent or `none` means "use `version`". */
  readonly bump?: string;
  /** Prerelease identifier for `prerelease` (`rc`); empty gives a numeric prerelease. */
  readonly preid?: string;
  /** Track name; required when the plan has several tracks. */
  readonly track?: string;
}

/** A validated release: the version, its track, the branch of its release PR and every tag it will make. */
export interface ReleaseTarget {
  readonly track: TrackPlan;
  /** The version the manifests carry now. */
  readonly current: string;
  readonly version: string;
  readonly umbrellaTag: string;
  /** `release/<umbrella tag>`. */
  readonly branch: string;
  /** The umbrella tag and every product's tag at `version` (sorted, without duplicates). */
  readonly tags: string[];
}

/** Where the existing-tag check looks. */
export interface TagSources {
  readonly git: GitRepo;
  /** The remote whose tags are asked over the network; undefined checks local tags only. */
  readonly remote?: string;
}

/** The plan's track a request names; with several tracks the name is required. */
export function requestedTrack(plan: ReleasePlan, name: string | undefined): TrackPlan {
  if ((name === undefined || name === '') && plan.tracks.length > 1) {
    throw new CliError(`the plan has ${plan.tracks.length} tracks (${plan.tracks.map((t) => t.name).join(', ')}); pass --track NAME.`, 2);
  }
  try {
    return trackOf(plan, name === '' ? undefined : name);
  } catch (e) {
    throw new CliError((e as Error).message, 2);
  }
}

/**
 * Validates a release request before anything changes (S1, B4, B8): one of version or bump, a strict
 * semver version above the current one, a version every product can carry, and no tag of it already in
 * the repository or on the remote. Every refusal is a CliError saying what to do instead.
 */
export function resolveTarget(plan: ReleasePlan, repoRoot: string, request: ReleaseRequest, tags: TagSources): ReleaseTarget {
  const track = requestedTrack(plan, request.track);
  const release = trackRelease(plan, repoRoot, track.name);
  const version = requestedVersion(release.version, request);
  if (!isReleaseVersion(release.version)) {
    // The bump refuses to move from a version it cannot compare (it would need --allow-downgrade).
    throw new CliError(`the current version '${release.version}' of track '${track.name}' is not a semver release version; fix it with \`npx lockstep bump <version> --allow-downgrade\` in a pull request first.`, 2);
  }
  if (compareVersions(version, release.version) <= 0) {
    const same = compareVersions(version, release.version) === 0;
    throw new CliError(`${version} is ${same ? 'the current version' : `lower than the current version ${release.version}`} of track '${track.name}'; a release moves the version forward. Give a higher version.`, 2);
  }
  const problems = track.products.map((p) => ({ p, problem: productVersionProblem(p, version) })).filter((x) => x.problem !== undefined);
  if (problems.length > 0) {
    throw new CliError(`${version} cannot be released:\n${problems.map((x) => `  ${x.p.name} (${x.p.path}): ${x.problem}`).join('\n')}`, 2);
  }
  refuseMissingChangelogSections(track, version, new FsRepoReader(repoRoot));
  const umbrellaTag = `${track.umbrellaTagPrefix}${version}`;
  const allTags = [...new Set([umbrellaTag, ...track.products.map((p) => `${p.tagPrefix}${version}`)])].sort();
  refuseExistingTags(allTags, version, tags);
  return { track, current: release.version, version, umbrellaTag, branch: releasePrBranch(umbrellaTag), tags: allTags };
}

/**
 * A track or product that keeps a Keep a Changelog file takes its release notes from the version's section,
 * so the release PR is refused until that section is written (the notes would be missing otherwise).
 */
function refuseMissingChangelogSections(track: TrackPlan, version: string, repo: FsRepoReader): void {
  const files = [...new Set([track.changelog, ...track.products.map((p) => p.changelog)].filter((f): f is string => f !== undefined))];
  const problems = files.map((f) => changelogProblem(f, repo.read(f), version)).filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw new CliError(`${version} has no release notes yet:\n${problems.map((p) => `  ${p}`).join('\n')}`, 2);
}

/** The version a request names: the explicit one, or the bump of the current one. */
function requestedVersion(current: string, request: ReleaseRequest): string {
  const explicit = request.version ?? '';
  const bump = request.bump === undefined || request.bump === NO_BUMP ? '' : request.bump;
  if (explicit !== '' && bump !== '') {
    throw new CliError(`give either a version ('${explicit}') or a bump ('${bump}'), not both: with both it is unclear which one you meant.`, 2);
  }
  if (explicit === '' && bump === '') throw new CliError(`give a version (such as 1.4.0) or a bump (${Object.values(ReleaseBump).join(', ')}).`, 2);
  const version = explicit !== '' ? explicit : bumped(current, bump, request.preid ?? '');
  const problem = bumpVersionProblem(version);
  if (problem !== undefined) throw new CliError(`${problem}.`, 2);
  return version;
}

/** The bump of the current version; the prerelease identifier only matters to `prerelease` (the form's default is kept for the others). */
function bumped(current: string, bump: string, preid: string): string {
  const kind = Object.values(ReleaseBump).find((k) => k === bump);
  if (kind === undefined) throw new CliError(`unknown bump '${bump}'; use one of ${Object.values(ReleaseBump).join(', ')}.`, 2);
  if (!isReleaseVersion(current)) throw new CliError(`cannot bump: the current version '${current}' is not a semver version; give an explicit version.`, 2);
  try {
    return nextReleaseVersion(current, kind, preid);
  } catch (e) {
    throw new CliError(`${(e as Error).message}.`, 2);
  }
}

function refuseExistingTags(wanted: readonly string[], version: string, sources: TagSources): void {
  const local = sources.git.localTags();
  const remote = sources.remote === undefined ? new Set<string>() : sources.git.remoteTags(sources.remote);
  const found = wanted.filter((t) => local.has(t) || remote.has(t));
  if (found.length > 0) {
    const where = (t: string) => [local.has(t) ? 'here' : '', remote.has(t) ? `on ${sources.remote}` : ''].filter(Boolean).join(' and ');
    throw new CliError(`${version} is already tagged (${found.map((t) => `${t} ${where(t)}`).join(', ')}); a released version is never released again. Choose a higher version.`, 2);
  }
}
