import { Git } from './ports';
import { MemoryRepoReader, RepoReader, TrackPlan, VersionSite, readSiteValue, versionSourceOf } from '../../model';

/** A RepoReader over the files of a track's manifests at one commit (read once through git). */
export async function manifestsAt(git: Git, commit: string, files: readonly string[]): Promise<RepoReader> {
  const entries = await Promise.all(files.map(async (f) => [f, await git.show(commit, f)] as const));
  return new MemoryRepoReader(Object.fromEntries(entries.filter((e): e is readonly [string, string] => e[1] !== undefined)));
}

/** The track's version at a commit (its version source), or undefined when it cannot be read there. */
export async function versionAt(git: Git, track: TrackPlan, commit: string): Promise<string | undefined> {
  const source = versionSourceSite(track);
  const repo = await manifestsAt(git, commit, [source.file]);
  try {
    return readSiteValue(source, repo);
  } catch {
    return undefined;
  }
}

/** The site that says what the track's version is. */
export function versionSourceSite(track: TrackPlan): VersionSite {
  const site = versionSourceOf(track);
  if (site === undefined) throw new Error(`track '${track.name}' has no product that carries a version, so it has nothing to release; add a versioned product.`);
  return site;
}
