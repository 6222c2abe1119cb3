import { DependencyEdge } from './graph';
import { formatKeyPath } from './key-path';
import { ManifestCache } from './manifest-cache';
import { CargoDependency, CargoManifest, KeyPath, NpmManifest, PyprojectManifest } from './manifests';
import { VersionSite } from './plan-types';

/** Which product each package name belongs to, per ecosystem. */
export interface PackageOwners {
  readonly crates: Map<string, string>;
  readonly npm: Map<string, string>;
  readonly python: Map<string, string>;
}

/** Internal pins found in one manifest, and the dependency edges between products they imply. */
export interface ManifestDependencies {
  readonly pins: VersionSite[];
  readonly edges: DependencyEdge[];
}

const DEV_TABLES = new Set(['dev-dependencies', 'dev_dependencies', 'devDependencies']);

/**
 * An npm or path-only Cargo dev-dependency never orders publishing: npm ignores devDependencies and cargo
 * strips a path-only one when packaging, so cycles through tests are normal. It is still a pin that must
 * follow the version. A Cargo dev-dependency with a version requirement is different (P9).
 */
function isDevDependency(keyPath: KeyPath): boolean {
  return keyPath.some((k) => typeof k === 'string' && DEV_TABLES.has(k));
}

/** Whether a Cargo dependency has a version requirement, its own or the `[workspace.dependencies]` entry it inherits. */
function carriesVersion(dep: CargoDependency, workspaceDeps: readonly CargoDependency[]): boolean {
  if (!dep.inheritsWorkspace) return dep.version !== undefined;
  const key = dep.keyPath[dep.keyPath.length - 1];
  return workspaceDeps.some((w) => w.keyPath[0] === 'workspace' && w.keyPath[w.keyPath.length - 1] === key && w.version !== undefined);
}

/**
 * Pins and edges of a Cargo.toml owned by `owners` (empty for a workspace root no product owns).
 * `workspaceDeps` are the dependencies of its workspace root, which `x.workspace = true` entries inherit.
 */
export function cargoDependencies(
  c: CargoManifest,
  owners: string[],
  by: PackageOwners,
  workspaceDeps: readonly CargoDependency[] = [],
): ManifestDependencies {
  const pins: VersionSite[] = [];
  const edges: DependencyEdge[] = [];
  for (const dep of c.dependencies) {
    const target = by.crates.get(dep.crate);
    // A product's own crate in the root's [workspace.dependencies] is still a pin that must follow the version.
    if (target === undefined) continue;
    if (dep.versionKeyPath && dep.version !== undefined) {
      pins.push({ file: c.file, format: 'toml', keyPath: dep.versionKeyPath, role: 'pin', scheme: 'cargo-req', products: owners, target });
    }
    if (dep.keyPath[0] === 'workspace') continue;
    const dev = isDevDependency(dep.keyPath);
    // P9: cargo keeps a dev-dependency that has a version requirement and resolves it while packaging,
    // so the crate it names must be on the registry first; only a path-only one is stripped.
    if (dev && !carriesVersion(dep, workspaceDeps)) continue;
    for (const from of owners.filter((o) => o !== target)) edges.push({ from, to: target, via: `${c.file} ${formatKeyPath(dep.keyPath)}`, ...(dev ? { dev } : {}) });
  }
  return { pins, edges };
}

/** True when an npm range carries a version (rather than `*`, `workspace:*`, `file:` or a tag). */
export function npmRangeCarriesVersion(range: string): boolean {
  const r = range.replace(/^workspace:/, '').trim();
  return /\d/.test(r) && !/^(file|link|portal|git|git\+\w+|https?|github):/.test(r);
}

/** Pins and edges of a package.json owned by `owners`. */
export function npmDependencies(n: NpmManifest, owners: string[], by: PackageOwners): ManifestDependencies {
  const pins: VersionSite[] = [];
  const edges: DependencyEdge[] = [];
  for (const dep of n.dependencies) {
    const target = by.npm.get(dep.name);
    if (target === undefined || owners.includes(target)) continue;
    if (npmRangeCarriesVersion(dep.range)) {
      pins.push({ file: n.file, format: 'json', keyPath: dep.keyPath, role: 'pin', scheme: 'npm-range', products: owners, target });
    }
    if (!isDevDependency(dep.keyPath)) {
      for (const from of owners) edges.push({ from, to: target, via: `${n.file} ${formatKeyPath(dep.keyPath)}` });
    }
  }
  return { pins, edges };
}

/** Pins and edges of a pyproject.toml owned by `owners`. */
export function pythonDependencies(p: PyprojectManifest, owners: string[], by: PackageOwners): ManifestDependencies {
  const pins: VersionSite[] = [];
  const edges: DependencyEdge[] = [];
  for (const dep of p.dependencies) {
    const target = by.python.get(dep.name);
    if (target === undefined || owners.includes(target)) continue;
    if (/[<>=~!]=?\s*\d/.test(dep.requirement)) {
      pins.push({ file: p.file, format: 'toml', keyPath: dep.keyPath, role: 'pin', scheme: 'pep508', products: owners, target });
    }
    for (const from of owners) edges.push({ from, to: target, via: `${p.file} ${formatKeyPath(dep.keyPath)}` });
  }
  return { pins, edges };
}

/**
 * Pins and edges of any manifest by file name; `undefined` for a file that is not a manifest we read.
 * `rootOf` finds a crate's workspace root, whose `[workspace.dependencies]` its inherited entries use.
 */
export function dependenciesOf(
  file: string,
  owners: string[],
  by: PackageOwners,
  cache: ManifestCache,
  rootOf?: (c: CargoManifest) => CargoManifest | undefined,
): ManifestDependencies | undefined {
  const base = file.split('/').pop();
  if (base === 'Cargo.toml') {
    const c = cache.cargo(file);
    return c && cargoDependencies(c, owners, by, rootOf?.(c)?.dependencies ?? []);
  }
  if (base === 'package.json') {
    const n = cache.npm(file);
    return n && npmDependencies(n, owners, by);
  }
  if (base === 'pyproject.toml') {
    const p = cache.pyproject(file);
    return p && pythonDependencies(p, owners, by);
  }
  return { pins: [], edges: [] };
}
