import { ManifestError } from './errors';
import { formatKeyPath } from './key-path';
import { ManifestCache } from './manifest-cache';
import { CargoDependency, CargoManifest } from './manifests';
import { ProductKind, Registry } from './product';
import { dirOf, joinRepoPath } from './repo';
import { ResolvedProduct } from './resolve-product';
import { GithubRepository } from './secrets-doc-facts';
import { goVersionProblem } from './versions';

/**
 * Checks of a track's products against what their registries will accept, made when the plan is built so a
 * release that could only fail half-way (after its tags are pushed) is refused before any file is written.
 */

/**
 * A Go module's path must name where it lives: the Go toolchain fetches `<module>@vX.Y.Z` from the
 * repository its path names, at the tag `<directory>/vX.Y.Z` of the module's directory. A path naming
 * another repository or directory is never served by the proxy, and the tag pushed for it is permanent.
 * With the GitHub repository known (`trustedPublishing.repository`), a `github.com/…` path must be exactly
 * `github.com/<owner>/<name>[/<directory>][/vN]`; any other host (a vanity path) must still end with the
 * directory.
 */
export function checkGoModulePath(p: ResolvedProduct, repository: GithubRepository | undefined): void {
  if (p.goMod === undefined) return;
  const module = p.goMod.module;
  const major = /\/v(\d+)$/.exec(module);
  const base = major && Number(major[1]) >= 2 ? module.slice(0, -major[0].length) : module;
  const endsWithDir = (m: string) => p.path === '.' || m === p.path || m.endsWith(`/${p.path}`);
  const suffix = major && Number(major[1]) >= 2 ? major[0] : '';
  const dirPart = p.path === '.' ? '' : `/${p.path}`;
  let expected: string | undefined;
  if (repository !== undefined && /^github\.com\//i.test(module)) {
    const want = `github.com/${repository.owner}/${repository.name}${dirPart}`;
    if (base.toLowerCase() !== want.toLowerCase() && module.toLowerCase() !== want.toLowerCase()) expected = `${want}${suffix}`;
  } else if (!endsWithDir(base) && !endsWithDir(module)) {
    // On a code host the repository is the first three segments; behind any other (vanity) host it is not known.
    const root = /^(github\.com|gitlab\.com|bitbucket\.org)\//i.test(module) ? base.split('/').slice(0, 3).join('/') : '<module path of the repository root>';
    expected = `${root}${dirPart}${suffix}`;
  }
  if (expected === undefined) return;
  const where = repository !== undefined && /^github\.com\//i.test(module)
    ? `the repository is ${repository.owner}/${repository.name} (trustedPublishing.repository) and the module is in '${p.path}'`
    : `the module is in '${p.path}' (${p.option}.path), so its path must end with '${p.path === '.' ? '' : p.path}'`;
  throw new ManifestError(
    p.goMod.file,
    `module path '${module}' does not match where the module is: ${where}. Go fetches a module version from the repository and ` +
      `directory its path names, at the tag '${p.tagPrefix}X.Y.Z', so the Go proxy would never serve this module, and a pushed tag ` +
      `cannot be taken back. Change the module line to '${expected}' (and its imports), or fix ${p.option}.path.`,
  );
}

/**
 * Go's semantic import versioning, checked against the version the track's manifests carry now: a module
 * path ending in `/vN` (N ≥ 2) at a 0.x or 1.x version, or a 2.x+ version without `/vN`, is a release the
 * Go toolchain refuses (the rule of `goVersionProblem`, which the bump applies to the next version).
 */
export function checkGoModuleVersion(p: ResolvedProduct, version: string, versionFile: string): void {
  if (p.goMod === undefined) return;
  const problem = goVersionProblem(p.goMod.module, version);
  if (problem === undefined) return;
  const major = /\/v(\d+)$/.exec(p.goMod.module);
  const fix = major && Number(major[1]) >= 2
    ? `remove '/v${major[1]}' from the module line (a module below 2.0.0 has no major suffix), or release it at ${major[1]}.0.0 or later`
    : 'add the major version suffix to the module line (and its imports), as Go requires from 2.0.0 on';
  throw new ManifestError(
    p.goMod.file,
    `${problem}: the track's version is ${version} (from ${versionFile}), and the Go toolchain refuses this module at that version. To fix it, ${fix}.`,
  );
}

const DEV_TABLES = new Set(['dev-dependencies', 'dev_dependencies']);

type RootOf = (c: CargoManifest) => CargoManifest | undefined;

/**
 * A crate published to crates.io may depend (normally or at build time) only on crates that are on
 * crates.io too: cargo refuses to publish it otherwise. A dependency on a crate with `publish = false`, or
 * on a product declared `publish: false`, would stop the release at that crate, after its tags.
 */
export function checkPublishedDependencies(products: readonly ResolvedProduct[], cache: ManifestCache, rootOf: RootOf): void {
  const unpublishedProducts = new Map<string, ResolvedProduct>();
  for (const p of products.filter((x) => !x.publish)) for (const c of p.cargo) if (c.packageName) unpublishedProducts.set(c.packageName, p);
  for (const p of products.filter((x) => x.registries.includes(Registry.CRATES_IO))) {
    for (const c of p.cargo) {
      for (const dep of c.dependencies) {
        if (dep.keyPath[0] === 'workspace' || dep.keyPath.some((k) => typeof k === 'string' && DEV_TABLES.has(k))) continue;
        const target = dependencyManifest(c, dep, cache, rootOf);
        const declared = unpublishedProducts.get(dep.crate);
        const why = target !== undefined && !target.publish
          ? `${target.file} says \`publish = false\``
          : declared !== undefined ? `${declared.option} declares it \`publish: false\`` : undefined;
        if (why === undefined) continue;
        throw new ManifestError(
          c.file,
          `${formatKeyPath(dep.keyPath)}: ${p.name} (${p.option}) is published to crates.io but depends on ${dep.crate}, and ${why}. ` +
            `crates.io accepts a crate only when its dependencies are on it too, so the release would stop at ${p.name}. ` +
            `Publish ${dep.crate} too, move the dependency to [dev-dependencies] (path only) if only tests use it, or ` +
            `${p.kind === ProductKind.RUST_CRATE ? `set \`publish: false\` on ${p.option}` : `drop \`publishCrate\` from ${p.option}`}.`,
        );
      }
    }
  }
}

/** The Cargo.toml a dependency names by path (its own `path`, or the `[workspace.dependencies]` entry it inherits). */
function dependencyManifest(c: CargoManifest, dep: CargoDependency, cache: ManifestCache, rootOf: RootOf): CargoManifest | undefined {
  if (dep.path !== undefined) return cache.cargoIfValid(joinRepoPath(dirOf(c.file), dep.path, 'Cargo.toml'));
  if (!dep.inheritsWorkspace) return undefined;
  const root = rootOf(c);
  const key = dep.keyPath[dep.keyPath.length - 1];
  const shared = root?.dependencies.find((d) => d.keyPath[0] === 'workspace' && d.keyPath[2] === key);
  return shared?.path === undefined ? undefined : cache.cargoIfValid(joinRepoPath(dirOf(root!.file), shared.path, 'Cargo.toml'));
}
