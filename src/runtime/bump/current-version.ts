import { pathKey } from './spans';
import { BumpProblem, parseFile, problemOf } from './text-edits';
import { formatKeyPath } from '../../model/key-path';
import { TrackPlan } from '../../model/plan-types';
import { RepoReader } from '../../model/repo';
import { siteFormatOf, valueAt } from '../../model/site-values';
import { isReleaseVersion } from '../../model/versions';

/** The track's current version as its version source carries it, and where that is. */
export interface CurrentVersion {
  readonly file: string;
  readonly line?: number;
  readonly keyPath: string;
  /** The text found there (possibly not a release version). */
  readonly value: string;
  /** True when the value is a strict semver release version. */
  readonly valid: boolean;
}

/** Reads the track's current version from its version source, or returns the problem naming file and line. */
export function currentVersion(track: TrackPlan, repo: RepoReader): CurrentVersion | BumpProblem {
  const source = track.versionSource;
  if (source === undefined) return { file: track.name, reason: `track '${track.name}' has no product that carries a version.` };
  try {
    const text = repo.read(source.file);
    if (text === undefined) return { file: source.file, reason: 'is the version source of the release plan but does not exist; run `npx projen`.' };
    const parsed = parseFile(source.file, siteFormatOf(source.file), text);
    const value = valueAt(parsed.doc, source.keyPath);
    const span = parsed.spans.get(pathKey(source.keyPath));
    const line = span && parsed.lines.lineOf(span.start);
    const keyPath = formatKeyPath(source.keyPath);
    if (typeof value !== 'string') return { file: source.file, line, reason: `has no version at ${keyPath}; run \`npx projen\` to regenerate the plan.` };
    return { file: source.file, line, keyPath, value, valid: isReleaseVersion(value) };
  } catch (e) {
    return problemOf(e);
  }
}
