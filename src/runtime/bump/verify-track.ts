import { currentVersion } from './current-version';
import { planEdits } from './edit-plan';
import { lockProblems, productPackages } from './lock-consistency';
import { LockProblem } from './lock-problems';
import { BumpProblem, FileChange } from './text-edits';
import { formatKeyPath } from '../../model/key-path';
import { TrackPlan } from '../../model/plan-types';
import { RepoReader } from '../../model/repo';

/** The outcome of `lockstep verify` for one track. */
export interface TrackVerification {
  readonly track: string;
  /** The version the track's version source carries. */
  readonly version?: string;
  /** Version sites and lockfiles checked. */
  readonly sites: number;
  readonly lockfiles: number;
  /** Every disagreement or problem, naming file, line and reason (empty when the track is consistent). */
  readonly problems: BumpProblem[];
}

/**
 * Checks that every manifest field, pin and lockfile entry of a track carries the track's one version (the
 * value at its version source): it computes a bump to that same version, and any edit that bump would make
 * is a disagreement. So `verify` and `bump` can never disagree about what "carries the version" means.
 * Then every lockfile is checked against its manifests the way its package manager would, without the
 * network or a package cache.
 */
export function verifyTrack(track: TrackPlan, repo: RepoReader): TrackVerification {
  const base = { track: track.name, sites: track.sites.length, lockfiles: track.lockfiles.length };
  const current = currentVersion(track, repo);
  if ('reason' in current) return { ...base, problems: [current] };
  if (!current.valid) {
    return { ...base, problems: [{ file: current.file, line: current.line, reason: `${current.keyPath} is '${current.value}', which is not a semver release version.` }] };
  }
  const version = current.value;
  const edits = planEdits(track, version, repo);
  const fix = `run \`npx lockstep bump ${version} --allow-same\` to fix it`;
  const mismatches = edits.files.flatMap((f) =>
    f.edits.map((e) => ({
      file: f.file,
      line: e.line,
      reason: `${formatKeyPath(e.keyPath)} is '${e.oldValue}', but the track is at ${version} (${current.file} ${current.keyPath}), so it should be '${e.newValue}'; ${fix}.`,
    })),
  );
  // A requirement that lags the version is reported once, at its own line, not again by the lockfile check.
  const lagging = new Set(edits.files.flatMap((f) => f.edits.map((e) => `${f.file} ${formatKeyPath(e.keyPath)}`)));
  const locks = lockfileProblems(track, edits.files, repo).filter((p) => p.requirementAt === undefined || !lagging.has(p.requirementAt));
  return { ...base, version, problems: [...edits.problems, ...mismatches, ...locks.map(({ file, line, reason }) => ({ file, line, reason }))] };
}

/**
 * What each lockfile's package manager would refuse (`cargo metadata --locked`, `npm ci`), checked against
 * the manifests on disk; a lockfile that could not even be read is already reported.
 */
function lockfileProblems(track: TrackPlan, files: readonly FileChange[], repo: RepoReader): LockProblem[] {
  const products = productPackages(track);
  return track.lockfiles.flatMap((lock) => {
    const read = files.find((f) => f.file === lock.file);
    return read === undefined ? [] : lockProblems(lock, read.before, repo, products);
  });
}
