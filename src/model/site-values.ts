import { ManifestError } from './errors';
import { KeyPath, isTable, parseJson, parseToml } from './manifests';
import { VersionSite } from './plan-types';
import { RepoReader } from './repo';

/** The value at a key path of a parsed manifest, or undefined when the path does not exist. */
export function valueAt(doc: unknown, keyPath: KeyPath): unknown {
  let node: unknown = doc;
  for (const key of keyPath) {
    if (typeof key === 'number') node = Array.isArray(node) ? node[key] : undefined;
    else node = isTable(node) ? node[key] : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/** Reads the current text of a version site; a missing file or key is an error naming both. */
export function readSiteValue(site: VersionSite, repo: RepoReader): string {
  const text = repo.read(site.file);
  if (text === undefined) throw new ManifestError(site.file, 'is in the release plan but does not exist; run `npx projen` to regenerate the plan.');
  const doc = site.format === 'toml' ? parseToml(site.file, text) : parseJson(site.file, text);
  const value = valueAt(doc, site.keyPath);
  if (typeof value !== 'string') {
    throw new ManifestError(site.file, `has no string at ${site.keyPath.join('.')} although the release plan expects one there; run \`npx projen\` to regenerate the plan.`);
  }
  return value;
}
