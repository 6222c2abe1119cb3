import { productInputsOf } from './ci-inputs';
import { ManifestCache } from './manifest-cache';
import { CargoManifest, isTable } from './manifests';
import { PathPattern } from './path-pattern';
import { ProductCiPlan } from './plan-types';
import { ProductKind } from './product';
import { dirOf, joinRepoPath } from './repo';
import { ResolvedProduct } from './resolve-product';

/**
 * Facts CI needs about a product, read from its manifests at synth so the plan stays the one source of
 * truth: the crate CI builds, its Cargo workspace and MSRV (`rust-version`), the lockfiles that key caches
 * and make installs reproducible, and the products its CI build also builds.
 *
 * It also records what the product's build and tests read (`inputs`, see ci-inputs.ts) and which products'
 * inputs are its inputs too (`inputsFrom`: its `dependsOn`, path dependencies of every kind, the C
 * library a Go module links), so change detection runs the product exactly when one of those changed.
 *
 * `rootOf` finds a crate's Cargo workspace root (passed in to keep this module free of track.ts).
 */
export function ciFactsOf(
  p: ResolvedProduct,
  track: readonly ResolvedProduct[],
  cache: ManifestCache,
  rootOf: (crate: CargoManifest) => CargoManifest | undefined,
  dependsOn: readonly string[] = [],
): ProductCiPlan {
  const crate = p.cargo[0];
  const root = crate && rootOf(crate);
  const cargoRoot = crate && (root ? dirOf(root.file) : dirOf(crate.file));
  const exists = (file: string) => cache.repo.read(file) !== undefined;
  const lockfiles: string[] = [];
  if (cargoRoot !== undefined && exists(joinRepoPath(cargoRoot, 'Cargo.lock'))) lockfiles.push(joinRepoPath(cargoRoot, 'Cargo.lock'));
  const install = p.npm.length > 0 ? npmInstallRootOf(p.path, cache) : undefined;
  const npmRoot = install?.dir;
  if (install !== undefined) lockfiles.push(install.lockfile);
  if (p.goMod && exists(joinRepoPath(p.path, 'go.sum'))) lockfiles.push(joinRepoPath(p.path, 'go.sum'));
  const rustVersion = crate && rustVersionOf(crate, root);
  const buildsWith = p.kind === ProductKind.GO_MODULE ? track.filter((o) => o.kind === ProductKind.C_FFI).map((o) => o.name) : [];
  const read = productInputsOf(p, track, cache, rootOf, npmRoot);
  return {
    ...(crate?.packageName !== undefined ? { crate: crate.packageName } : {}),
    ...(cargoRoot !== undefined ? { cargoRoot } : {}),
    ...(rustVersion !== undefined ? { rustVersion } : {}),
    ...(p.npm.length > 0 ? { npmRoot: npmRoot ?? p.path } : {}),
    lockfiles,
    // A Go module's tests link the C library that the track's FFI crates build (cgo), so CI builds those
    // first and a change to them must re-run the Go tests.
    buildsWith,
    inputs: read.inputs,
    inputsFrom: [...new Set([...dependsOn, ...buildsWith, ...read.inputsFrom])].sort(),
  };
}

/** `[package].rust-version`, or the workspace's when the crate says `rust-version.workspace = true`. */
function rustVersionOf(crate: CargoManifest, root: CargoManifest | undefined): string | undefined {
  const pkg = isTable(crate.raw.package) ? crate.raw.package : {};
  const value = pkg['rust-version'];
  if (typeof value === 'string') return value;
  if (isTable(value) && value.workspace === true && root) {
    const ws = isTable(root.raw.workspace) && isTable(root.raw.workspace.package) ? root.raw.workspace.package : {};
    const inherited = ws['rust-version'];
    return typeof inherited === 'string' ? inherited : undefined;
  }
  return undefined;
}

/** Lockfiles an npm package installs from, and how each names the packages it installs. */
const NPM_LOCKFILES: ReadonlyArray<{ name: string; members: (text: string) => Set<string> }> = [
  { name: 'package-lock.json', members: packageLockMembers },
  { name: 'pnpm-lock.yaml', members: pnpmLockMembers },
];

/**
 * Where a package's CI installs its npm dependencies: the nearest directory at or above it whose lockfile
 * (package-lock.json or pnpm-lock.yaml) lists the package itself, as its root or a workspace member, or
 * whose package.json declares it one of its npm `workspaces`. A lockfile above that does not list it
 * installs other packages (a root package-lock.json that only holds the repository's dev tools, as
 * bootstrap writes one): installing there would leave the package's own dependencies out, so it is passed
 * by, and a package no lockfile lists installs in its own directory.
 */
export function npmInstallRootOf(dir: string, cache: ManifestCache): { dir: string; lockfile: string } | undefined {
  for (let d = dir; ; d = dirOf(d)) {
    const member = d === '.' ? dir : dir === d ? '.' : dir.slice(d.length + 1);
    for (const { name, members } of NPM_LOCKFILES) {
      const lockfile = joinRepoPath(d, name);
      const text = cache.repo.read(lockfile);
      if (text !== undefined && (members(text).has(member) || (name === 'package-lock.json' && npmWorkspaceOf(d, member, cache)))) return { dir: d, lockfile };
    }
    if (d === '.') return undefined;
  }
}

/** Whether the package.json in `dir` names `member` among its npm workspaces (npm ci installs it there). */
function npmWorkspaceOf(dir: string, member: string, cache: ManifestCache): boolean {
  const globs = cache.npm(joinRepoPath(dir, 'package.json'))?.workspaces ?? [];
  return globs.some((glob) => {
    try {
      return PathPattern.parse(glob, { below: false }).matches(member);
    } catch {
      return false; // not a pattern this library reads: npm's own install says what is wrong with it
    }
  });
}

/** The directories a package-lock.json installs, relative to it: `.` (its root) and its workspace folders. */
function packageLockMembers(text: string): Set<string> {
  let lock: unknown;
  try {
    lock = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return new Set(); // an unreadable lockfile is reported by the lockfile checks; it installs nothing here
  }
  const packages = isTable(lock) && isTable(lock.packages) ? Object.keys(lock.packages) : [];
  // lockfileVersion 1 has no "packages": it still installs its own root.
  const local = packages.filter((k) => !k.startsWith('node_modules/') && !k.includes('/node_modules/')).map((k) => (k === '' ? '.' : k));
  return new Set(['.', ...local]);
}

/** The importers of a pnpm-lock.yaml (`.` and each workspace package), relative to it, read line by line. */
function pnpmLockMembers(text: string): Set<string> {
  const members = new Set<string>();
  let inImporters = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^\S/.test(line)) inImporters = /^importers:\s*$/.test(line);
    // `  apps/web:` with its dependencies below, or `  .: {}` for an importer without any.
    const key = inImporters ? /^ {2}(['"]?)([^'"\s][^'"]*?)\1:(?:\s+\{\})?\s*$/.exec(line) : null;
    if (key) members.add(key[2]);
  }
  return members;
}
