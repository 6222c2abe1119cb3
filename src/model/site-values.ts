import { ManifestError } from './errors';
import { formatKeyPath } from './key-path';
import { KeyPath, isTable, parseJson, parseToml } from './manifests';
import { ownValue } from './own';
import { SiteFormat, TrackPlan, VersionSite } from './plan-types';
import { pythonAssignmentsDoc, twiceAssigned } from './python-version-file';
import { RepoReader } from './repo';

/** The value at a key path of a parsed manifest, or undefined when the path does not exist. */
export function valueAt(doc: unknown, keyPath: KeyPath): unknown {
  let node: unknown = doc;
  for (const key of keyPath) {
    if (typeof key === 'number') node = Array.isArray(node) ? node[key] : undefined;
    else node = isTable(node) ? ownValue(node, key) : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/** A site's file parsed into a document its key paths read: TOML, JSON, or a Python file's top-level string assignments. */
export function parseSiteDoc(file: string, format: SiteFormat, text: string): Record<string, unknown> {
  switch (format) {
    case 'toml': return parseToml(file, text);
    case 'json': return parseJson(file, text);
    case 'python': return pythonAssignmentsDoc(text);
  }
}

/** The format of a site's file, from its name (a version source records only the file). */
export function siteFormatOf(file: string): SiteFormat {
  return file.endsWith('.json') ? 'json' : file.endsWith('.py') ? 'python' : 'toml';
}

/** Reads the current text of a version site; a missing file or key is an error naming both. */
export function readSiteValue(site: VersionSite, repo: RepoReader): string {
  const text = repo.read(site.file);
  if (text === undefined) throw new ManifestError(site.file, 'is in the release plan but does not exist; run `npx projen` to regenerate the plan.');
  const doc = parseSiteDoc(site.file, site.format, text);
  const twice = site.format === 'python' ? twiceAssigned(site.file, text, site.keyPath.map(String)) : undefined;
  if (twice !== undefined) throw twice;
  const value = valueAt(doc, site.keyPath);
  if (typeof value !== 'string') {
    throw new ManifestError(site.file, `has no string at ${formatKeyPath(site.keyPath)} although the release plan expects one there; run \`npx projen\` to regenerate the plan.`);
  }
  return value;
}

/** The site whose value is the track's version (its version source), or undefined for a track with no versioned product. */
export function versionSourceOf(track: TrackPlan): VersionSite | undefined {
  const vs = track.versionSource;
  const same = (a: KeyPath, b: KeyPath) => a.length === b.length && a.every((k, i) => k === b[i]);
  return vs && track.sites.find((s) => s.file === vs.file && same(s.keyPath, vs.keyPath));
}
