import { currentVersion } from './current-version';
import { planEdits } from './edit-plan';
import { BumpProblem } from './text-edits';
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
  return { ...base, version, problems: [...edits.problems, ...mismatches] };
}
