import { Git } from './ports';
import { MemoryRepoReader, RepoReader, TrackPlan, VersionSite, readSiteValue, toPep440 } from '../../model';

/** The value a site carries for `version`: PEP 440 for Python, the semver version otherwise. */
function expectedForm(site: VersionSite, version: string): string {
  return site.scheme === 'pep440' || site.scheme === 'pep508' ? toPep440(version) : version;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Every site of the track that does not carry `version`: a manifest's own version must be exactly the
 * version in its ecosystem's form, and a pin on a sibling must name it (with whatever operator). An empty
 * list means the one version is everywhere (the `lockstep verify` check, done on the release commit).
 */
export function versionProblems(track: TrackPlan, version: string, repo: RepoReader): string[] {
  const problems: string[] = [];
  for (const site of track.sites) {
    const where = `${site.file} ${site.keyPath.join('.')}`;
    let value: string;
    let want: string;
    try {
      value = readSiteValue(site, repo);
      want = expectedForm(site, version);
    } catch (e) {
      problems.push(`${where}: ${(e as Error).message}`);
      continue;
    }
    const ok = site.role === 'version' ? value === want : new RegExp(`(^|[^0-9A-Za-z.+-])${escapeRegExp(want)}$`).test(value);
    if (!ok) problems.push(`${where} is '${value}', expected ${site.role === 'version' ? `'${want}'` : `a pin on '${want}'`}`);
  }
  return problems;
}

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
  const vs = track.versionSource;
  const site = vs && track.sites.find((s) => s.file === vs.file && s.keyPath.join('\u0000') === vs.keyPath.join('\u0000'));
  if (site === undefined) throw new Error(`track '${track.name}' has no product that carries a version, so it has nothing to release; add a versioned product.`);
  return site;
}
