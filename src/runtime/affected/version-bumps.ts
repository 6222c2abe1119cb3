import type { GitRunner } from './detect';
import { ReleasePlan, RepoReader, TrackPlan } from '../../model';
import { currentVersion } from '../bump/current-version';
import { planEdits } from '../bump/edit-plan';
import { END_OF_OPTIONS } from '../git-args';

/**
 * Changed files whose whole change is a release bump of one or more tracks, with those tracks. A bump
 * edits files several tracks read (a Cargo workspace's `Cargo.toml` and `Cargo.lock`), but a new version
 * of one track changes nothing the other tracks build: such a file runs only the bumped tracks' products.
 *
 * A track is bumped when its version source differs between the two commits; its bump is replayed on the
 * base commit's files with the release's own edits (`planEdits`), and a file counts only when the replayed
 * text is exactly what the head commit has. Any other change to the file (a new dependency beside the
 * version) makes it count as usual.
 */
export function versionBumpFiles(plan: ReleasePlan, changed: readonly string[], base: string, git: GitRunner): Map<string, string[]> {
  const before = new RevisionReader(git, base);
  const after = new RevisionReader(git, 'HEAD');
  const bumped = plan.tracks
    .map((track) => ({ track, version: bumpedVersion(track, before, after) }))
    .filter((b): b is { track: TrackPlan; version: string } => b.version !== undefined);
  const replayed = new Map<string, string>();
  const owners = new Map<string, string[]>();
  const overlay: RepoReader = {
    read: (f) => replayed.get(f) ?? before.read(f),
    findFiles: unlisted,
    filesUnder: unlisted,
  };
  for (const { track, version } of bumped) {
    const edits = planEdits(track, version, overlay);
    // A bump the release could not make itself is no bump to recognise.
    if (edits.problems.length > 0) continue;
    for (const f of edits.files.filter((c) => c.after !== c.before)) {
      replayed.set(f.file, f.after);
      owners.set(f.file, [...(owners.get(f.file) ?? []), track.name]);
    }
  }
  const result = new Map<string, string[]>();
  for (const file of changed) {
    const tracks = owners.get(file);
    if (tracks !== undefined && replayed.get(file) === after.read(file)) result.set(file, tracks);
  }
  return result;
}

/** The track's version at head when it differs from the base's and both are release versions. */
function bumpedVersion(track: TrackPlan, before: RepoReader, after: RepoReader): string | undefined {
  const from = currentVersion(track, before);
  const to = currentVersion(track, after);
  if (!('valid' in from) || !('valid' in to) || !from.valid || !to.valid || from.value === to.value) return undefined;
  return to.value;
}

/**
 * The bump's edits and the current version read files and never list them (edit-plan.ts, current-version.ts),
 * so the replay offers no listing; should one start listing, detection stops here and counts every file
 * as usual (bumpsOf in detect.ts): more runs, never less.
 */
function unlisted(): never {
  throw new Error('replaying a release bump lists no files');
}

/** The files of one commit, read with `git show`. */
class RevisionReader implements RepoReader {
  public readonly findFiles = unlisted;
  public readonly filesUnder = unlisted;
  private readonly texts = new Map<string, string | undefined>();

  constructor(private readonly git: GitRunner, private readonly rev: string) {}

  public read(file: string): string | undefined {
    if (!this.texts.has(file)) {
      let text: string | undefined;
      try {
        text = this.git(['show', END_OF_OPTIONS, `${this.rev}:${file}`]);
      } catch (e) {
        // A file missing at the commit reads as none; any other failure stops detection (it runs everything).
        if (!/does not exist|exists on disk, but not in/.test(String((e as { stderr?: unknown }).stderr ?? (e as Error).message))) throw e;
        text = undefined;
      }
      this.texts.set(file, text);
    }
    return this.texts.get(file);
  }
}
