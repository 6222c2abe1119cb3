import { isKeepAChangelog } from './changelog';
import { LockstepConfigError } from './errors';
import { branchNameProblem, prereleaseChannelProblem } from './identifiers';
import { ReleaseTrigger, TrackReleaseOptions } from './options';
import { ReleaseBranchPlan } from './plan-types';
import { RepoReader, isInsideRepo, joinRepoPath, normalizeRepoPath } from './repo';

/**
 * How a track releases, resolved from `TrackReleaseOptions`: its trigger, its release branches with their
 * prerelease channels, where its Python prereleases go and its changelog. Options are checked here, before
 * any manifest is read, and each error names the option.
 */
export interface TrackReleaseConfig {
  readonly trigger: ReleaseTrigger;
  readonly branches: ReleaseBranchPlan[];
  readonly testPypiPrereleases: string[];
  /** The changelog the options name, checked against the repository when the track is built. */
  readonly changelog?: string;
  /** True when the track takes a Keep a Changelog `CHANGELOG.md` at the root without being told (one track). */
  readonly rootChangelog: boolean;
  /** Option path of these options, for error messages (`` or `tracks[1].`). */
  readonly option: string;
}

/** The options of `TrackReleaseOptions`, for telling whether any was given. */
export const TRACK_RELEASE_OPTIONS = ['releaseTrigger', 'releaseBranches', 'testPypiPrereleases', 'changelog'] as const;

/** Resolves and checks a track's release options; `option` prefixes the option names in errors. */
export function trackReleaseOf(
  o: TrackReleaseOptions,
  defaults: { releaseBranch: string; rootChangelog: boolean },
  option: string,
): TrackReleaseConfig {
  const trigger = o.releaseTrigger ?? ReleaseTrigger.RELEASE_PR;
  if (!Object.values(ReleaseTrigger).includes(trigger)) {
    throw new LockstepConfigError(`${option}releaseTrigger: '${trigger}' is not a ReleaseTrigger; use ${Object.values(ReleaseTrigger).map((t) => `'${t}'`).join(' or ')}.`);
  }
  const testPypiPrereleases = channels(o.testPypiPrereleases ?? [], `${option}testPypiPrereleases`);
  let changelog: string | undefined;
  if (o.changelog !== undefined) {
    changelog = normalizeRepoPath(o.changelog);
    if (!isInsideRepo(changelog) || changelog === '.') throw new LockstepConfigError(`${option}changelog: '${o.changelog}' must be a file path inside the repository, such as 'CHANGELOG.md'.`);
  }
  return {
    trigger,
    branches: branchesOf(o.releaseBranches ?? [{ name: defaults.releaseBranch }], `${option}releaseBranches`),
    testPypiPrereleases,
    changelog,
    rootChangelog: defaults.rootChangelog,
    option,
  };
}

function branchesOf(given: ReadonlyArray<{ name: string; prerelease?: string }>, option: string): ReleaseBranchPlan[] {
  if (given.length === 0) throw new LockstepConfigError(`${option}: give at least one branch, or leave the option out to release from the release branch.`);
  const seen = new Set<string>();
  return given.map((b, i) => {
    const problem = typeof b.name === 'string' ? branchNameProblem(b.name) : 'is not a branch name';
    if (problem !== undefined) throw new LockstepConfigError(`${option}[${i}].name: '${b.name}' ${problem}.`);
    if (seen.has(b.name)) throw new LockstepConfigError(`${option}[${i}].name: '${b.name}' is listed twice; list each branch once.`);
    seen.add(b.name);
    if (b.prerelease === undefined) return { name: b.name };
    channels([b.prerelease], `${option}[${i}].prerelease`);
    return { name: b.name, prerelease: b.prerelease.toLowerCase() };
  });
}

function channels(given: readonly string[], option: string): string[] {
  for (const c of given) {
    const problem = typeof c === 'string' ? prereleaseChannelProblem(c) : 'is not text';
    if (problem !== undefined) throw new LockstepConfigError(`${option}: '${c}' ${problem}.`);
  }
  return [...new Set(given.map((c) => c.toLowerCase()))].sort();
}

/**
 * The changelog of a track: the one its options name (it must exist and read as Keep a Changelog), or a
 * Keep a Changelog `CHANGELOG.md` at the root for the one track of a plan; else none (generated notes).
 */
export function trackChangelog(config: TrackReleaseConfig, repo: RepoReader): string | undefined {
  if (config.changelog !== undefined) {
    const text = repo.read(config.changelog);
    if (text === undefined) throw new LockstepConfigError(`${config.option}changelog: '${config.changelog}' does not exist; create it, or leave the option out for generated notes.`);
    if (!isKeepAChangelog(text)) {
      throw new LockstepConfigError(`${config.option}changelog: '${config.changelog}' has no '## [Unreleased]' or '## [X.Y.Z]' heading; write it in Keep a Changelog form (https://keepachangelog.com).`);
    }
    return config.changelog;
  }
  return config.rootChangelog ? keepAChangelogIn(repo, '.') : undefined;
}

/** `CHANGELOG.md` in a directory, when it is a Keep a Changelog file. */
export function keepAChangelogIn(repo: RepoReader, dir: string): string | undefined {
  const file = joinRepoPath(dir, 'CHANGELOG.md');
  const text = repo.read(file);
  return text !== undefined && isKeepAChangelog(text) ? file : undefined;
}
