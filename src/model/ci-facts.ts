import { productInputsOf } from './ci-inputs';
import { ManifestCache } from './manifest-cache';
import { CargoManifest, isTable } from './manifests';
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
  const npmRoot = p.npm.length > 0 ? nearestNpmLockDir(p.path, exists) : undefined;
  if (npmRoot !== undefined) lockfiles.push(joinRepoPath(npmRoot, 'package-lock.json'));
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

/** The nearest directory at or above `dir` holding a package-lock.json (npm workspaces share the root's). */
function nearestNpmLockDir(dir: string, exists: (file: string) => boolean): string | undefined {
  let d = dir;
  for (;;) {
    if (exists(joinRepoPath(d, 'package-lock.json'))) return d;
    if (d === '.') return undefined;
    d = dirOf(d);
  }
}
