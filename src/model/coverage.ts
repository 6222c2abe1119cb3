import { LockstepConfigError } from './errors';
import { formatKeyPath } from './key-path';
import { ManifestCache } from './manifest-cache';
import { PackageOwners, dependenciesOf } from './pins-and-edges';
import { VersionSite } from './plan-types';
import { dirOf, isInsideRepo, normalizeRepoPath } from './repo';

/** Manifest file names the coverage check reads. */
export const MANIFEST_NAMES: readonly string[] = ['Cargo.toml', 'package.json', 'pyproject.toml', 'tauri.conf.json'];

/**
 * Builds the filter for `excludeManifests`: each entry is a repository-relative file or directory. An
 * entry outside the repository, or one that matches no manifest or lockfile, is a configuration error —
 * most likely a typo or a file that has since moved.
 */
export function excludeFilter(excluded: readonly string[], candidates: readonly string[]): (file: string) => boolean {
  const entries = excluded.map((e, i) => {
    if (!isInsideRepo(e)) {
      throw new LockstepConfigError(`excludeManifests[${i}]: '${e}' is outside the repository. Give a path relative to the repository root.`);
    }
    return normalizeRepoPath(e);
  });
  const matches = (file: string, entry: string) => entry === '.' || file === entry || file.startsWith(`${entry}/`);
  entries.forEach((entry, i) => {
    if (!candidates.some((f) => matches(f, entry))) {
      throw new LockstepConfigError(
        `excludeManifests[${i}]: '${excluded[i]}' matches no manifest or lockfile in the repository. Remove it, or fix the path.`,
      );
    }
  });
  return (file: string) => !entries.some((entry) => matches(file, entry));
}

/**
 * An excluded manifest must be one the release leaves alone: a file whose version or pin a product owns is
 * edited by the bump whatever `excludeManifests` says, so an entry naming one (or a directory holding one)
 * is a contradiction the user should resolve, not a silent no-op.
 */
export function checkExcludedOwned(excluded: readonly string[], sites: readonly VersionSite[]): void {
  excluded.forEach((raw, i) => {
    const entry = normalizeRepoPath(raw);
    const site = sites.find((s) => entry === '.' || s.file === entry || s.file.startsWith(`${entry}/`));
    if (site === undefined) return;
    const owners = site.products.length > 0 ? site.products.join(', ') : 'the track';
    const what = site.file === entry ? `names ${site.file}` : `covers ${site.file}`;
    throw new LockstepConfigError(
      `excludeManifests[${i}]: '${raw}' ${what}, whose ${formatKeyPath(site.keyPath)} the bump sets for ${owners}: the bump edits it whatever excludeManifests says. ` +
        (site.file === entry
          ? 'Remove the entry (the file follows the release), or change the product that owns it.'
          : `List the files or folders below '${raw}' that the release should leave alone instead of the whole folder, or remove the entry.`),
    );
  });
}

/**
 * B1: a manifest that carries a version or an internal pin must belong to a product or be excluded on
 * purpose; a hand-kept list drifting from the repository is how releases broke. Lists every such file.
 */
export function checkCoverage(cache: ManifestCache, covered: Set<string>, owners: PackageOwners, included: (file: string) => boolean): void {
  const problems = uncoveredManifests(cache, covered, owners, included).map((u) => `  ${u.file}: ${u.reasons.join('; ')}`);
  if (problems.length > 0) {
    throw new LockstepConfigError(
      `${problems.length} manifest(s) carry a version or an internal pin but belong to no product:\n${problems.join('\n')}\n` +
        'Each must either follow the release or be left alone on purpose:\n' +
        "  1. declare a product for it (for example Product.rustCrate({ path: 'benches', publish: false }) for an internal crate), or\n" +
        "  2. list it in `excludeManifests` (for example excludeManifests: ['benches/Cargo.toml']); the bump then never touches it, so a crate " +
        'can be excluded only once it depends on products by `path` alone, or\n' +
        "  3. list it in `pinFollowers` (for example pinFollowers: ['benches']) when it keeps its own version but its pins on products must follow.",
    );
  }
}

/** A manifest that carries a version or an internal pin and belongs to no product, with what it carries. */
export interface UncoveredManifest {
  readonly file: string;
  /** What it carries: `[package].version = "1.2.0"`, `pins core at dependencies.core`. */
  readonly reasons: readonly string[];
}

/** Every manifest `checkCoverage` would name, in file order. */
export function uncoveredManifests(
  cache: ManifestCache, covered: Set<string>, owners: PackageOwners, included: (file: string) => boolean,
): UncoveredManifest[] {
  const uncovered: UncoveredManifest[] = [];
  for (const file of cache.repo.findFiles(MANIFEST_NAMES).filter(included)) {
    if (covered.has(file)) continue;
    const reasons = versionReasons(file, cache);
    const deps = dependenciesOf(file, [], owners, cache);
    for (const pin of deps?.pins ?? []) reasons.push(`pins ${pin.target} at ${formatKeyPath(pin.keyPath)}`);
    if (reasons.length > 0) uncovered.push({ file, reasons });
  }
  return uncovered;
}

/**
 * An excluded crate keeps its text through a bump, so a pin it has on a product by `path` and `version`
 * would no longer match the crate at that path, and cargo stops resolving its workspace ("failed to
 * select a version"). Such an exclusion cannot be honoured: it is refused, naming the pin and the fixes.
 */
export function checkExcludedPins(cache: ManifestCache, owners: PackageOwners, excluded: readonly string[]): void {
  const pins: Array<{ file: string; text: string }> = [];
  for (const file of excluded.filter((f) => f.split('/').pop() === 'Cargo.toml')) {
    for (const dep of cache.cargoIfValid(file)?.dependencies ?? []) {
      const target = owners.crates.get(dep.crate);
      if (target !== undefined && dep.path !== undefined && dep.versionKeyPath !== undefined) {
        pins.push({ file, text: `  ${file}: pins ${target} by path and version at ${formatKeyPath(dep.versionKeyPath)} = "${dep.version}"` });
      }
    }
  }
  if (pins.length === 0) return;
  throw new LockstepConfigError(
    `excludeManifests: ${pins.length} pin(s) in excluded crates would break their workspace after a bump:\n${pins.map((p) => p.text).join('\n')}\n` +
      'The bump leaves an excluded file as it is, so such a pin would keep the old version of a crate that moved, and cargo could no longer ' +
      'resolve the workspace. For each, either:\n' +
      '  1. drop the `version` of that path dependency (a crate that is never published needs only `path`), or\n' +
      `  2. declare the crate a product instead of excluding it (for example Product.rustCrate({ path: '${dirOf(pins[0].file)}', publish: false })), so its pins follow.`,
  );
}

function versionReasons(file: string, cache: ManifestCache): string[] {
  switch (file.split('/').pop()) {
    case 'Cargo.toml': {
      const c = cache.cargo(file)!;
      return [
        ...(c.version !== undefined ? [`[package].version = "${c.version}"`] : []),
        ...(c.workspace?.packageVersion !== undefined ? [`[workspace.package].version = "${c.workspace.packageVersion}"`] : []),
      ];
    }
    case 'package.json': {
      const n = cache.npm(file)!;
      return n.version !== undefined ? [`"version": "${n.version}"`] : [];
    }
    case 'pyproject.toml': {
      const p = cache.pyproject(file)!;
      return p.versionKeyPath ? [`${p.versionKeyPath.join('.')} = "${p.version}"`] : [];
    }
    case 'tauri.conf.json': {
      const t = cache.tauri(file)!;
      return t.versionKeyPath ? [`${t.versionKeyPath.join('.')} = "${t.version}"`] : [];
    }
    default:
      return [];
  }
}
