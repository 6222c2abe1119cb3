import * as path from 'path';
import { formatKeyPath } from '../../model/key-path';
import { ManifestCache } from '../../model/manifest-cache';
import { CargoDependency, CargoManifest, isTable } from '../../model/manifests';
import { PathPattern } from '../../model/path-pattern';
import { dirOf, joinRepoPath, normalizeRepoPath } from '../../model/repo';
import { valueAt } from '../../model/site-values';

/** A crate of a Cargo.lock's workspace: a member, or a crate reached by `path` (or a `[patch]`). */
export interface LocalCrate {
  readonly manifest: CargoManifest;
  readonly name: string;
  readonly version: string;
  /** Members lock their dev-dependencies and every optional dependency; other local crates do not. */
  readonly member: boolean;
  /** The crate's own workspace root, which `x.workspace = true` reads: the lockfile's, for members. */
  readonly workspace?: CargoManifest;
}

/** A dependency as cargo resolves it. */
export interface ResolvedDep {
  /** The package name (after `package =`). */
  readonly name: string;
  readonly req?: string;
  /** The Cargo.toml of a path dependency. */
  readonly localFile?: string;
  /** `file key.path` of the dependency, for messages. */
  readonly where: string;
  /** `file key.path` of its version requirement (the workspace's entry, for an inherited one). */
  readonly requirementAt?: string;
  readonly optional: boolean;
}

/**
 * The workspace root whose Cargo.lock sits in `dir`, or undefined when cargo never reads a lockfile there
 * (no Cargo.toml, or a crate that belongs to a workspace above it).
 */
export function lockfileRoot(dir: string, cache: ManifestCache): CargoManifest | undefined {
  const root = cache.cargoIfValid(joinRepoPath(dir, 'Cargo.toml'));
  return root === undefined || (root.workspace === undefined && workspaceAbove(root.file, cache) !== undefined) ? undefined : root;
}

/**
 * Every crate the root's Cargo.lock records as local, by manifest file: the members as cargo finds them
 * (`members` globs less `exclude`), then every crate they reach by path or a `[patch]`; a path dependency
 * below the root becomes a member, as cargo makes it one.
 */
export function localCrates(root: CargoManifest, cache: ManifestCache): Map<string, LocalCrate> {
  const crates = new Map<string, LocalCrate>();
  const add = (file: string, member: boolean): LocalCrate | undefined => {
    const m = crates.has(file) ? undefined : cache.cargoIfValid(file);
    if (m?.packageName === undefined) return undefined;
    const workspace = member ? root : m.workspace ? m : workspaceAbove(file, cache);
    // Cargo gives a crate without a version 0.0.0.
    const version = m.version ?? (m.versionInherited ? workspace?.workspace?.packageVersion : undefined) ?? '0.0.0';
    const crate = { manifest: m, name: m.packageName, version, member, workspace };
    crates.set(file, crate);
    return crate;
  };
  const queue = [...memberFiles(root, cache).map((f) => add(f, true)), ...patchFiles(root).map((f) => add(f, false))];
  while (queue.length > 0) {
    const crate = queue.shift();
    for (const d of crate === undefined ? [] : dependenciesOf(crate)) {
      // An optional dependency of a crate that is not a member is locked only when a feature turns it on.
      if (d.localFile !== undefined && (crate!.member || !d.optional)) queue.push(add(d.localFile, impliedMember(root, d.localFile)));
    }
  }
  return crates;
}

const DEV = new Set(['dev-dependencies', 'dev_dependencies']);

/** A crate's dependencies as cargo locks them: every target and table, dev-dependencies only for members. */
export function dependenciesOf(c: LocalCrate): ResolvedDep[] {
  return c.manifest.dependencies
    .filter((d) => d.keyPath[0] !== 'workspace' && (c.member || !d.keyPath.some((k) => typeof k === 'string' && DEV.has(k))))
    .flatMap((d) => resolveDep(d, c.manifest, c.workspace) ?? []);
}

function resolveDep(d: CargoDependency, manifest: CargoManifest, workspace: CargoManifest | undefined): ResolvedDep | undefined {
  const value = valueAt(manifest.raw, d.keyPath);
  const base = { where: `${manifest.file} ${formatKeyPath(d.keyPath)}`, optional: isTable(value) && value.optional === true };
  // The entry that holds the requirement and the path: the dependency's own, or its workspace's.
  const [owner, dep] = d.inheritsWorkspace ? [workspace, workspaceDependency(workspace, d)] : [manifest, d];
  // A missing workspace entry is cargo's own error to report.
  if (owner === undefined || dep === undefined) return undefined;
  return {
    ...base,
    name: dep.crate,
    req: dep.version,
    localFile: dep.path === undefined ? undefined : cargoFileAt(dirOf(owner.file), dep.path),
    requirementAt: dep.versionKeyPath === undefined ? undefined : `${owner.file} ${formatKeyPath(dep.versionKeyPath)}`,
  };
}

function workspaceDependency(workspace: CargoManifest | undefined, d: CargoDependency): CargoDependency | undefined {
  const key = d.keyPath[d.keyPath.length - 1];
  return workspace?.dependencies.find((x) => x.keyPath[0] === 'workspace' && x.keyPath[2] === key);
}

function memberFiles(root: CargoManifest, cache: ManifestCache): string[] {
  const rootDir = dirOf(root.file);
  const members = cache.repo.filesUnder(rootDir).filter((f) => {
    const rel = relativeTo(rootDir, dirOf(f));
    return f.split('/').pop() === 'Cargo.toml' && root.workspace !== undefined && rel !== undefined && rel !== '.' && isMember(root.workspace, rel);
  });
  return [...(root.packageName === undefined ? [] : [root.file]), ...members];
}

/**
 * Whether a directory (relative to the workspace root) is a member, as cargo decides: a `members` glob
 * matches it, and no `exclude` path contains it unless `members` names it (or a directory above it) itself.
 */
function isMember(ws: NonNullable<CargoManifest['workspace']>, rel: string): boolean {
  const matches = ws.members.some((g) => {
    try {
      return PathPattern.parse(normalizeRepoPath(g), { below: false }).matches(rel);
    } catch {
      return false; // A member outside this directory (`../x`): cargo reports it if it is wrong.
    }
  });
  return matches && !(within(ws.exclude, rel) && !within(ws.members, rel));
}

/** Cargo makes a path dependency a member when it lies below the workspace root and is not excluded. */
function impliedMember(root: CargoManifest, file: string): boolean {
  const rel = relativeTo(dirOf(root.file), dirOf(file));
  return root.workspace !== undefined && rel !== undefined && rel !== '.' && !within(root.workspace.exclude, rel);
}

/** True when one of `paths` is `rel` or a directory above it. */
function within(paths: readonly string[], rel: string): boolean {
  return paths.some((p) => {
    const n = normalizeRepoPath(p);
    return rel === n || rel.startsWith(`${n}/`);
  });
}

/** `dir` relative to `rootDir` (`.` for the root itself), or undefined when it is not below it. */
function relativeTo(rootDir: string, dir: string): string | undefined {
  if (rootDir === '.' || dir === rootDir) return dir === rootDir ? '.' : dir;
  return dir.startsWith(`${rootDir}/`) ? dir.slice(rootDir.length + 1) : undefined;
}

/** The workspace root above a crate that counts it as a member, if any. */
function workspaceAbove(file: string, cache: ManifestCache): CargoManifest | undefined {
  const crateDir = dirOf(file);
  for (let dir = crateDir; dir !== '.';) {
    dir = dirOf(dir);
    const candidate = cache.cargoIfValid(joinRepoPath(dir, 'Cargo.toml'));
    if (candidate?.workspace !== undefined) return isMember(candidate.workspace, relativeTo(dir, crateDir)!) ? candidate : undefined;
  }
  return undefined;
}

/** Cargo.toml files of `[patch.<registry>]` entries with a `path`. */
function patchFiles(root: CargoManifest): string[] {
  const patch = isTable(root.raw.patch) ? root.raw.patch : {};
  return Object.values(patch).filter(isTable).flatMap((registry) =>
    Object.values(registry).flatMap((entry) => (isTable(entry) && typeof entry.path === 'string' ? cargoFileAt(dirOf(root.file), entry.path) ?? [] : [])));
}

/** The Cargo.toml at a dependency's `path`, repository-relative; undefined outside the repository. */
function cargoFileAt(dir: string, p: string): string | undefined {
  const joined = path.posix.normalize(path.posix.join(dir, p.replace(/\\/g, '/')));
  return joined === '..' || joined.startsWith('../') || path.posix.isAbsolute(joined) ? undefined : joinRepoPath(joined, 'Cargo.toml');
}
