import { ciFactsOf } from './ci-facts';
import { LockstepConfigError, ManifestError } from './errors';
import { DependencyEdge, publishWaves } from './graph';
import { findLockfiles } from './lockfiles';
import { ManifestCache } from './manifest-cache';
import { CargoManifest } from './manifests';
import { PathPattern } from './path-pattern';
import { PinFollower } from './pin-followers';
import { PackageOwners, dependenciesOf } from './pins-and-edges';
import { ProductPlan, TrackPlan, VersionSite } from './plan-types';
import { Product, Registry } from './product';
import { checkGoModulePath, checkGoModuleVersion, checkPublishedDependencies } from './product-checks';
import { dirOf, joinRepoPath, normalizeRepoPath } from './repo';
import { ResolvedProduct, dependencyNamesOf, resolveProduct } from './resolve-product';
import { GithubRepository } from './secrets-doc-facts';
import { readSiteValue } from './site-values';
import { checkUpdaterEndpoints } from './tauri-updater';
import { TrackReleaseConfig, keepAChangelogIn, trackChangelog } from './track-release';
import { manifestsOf, validateProductPath, validateProducts } from './validate';

/** One track as configured: its products and its umbrella tag. */
export interface TrackConfig {
  readonly name: string;
  readonly umbrellaTagPrefix: string;
  readonly products: readonly Product[];
  /** Option path of the product list, for error messages (`products` or `tracks[1].products`). */
  readonly option: string;
  /** Option path of the umbrella prefix, for error messages. */
  readonly umbrellaOption: string;
  /** How the track releases: trigger, branches, channels, changelog. */
  readonly release: TrackReleaseConfig;
}

/** A built track, with what the repository-wide coverage check needs. */
export interface BuiltTrack {
  readonly plan: TrackPlan;
  /** Manifests the track accounts for (products' manifests and their Cargo workspace roots). */
  readonly covered: Set<string>;
  readonly owners: PackageOwners;
}

/** What a track is checked against besides its repository's files. */
export interface TrackContext {
  /** The GitHub repository, when configured (Go module paths must name it). */
  readonly repository?: GithubRepository;
  /** Manifests no product owns whose pins on products follow the release (`pinFollowers`). */
  readonly pinFollowers?: readonly PinFollower[];
  /** The repository has several tracks (GitHub's Latest release is then sometimes another track's: checkUpdaterEndpoints). */
  readonly multiTrack?: boolean;
}

/** Resolves a track's products against the repository and works out sites, pins, order and lockfiles. */
export function buildTrack(config: TrackConfig, cache: ManifestCache, included: (file: string) => boolean, context: TrackContext = {}): BuiltTrack {
  config.products.forEach((p, i) => validateProductPath(p, `${config.option}[${i}]`));
  const resolved = config.products.map((p, i) => resolveProduct(p, `${config.option}[${i}]`, cache));
  validateProducts(resolved, { option: config.umbrellaOption, prefix: config.umbrellaTagPrefix });
  resolved.forEach((p) => checkGoModulePath(p, context.repository));
  resolved.forEach((p) => checkUpdaterEndpoints(p, { repository: context.repository, multiTrack: context.multiTrack ?? false }));
  checkPublishedDependencies(resolved, cache, (c) => workspaceRootOf(c, cache));

  const owners = packageOwners(resolved);
  const fileOwners = new Map<string, string[]>();
  for (const p of resolved) for (const f of manifestsOf(p)) fileOwners.set(f, [...(fileOwners.get(f) ?? []), p.name]);
  const inherited = workspaceVersionSites(resolved, cache);
  for (const root of workspaceRoots(resolved, cache)) if (!fileOwners.has(root)) fileOwners.set(root, []);
  for (const f of context.pinFollowers ?? []) {
    const productsOfFile = fileOwners.get(f.file);
    if (productsOfFile !== undefined && productsOfFile.length > 0) {
      throw new LockstepConfigError(`${f.option}: ${f.file} belongs to product '${productsOfFile[0]}', whose version it carries. Remove it from \`pinFollowers\`.`);
    }
    // Owned by no product: its pins on this track's products are sites, its own version is none.
    fileOwners.set(f.file, []);
  }

  const sites: VersionSite[] = [...resolved.flatMap((p) => p.sites), ...inherited];
  const edges: DependencyEdge[] = [];
  for (const [file, names] of fileOwners) {
    const deps = dependenciesOf(file, names, owners, cache, (c) => workspaceRootOf(c, cache));
    if (deps) {
      sites.push(...deps.pins);
      edges.push(...deps.edges);
    }
  }
  edges.push(...explicitEdges(resolved, edges));
  const waves = publishWaves(resolved.map((p) => p.name), edges);
  sortSites(sites);
  const firstVersion = resolved.map((p) => sites.find((s) => s.role === 'version' && s.products.includes(p.name))).find(Boolean);
  if (firstVersion !== undefined) {
    const version = readSiteValue(firstVersion, cache.repo);
    resolved.forEach((p) => checkGoModuleVersion(p, version, firstVersion.file));
  }
  const index = trackIndex(edges, sites);
  const plan: TrackPlan = {
    name: config.name,
    umbrellaTagPrefix: config.umbrellaTagPrefix,
    versionSource: firstVersion && { file: firstVersion.file, keyPath: firstVersion.keyPath },
    products: resolved.map((p) => {
      const product = productPlan(p, index);
      const changelog = keepAChangelogIn(cache.repo, p.path);
      const ci = ciFactsOf(p, resolved, cache, (c) => workspaceRootOf(c, cache), product.dependsOn);
      return { ...product, ci, ...(changelog ? { changelog } : {}) };
    }),
    publishWaves: waves,
    sites,
    lockfiles: findLockfiles(cache, { ...owners, crates: withInheritingMembers(owners.crates, inherited, cache) }, included),
    manifests: [...new Set(sites.map((s) => s.file))].sort(),
    ...releaseFields(config, resolved, cache),
  };
  return { plan, covered: new Set(fileOwners.keys()), owners };
}

/** The track's trigger, branches, channels and changelog, checked against its products and the repository. */
function releaseFields(config: TrackConfig, resolved: readonly ResolvedProduct[], cache: ManifestCache): Pick<TrackPlan, 'trigger' | 'branches' | 'testPypiPrereleases' | 'changelog'> {
  const r = config.release;
  if (r.testPypiPrereleases.length > 0 && !resolved.some((p) => p.packages.some((k) => k.registry === Registry.PYPI))) {
    throw new LockstepConfigError(`${r.option}testPypiPrereleases: track '${config.name}' publishes nothing to PyPI, so no prerelease can go to TestPyPI; remove the option.`);
  }
  const changelog = trackChangelog(r, cache.repo);
  return { trigger: r.trigger, branches: r.branches, testPypiPrereleases: r.testPypiPrereleases, ...(changelog ? { changelog } : {}) };
}

function packageOwners(resolved: readonly ResolvedProduct[]): PackageOwners {
  const owners: PackageOwners = { crates: new Map(), npm: new Map(), python: new Map() };
  for (const p of resolved) {
    const names = dependencyNamesOf(p);
    names.crates.forEach((n) => owners.crates.set(n, p.name));
    names.npm.forEach((n) => owners.npm.set(n, p.name));
    names.python.forEach((n) => owners.python.set(n, p.name));
  }
  return owners;
}

/**
 * The Cargo workspace root of a crate manifest, as cargo finds it: the nearest ancestor Cargo.toml with
 * `[workspace]` whose `members` globs match the crate's directory and whose `exclude` does not.
 */
export function workspaceRootOf(crate: CargoManifest, cache: ManifestCache): CargoManifest | undefined {
  if (crate.workspace) return crate;
  const crateDir = dirOf(crate.file);
  let dir = crateDir;
  while (dir !== '.') {
    dir = dirOf(dir);
    const candidate = cache.cargo(joinRepoPath(dir, 'Cargo.toml'));
    if (candidate?.workspace) {
      const rel = dir === '.' ? crateDir : crateDir.slice(dir.length + 1);
      const member = (globs: string[]) => memberMatcher(globs)(rel);
      return member(candidate.workspace.members) && !member(candidate.workspace.exclude) ? candidate : undefined;
    }
  }
  return undefined;
}

/**
 * A workspace's `members` (or `exclude`) list as one matcher, built once per list: every crate of a
 * workspace asks its root, and matching each crate against every glob parsed again made synth grow with
 * crates × members (31 % of synth time at 1000 crates). Plain entries are a set lookup.
 */
const MEMBER_MATCHERS = new WeakMap<readonly string[], (rel: string) => boolean>();
function memberMatcher(globs: readonly string[]): (rel: string) => boolean {
  let matcher = MEMBER_MATCHERS.get(globs);
  if (!matcher) {
    // Every entry is parsed, so a malformed one is refused as before; `[` is literal in PathPattern.
    const parsed = globs.map((g) => ({ glob: normalizeRepoPath(g), pattern: PathPattern.parse(normalizeRepoPath(g), { below: false }) }));
    const plain = new Set(parsed.filter((e) => !/[*?]/.test(e.glob)).map((e) => e.glob));
    const patterns = parsed.filter((e) => !plain.has(e.glob)).map((e) => e.pattern);
    matcher = (rel) => plain.has(rel) || patterns.some((p) => p.matches(rel));
    MEMBER_MATCHERS.set(globs, matcher);
  }
  return matcher;
}

function workspaceRoots(resolved: readonly ResolvedProduct[], cache: ManifestCache): string[] {
  const roots = resolved.flatMap((p) => p.cargo.map((c) => workspaceRootOf(c, cache)?.file)).filter((f): f is string => f !== undefined);
  return [...new Set(roots)];
}

/** Sites for `version.workspace = true`: the version lives in the root's `[workspace.package]`. */
function workspaceVersionSites(resolved: readonly ResolvedProduct[], cache: ManifestCache): VersionSite[] {
  const byRoot = new Map<string, string[]>();
  for (const p of resolved) {
    for (const c of p.cargo.filter((x) => x.versionInherited)) {
      const root = workspaceRootOf(c, cache);
      if (root?.workspace?.packageVersion === undefined) {
        throw new ManifestError(c.file, `says \`version.workspace = true\` but ${root ? `${root.file} has no [workspace.package].version` : 'no workspace root above it'}; add it.`);
      }
      byRoot.set(root.file, [...new Set([...(byRoot.get(root.file) ?? []), p.name])]);
    }
  }
  return [...byRoot].map(([file, products]) => ({
    file,
    format: 'toml' as const,
    keyPath: ['workspace', 'package', 'version'],
    role: 'version' as const,
    scheme: 'semver' as const,
    products,
  }));
}

/**
 * Crates whose Cargo.lock entries the bump refreshes: the products' crates, and every member of a
 * workspace whose `[workspace.package].version` the track sets that inherits it (`version.workspace =
 * true`), product or not: its version moves with the workspace's.
 */
function withInheritingMembers(crates: ReadonlyMap<string, string>, inherited: readonly VersionSite[], cache: ManifestCache): Map<string, string> {
  const all = new Map(crates);
  const roots = new Set(inherited.map((s) => s.file));
  for (const file of roots.size === 0 ? [] : cache.repo.findFiles(['Cargo.toml'])) {
    const c = cache.cargoIfValid(file);
    const root = c?.versionInherited && c.packageName !== undefined && !all.has(c.packageName) ? workspaceRootOf(c, cache) : undefined;
    if (root !== undefined && roots.has(root.file)) all.set(c!.packageName!, '');
  }
  return all;
}

/**
 * The orders the products' `dependsOn` options ask for (issue 17: a server published after its SDKs),
 * each naming a product of the track; one a manifest already declares adds nothing.
 */
function explicitEdges(resolved: readonly ResolvedProduct[], edges: readonly DependencyEdge[]): DependencyEdge[] {
  const names = new Set(resolved.map((p) => p.name));
  const out: DependencyEdge[] = [];
  for (const p of resolved) {
    for (const d of p.explicitDependsOn) {
      if (d === p.name) throw new LockstepConfigError(`${p.option}.dependsOn: product '${p.name}' names itself; remove '${d}'.`);
      if (!names.has(d)) {
        throw new LockstepConfigError(`${p.option}.dependsOn: '${d}' is not a product of this track (its products: ${[...names].join(', ')}); name one of them, or remove it.`);
      }
      if (!edges.some((e) => e.from === p.name && e.to === d) && !out.some((e) => e.from === p.name && e.to === d)) {
        out.push({ from: p.name, to: d, via: `${p.option}.dependsOn`, explicit: true });
      }
    }
  }
  return out;
}

/** What each product's plan takes from the track's edges and version sites, grouped once (not per product). */
interface TrackIndex {
  readonly dependsOn: ReadonlyMap<string, string[]>;
  /** The part of `dependsOn` only the products' `dependsOn` options ask for. */
  readonly explicitDependsOn: ReadonlyMap<string, string[]>;
  readonly versionFiles: ReadonlyMap<string, string[]>;
}

function trackIndex(edges: readonly DependencyEdge[], sites: readonly VersionSite[]): TrackIndex {
  const dependsOn = new Map<string, Set<string>>();
  const explicitDependsOn = new Map<string, Set<string>>();
  for (const e of edges) {
    dependsOn.set(e.from, (dependsOn.get(e.from) ?? new Set()).add(e.to));
    if (e.explicit) explicitDependsOn.set(e.from, (explicitDependsOn.get(e.from) ?? new Set()).add(e.to));
  }
  const versionFiles = new Map<string, Set<string>>();
  for (const s of sites.filter((x) => x.role === 'version')) {
    for (const name of s.products) versionFiles.set(name, (versionFiles.get(name) ?? new Set()).add(s.file));
  }
  return {
    dependsOn: new Map([...dependsOn].map(([k, v]) => [k, [...v]])),
    explicitDependsOn: new Map([...explicitDependsOn].map(([k, v]) => [k, [...v]])),
    versionFiles: new Map([...versionFiles].map(([k, v]) => [k, [...v].sort()])),
  };
}

function productPlan(p: ResolvedProduct, index: TrackIndex): ProductPlan {
  return {
    name: p.name,
    kind: p.kind,
    path: p.path,
    tagPrefix: p.tagPrefix,
    registries: p.registries,
    packages: p.packages,
    publish: p.publish,
    githubRelease: p.githubRelease,
    dependsOn: index.dependsOn.get(p.name) ?? [],
    explicitDependsOn: index.explicitDependsOn.get(p.name) ?? [],
    manifests: index.versionFiles.get(p.name) ?? [],
    notes: p.notes,
    settings: p.settings,
    ...(p.setup ? { setup: p.setup } : {}),
    ...(p.publishAccess ? { publishAccess: p.publishAccess } : {}),
    ...(p.signing ? { signing: p.signing } : {}),
  };
}

function sortSites(sites: VersionSite[]): void {
  const key = (s: VersionSite) => `${s.file}\u0000${s.keyPath.join('\u0001')}`;
  sites.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
