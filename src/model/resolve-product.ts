import { containerImageSettingsOf } from './container-image';
import { LockstepConfigError, ManifestError } from './errors';
import { GenericPublishAccessPlan, genericPublishAccessOf } from './generic-publish';
import { tagPrefixProblem } from './identifiers';
import { ManifestCache } from './manifest-cache';
import { CargoManifest, NpmManifest, PyprojectManifest, TauriConfig, GoModule, normalizePythonName } from './manifests';
import { napiCliMajorOf, napiTargetsOf } from './napi-targets';
import { npmRangeCarriesVersion } from './pins-and-edges';
import { PackagePlan, VersionSite } from './plan-types';
import { Product, ProductKind, Registry, WasmPackTarget } from './product';
import { ProductSetupPlan, setupPlanOf } from './product-setup';
import { purePythonProject, pythonVersionFileOf } from './python-package';
import { dirOf, joinRepoPath, normalizeRepoPath } from './repo';
import { TauriSigningPlan, tauriSigningPlanOf } from './tauri-signing';

/** A product with its manifests read, before pins and ordering are worked out across products. */
export interface ResolvedProduct {
  /** Where the product was declared, for error messages (`products[2]`). */
  readonly option: string;
  readonly kind: ProductKind;
  readonly name: string;
  readonly path: string;
  readonly tagPrefix: string;
  readonly publish: boolean;
  readonly githubRelease: boolean;
  readonly registries: Registry[];
  readonly packages: PackagePlan[];
  readonly cargo: CargoManifest[];
  readonly npm: NpmManifest[];
  readonly pyproject: PyprojectManifest[];
  readonly tauri: TauriConfig[];
  readonly goMod?: GoModule;
  /** A napi-rs product's platform packages kept in the repository (`npm/<platform>/package.json`, napi-rs v2 layouts). */
  readonly napiPlatforms: NpmManifest[];
  /** The product's own version fields (workspace-inherited ones are added later). */
  readonly sites: VersionSite[];
  readonly notes: string[];
  readonly settings: Record<string, string>;
  /** The `dependsOn` option: products this one is published after although no manifest says so. */
  readonly explicitDependsOn: string[];
  /** The `setup` option, checked (undefined: nothing extra). */
  readonly setup?: ProductSetupPlan;
  /** A generic product's publish secrets and permissions, checked (undefined: none). */
  readonly publishAccess?: GenericPublishAccessPlan;
  /** A Tauri app's signing, checked against its tauri.conf.json (undefined: unsigned). */
  readonly signing?: TauriSigningPlan;
}

interface Manifests {
  /** A pure-Python product's dynamic version: the Python file and the name its backend reads it from. */
  pythonVersionFile?: { file: string; variable: string };
  cargo: CargoManifest[];
  npm: NpmManifest[];
  pyproject: PyprojectManifest[];
  tauri: TauriConfig[];
  goMod?: GoModule;
  napiPlatforms: NpmManifest[];
  notes: string[];
}

/** Reads the manifests of one declared product and works out its name, tag prefix and registries. */
export function resolveProduct(product: Product, option: string, cache: ManifestCache): ResolvedProduct {
  const path = normalizeRepoPath(product.path);
  const m = readProductManifests(product, path, option, cache);
  const name = product.name ?? defaultName(product, path, m, option);
  const tagPrefix = tagPrefixOf(product, path, name, option);
  const publish = publishes(product, m, option);
  const registries = publish ? registriesOf(product) : [];
  if (product._extra.publishCrate === true) refuseUnpublishableCrate(m, option);
  if (product.kind === ProductKind.WASM_PACK) refuseOtherWasmName(product, m, option);
  refuseUnknownWasmTarget(product._extra.wasmTarget, option);
  const image = imageSettings(product, option, path, name, cache);
  return {
    option,
    kind: product.kind,
    name,
    path,
    tagPrefix,
    publish,
    githubRelease: product.githubRelease && publish,
    registries,
    packages: packagesOf(product, m, registries, image.image),
    ...m,
    sites: ownSites(product.kind, name, m),
    settings: {
      ...settingsOf(product),
      ...napiSettings(product.kind, m),
      ...(product._extra.musllinux === true ? { musllinux: 'true' } : {}),
      ...(product.kind === ProductKind.WASM_PACK && m.npm.length > 0 ? { npmPackageDir: path } : {}),
      ...pytestSettings(product.kind, path, cache),
      ...npmTestSettings(product.kind, path, m, cache),
      ...image,
    },
    explicitDependsOn: product.dependsOn,
    ...extensionsOf(product, option),
    ...signingOf(product, option, name, m),
  };
}

/** A container image's image name, Dockerfile and platforms, checked (issue 17); nothing for another kind. */
function imageSettings(product: Product, option: string, path: string, name: string, cache: ManifestCache): Record<string, string> {
  if (product.kind !== ProductKind.CONTAINER_IMAGE) return {};
  return { ...containerImageSettingsOf(option, path, name, product._extra, cache.repo) };
}

/** The options every kind has for its jobs (setup) and a generic product's publish access, checked. */
function extensionsOf(product: Product, option: string): Pick<ResolvedProduct, 'setup' | 'publishAccess'> {
  const setup = setupPlanOf(option, product.setup, product.kind === ProductKind.MATURIN);
  const publishAccess = genericPublishAccessOf(option, product.kind, product._extra);
  return { ...(setup ? { setup } : {}), ...(publishAccess ? { publishAccess } : {}) };
}

/** A Tauri app's declared signing, checked against its tauri.conf.json (issue 17). */
function signingOf(product: Product, option: string, name: string, m: Manifests): Pick<ResolvedProduct, 'signing'> {
  // Only Product.tauriApp carries signing (the other factories have no such option).
  if (product.kind !== ProductKind.TAURI_APP) return {};
  const signing = tauriSigningPlanOf(option, name, m.tauri[0], product._extra.signing);
  return signing ? { signing } : {};
}

/**
 * A maturin product's own tests: `pytestPath`, its `tests/` directory when that holds Python files. The
 * release runs them with pytest against each built wheel, installed, before the approval (seed 001 FR4).
 */
function pytestSettings(kind: ProductKind, path: string, cache: ManifestCache): Record<string, string> {
  if (kind !== ProductKind.MATURIN) return {};
  const tests = joinRepoPath(path, 'tests');
  return cache.repo.filesUnder(tests).some((f) => f.endsWith('.py')) ? { pytestPath: tests } : {};
}

/** npm init's placeholder test script: it fails on purpose, so it is no test of the package. */
const NPM_PLACEHOLDER_TEST = /^echo "Error: no test specified" && exit 1$/;

/** Folders npm packages keep their tests in, first match wins. */
const NPM_TEST_DIRS = ['test', 'tests', '__tests__', '__test__'];

/**
 * A plain npm package's own tests: `npmTestPath`, its first test folder holding files, when its package.json
 * has a real `test` script. The release runs `npm test` in the packed tarball, unpacked, before the approval.
 */
function npmTestSettings(kind: ProductKind, path: string, m: Manifests, cache: ManifestCache): Record<string, string> {
  const script = m.npm[0]?.testScript;
  if (kind !== ProductKind.NPM_PACKAGE || script === undefined || script.trim() === '' || NPM_PLACEHOLDER_TEST.test(script.trim())) return {};
  const tests = NPM_TEST_DIRS.map((d) => joinRepoPath(path, d)).find((d) => cache.repo.filesUnder(d).length > 0);
  return tests === undefined ? {} : { npmTestPath: tests };
}

/**
 * A napi product's release settings: the Rust targets of its `napi` config, which decide its release build
 * matrix, and `napiCli: '2'` when its package.json declares napi-rs CLI v2, whose commands the publish job
 * runs instead of v3's (`create-npm-dir -t .`, `artifacts -d`).
 */
function napiSettings(kind: ProductKind, m: Manifests): Record<string, string> {
  if (kind !== ProductKind.NAPI) return {};
  const cli = napiCliMajorOf(m.npm[0]);
  const targets = napiTargetsOf(m.npm[0].napiConfig, cli);
  return {
    ...(targets.length > 0 ? { napiTargets: targets.join(',') } : {}),
    ...(cli === 2 ? { napiCli: '2' } : {}),
  };
}

function needManifest<T>(value: T | undefined, file: string, option: string, kind: ProductKind, what: string): T {
  if (value === undefined) {
    throw new LockstepConfigError(
      `${option} (${kind} at '${dirOf(file)}'): ${file} not found. A ${kind} product needs ${what}; ` +
        'fix the product\'s `path` or add the manifest.',
    );
  }
  return value;
}

function requirePackage(c: CargoManifest, option: string): CargoManifest {
  if (c.packageName === undefined) {
    throw new ManifestError(c.file, `has no [package] section, so it is not a crate (${option}). Point \`path\` at the crate's directory.`);
  }
  return c;
}

function readProductManifests(product: Product, path: string, option: string, cache: ManifestCache): Manifests {
  const at = (f: string) => joinRepoPath(path, f);
  const kind = product.kind;
  const crate = (file: string) => requirePackage(needManifest(cache.cargo(file), file, option, kind, 'a Cargo.toml'), option);
  const m: Manifests = { cargo: [], npm: [], pyproject: [], tauri: [], napiPlatforms: [], notes: [] };
  switch (kind) {
    case ProductKind.RUST_CRATE:
    case ProductKind.C_FFI:
      m.cargo.push(crate(at('Cargo.toml')));
      break;
    case ProductKind.WASM_PACK: {
      m.cargo.push(crate(at('Cargo.toml')));
      // Issue 17: a hand-written package.json beside the crate wraps wasm-pack's output; it is what npm publishes.
      const wrapper = cache.npm(at('package.json'));
      if (wrapper !== undefined && !wrapper.private) {
        m.npm.push(wrapper);
        m.notes.push(`${wrapper.file} wraps wasm-pack's output: it is the npm package, packed from ${path} once wasm-pack has built it, and its version follows the release.`);
      }
      break;
    }
    case ProductKind.MATURIN: {
      const py = needManifest(cache.pyproject(at('pyproject.toml')), at('pyproject.toml'), option, kind, 'a pyproject.toml');
      m.pyproject.push(py);
      m.cargo.push(crate(joinRepoPath(path, py.maturinManifestPath ?? 'Cargo.toml')));
      if (py.dynamicVersion) {
        m.notes.push(`${py.file} declares \`dynamic = ["version"]\`: maturin takes the version from ${m.cargo[0].file}.`);
      } else if (py.versionKeyPath === undefined) {
        throw new ManifestError(py.file, 'has neither [project].version nor `dynamic = ["version"]`; add one so the release version has a home.');
      }
      break;
    }
    case ProductKind.PYTHON_PACKAGE: {
      const py = purePythonProject(needManifest(cache.pyproject(at('pyproject.toml')), at('pyproject.toml'), option, kind, 'a pyproject.toml'), option);
      m.pyproject.push(py);
      if (py.dynamicVersion) {
        m.pythonVersionFile = pythonVersionFileOf(py, cache);
        m.notes.push(`${py.file} takes its version from ${m.pythonVersionFile.file} (\`${m.pythonVersionFile.variable} = "…"\`), which the bump edits.`);
      }
      break;
    }
    case ProductKind.NAPI:
      m.npm.push(needManifest(cache.npm(at('package.json')), at('package.json'), option, kind, 'a package.json'));
      m.cargo.push(crate(at('Cargo.toml')));
      m.napiPlatforms.push(...napiPlatformManifests(path, m.npm[0], cache));
      break;
    case ProductKind.NPM_PACKAGE:
      m.npm.push(needManifest(cache.npm(at('package.json')), at('package.json'), option, kind, 'a package.json'));
      break;
    case ProductKind.GO_MODULE:
      m.goMod = needManifest(cache.goMod(at('go.mod')), at('go.mod'), option, kind, 'a go.mod');
      m.notes.push('Go modules carry no version in go.mod: the tag is the version.');
      break;
    case ProductKind.TAURI_APP: {
      const appDir = tauriAppDir(path, option, cache);
      m.cargo.push(crate(joinRepoPath(appDir, 'Cargo.toml')));
      m.tauri.push(cache.tauri(joinRepoPath(appDir, 'tauri.conf.json'))!);
      const conf = m.tauri[0];
      if (conf.versionFromFile) m.notes.push(`${conf.file} takes its version from ${conf.versionFromFile}.`);
      const pkg = cache.npm(at('package.json'));
      if (pkg) m.npm.push(pkg);
      break;
    }
    case ProductKind.CONTAINER_IMAGE:
      // No manifest: the image takes its track's version, and a crate at the same path stays its own product.
      m.notes.push('Container images carry no version file: the image is tagged with the track\'s version.');
      break;
    case ProductKind.GENERIC: {
      const cargo = cache.cargo(at('Cargo.toml'));
      if (cargo?.packageName) m.cargo.push(cargo);
      const npm = cache.npm(at('package.json'));
      if (npm) m.npm.push(npm);
      const py = cache.pyproject(at('pyproject.toml'));
      if (py) m.pyproject.push(py);
      break;
    }
  }
  return m;
}

/**
 * The directory of a Tauri app's crate and `tauri.conf.json`: `src-tauri/` in the app directory (the
 * layout `create-tauri-app` makes, the frontend beside it), or the app directory itself when its
 * `tauri.conf.json` sits beside its `Cargo.toml` (StarStats' tray, whose frontend lives elsewhere).
 */
function tauriAppDir(path: string, option: string, cache: ManifestCache): string {
  const nested = joinRepoPath(path, 'src-tauri');
  for (const dir of [nested, path]) {
    if (cache.tauri(joinRepoPath(dir, 'tauri.conf.json')) !== undefined) return dir;
  }
  throw new LockstepConfigError(
    `${option} (${ProductKind.TAURI_APP} at '${path}'): neither ${joinRepoPath(nested, 'tauri.conf.json')} nor ${joinRepoPath(path, 'tauri.conf.json')} found. ` +
      'A tauri-app product needs a tauri.conf.json beside its Cargo.toml, in `src-tauri/` of its `path` or in `path` itself; fix the product\'s `path`.',
  );
}

/**
 * The platform packages a napi-rs v2 layout keeps in the repository, one `npm/<platform>/package.json` per
 * target, each named `<napi package name>-<platform>`. They are published at the release version, so
 * their versions follow it; a package.json there under another name is not the product's.
 */
function napiPlatformManifests(path: string, main: NpmManifest, cache: ManifestCache): NpmManifest[] {
  const dir = joinRepoPath(path, 'npm');
  const prefix = `${main.napiPackageName ?? main.name}-`;
  return cache.repo.filesUnder(dir)
    .filter((f) => f.endsWith('/package.json') && f.slice(dir.length + 1).split('/').length === 2)
    .map((f) => cache.npm(f)!)
    .filter((n) => n.name?.startsWith(prefix));
}

/**
 * Pins of a napi-rs main package on its own platform packages (`optionalDependencies`, written by `napi
 * prepublish` or by hand): they name the release version, so they follow it like any pin.
 */
function napiPlatformPins(name: string, m: Manifests): VersionSite[] {
  const main = m.npm[0];
  const prefix = `${main.napiPackageName ?? main.name}-`;
  return main.dependencies
    .filter((d) => d.keyPath[0] === 'optionalDependencies' && d.name.startsWith(prefix) && npmRangeCarriesVersion(d.range))
    .map((d) => ({ file: main.file, format: 'json' as const, keyPath: d.keyPath, role: 'pin' as const, scheme: 'npm-range' as const, products: [name], target: name }));
}

function defaultName(product: Product, path: string, m: Manifests, option: string): string {
  switch (product.kind) {
    case ProductKind.MATURIN:
      return m.pyproject[0].name ?? m.cargo[0].packageName!;
    case ProductKind.PYTHON_PACKAGE:
      return m.pyproject[0].name!;
    case ProductKind.NAPI:
    case ProductKind.NPM_PACKAGE:
      if (m.npm[0].name) return m.npm[0].name.replace(/^@[^/]+\//, '');
      break;
    case ProductKind.GO_MODULE:
      return path === '.' ? m.goMod!.module.split('/').pop()! : path.replace(/\//g, '-');
    case ProductKind.GENERIC:
    case ProductKind.CONTAINER_IMAGE:
      throw new LockstepConfigError(`${option} (${product.kind} at '${path}'): a ${product.kind} product needs \`name\`; set it.`);
    default:
      if (m.cargo[0]?.packageName) return m.cargo[0].packageName;
  }
  throw new LockstepConfigError(`${option} (${product.kind} at '${path}'): no package name in its manifest; set \`name\`.`);
}

function tagPrefixOf(product: Product, path: string, name: string, option: string): string {
  if (product.kind === ProductKind.GO_MODULE) {
    // The Go toolchain finds a module's versions only under `<subdir>/vX.Y.Z` (root module: `vX.Y.Z`).
    const goPrefix = path === '.' ? 'v' : `${path}/v`;
    if (product.tagPrefix !== undefined && product.tagPrefix !== goPrefix) {
      throw new LockstepConfigError(
        `${option}.tagPrefix: '${product.tagPrefix}' cannot be used for the Go module at '${path}': Go requires tags named '${goPrefix}X.Y.Z'. Remove \`tagPrefix\`.`,
      );
    }
    return goPrefix;
  }
  // An explicit '' makes the product's tags the bare version (`1.4.2`).
  const prefix = product.tagPrefix ?? `${name}-v`;
  if (tagPrefixProblem(prefix) !== undefined) {
    throw new LockstepConfigError(
      `${option}.tagPrefix: '${prefix}' is not usable in a git tag name. Use letters, digits, '.', '_', '-' and '/', starting with a letter or digit, or '' for tags that are the bare version.`,
    );
  }
  return prefix;
}

function publishes(product: Product, m: Manifests, option: string): boolean {
  if (product._extra.publish === true) refuseContradictedPublish(product.kind, m, option);
  if (product._extra.publish !== undefined) return product._extra.publish;
  if (product.kind === ProductKind.RUST_CRATE) return m.cargo[0].publish;
  if (product.kind === ProductKind.NPM_PACKAGE) return !m.npm[0].private;
  return true;
}

/**
 * `publish: true` on a product whose manifest forbids publishing: cargo refuses `publish = false` and npm
 * refuses `"private": true`, so the release would stop at that product's publish job, after the tags.
 */
function refuseContradictedPublish(kind: ProductKind, m: Manifests, option: string): void {
  const forbids = kind === ProductKind.RUST_CRATE && !m.cargo[0].publish
    ? { file: m.cargo[0].file, says: '`publish = false`', tool: 'cargo' }
    : kind === ProductKind.NPM_PACKAGE && m.npm[0].private
      ? { file: m.npm[0].file, says: '`"private": true`', tool: 'npm' }
      : undefined;
  if (forbids === undefined) return;
  throw new LockstepConfigError(
    `${option}.publish: true, but ${forbids.file} says ${forbids.says}, so ${forbids.tool} would refuse to publish it at release time. ` +
      `Remove ${forbids.says} from ${forbids.file} to publish it, or drop \`publish: true\` from ${option} to keep it unpublished.`,
  );
}

/**
 * `publishCrate: true` on a crate that says `publish = false`: cargo would refuse it in the crates.io job,
 * after the tags, so the plan refuses it first.
 */
function refuseUnpublishableCrate(m: Manifests, option: string): void {
  const crate = m.cargo[0];
  if (crate.publish) return;
  throw new LockstepConfigError(
    `${option}.publishCrate: true, but ${crate.file} says \`publish = false\`, so cargo would refuse to publish ${crate.packageName} to crates.io at release time. ` +
      `Remove \`publish = false\` from ${crate.file} to publish the crate, or drop \`publishCrate\` from ${option} to publish only its npm package.`,
  );
}

/**
 * A wasm-pack product with its own package.json publishes under that package.json's name: `npmPackage` may
 * repeat it, but another name would have the release check and probe a package npm never receives.
 */
function refuseOtherWasmName(product: Product, m: Manifests, option: string): void {
  const own = m.npm[0];
  if (own === undefined) return;
  if (own.name === undefined) throw new ManifestError(own.file, `has no "name": it wraps wasm-pack's output for ${option}, so npm publishes it under that name; add one.`);
  const asked = product._extra.npmPackage;
  if (asked === undefined || asked === own.name) return;
  throw new LockstepConfigError(
    `${option}.npmPackage: '${asked}', but ${own.file} (the package that wraps wasm-pack's output) is named '${own.name}', and npm publishes it under that name. ` +
      `Drop \`npmPackage\` from ${option}, or rename the package in ${own.file}.`,
  );
}

/** The release renders the target into its `wasm-pack build` command: only wasm-pack's own targets are taken. */
function refuseUnknownWasmTarget(target: string | undefined, option: string): void {
  const known: readonly string[] = Object.values(WasmPackTarget);
  if (target === undefined || known.includes(target)) return;
  throw new LockstepConfigError(`${option}.target: '${target}' is not a wasm-pack target; use one of ${known.map((t) => `'${t}'`).join(', ')} (WasmPackTarget).`);
}

function registriesOf(product: Product): Registry[] {
  const byKind: Record<ProductKind, Registry[]> = {
    [ProductKind.RUST_CRATE]: [Registry.CRATES_IO],
    [ProductKind.C_FFI]: [Registry.GITHUB_RELEASES],
    [ProductKind.MATURIN]: [Registry.PYPI],
    [ProductKind.PYTHON_PACKAGE]: [Registry.PYPI],
    [ProductKind.NAPI]: [Registry.NPM],
    [ProductKind.WASM_PACK]: [Registry.NPM],
    [ProductKind.GO_MODULE]: [Registry.GO],
    [ProductKind.TAURI_APP]: [Registry.GITHUB_RELEASES],
    [ProductKind.NPM_PACKAGE]: [Registry.NPM],
    [ProductKind.GENERIC]: product._extra.publishCommand ? [Registry.CUSTOM] : [],
    [ProductKind.CONTAINER_IMAGE]: [Registry.GHCR],
  };
  // Issue 17: a napi or wasm-pack crate published to crates.io as well, at the same version.
  return product._extra.publishCrate === true ? [...byKind[product.kind], Registry.CRATES_IO] : byKind[product.kind];
}

function packagesOf(product: Product, m: Manifests, registries: Registry[], image: string | undefined): PackagePlan[] {
  return registries.flatMap((registry): PackagePlan[] => {
    switch (registry) {
      case Registry.CRATES_IO:
        return [{ registry, name: m.cargo[0].packageName! }];
      case Registry.PYPI:
        return [{ registry, name: m.pyproject[0].name ?? m.cargo[0].packageName! }];
      case Registry.NPM:
        return product.kind === ProductKind.WASM_PACK && m.npm.length === 0
          ? [{ registry, name: product._extra.npmPackage ?? m.cargo[0].packageName! }]
          : [{ registry, name: m.npm[0].name! }];
      case Registry.GO:
        return [{ registry, name: m.goMod!.module }];
      case Registry.GHCR:
        // The name below the namespace: the owner is the repository's, known when the release runs.
        return [{ registry, name: image! }];
      default:
        return [];
    }
  });
}

function ownSites(kind: ProductKind, name: string, m: Manifests): VersionSite[] {
  const sites: VersionSite[] = [];
  const products = [name];
  for (const c of m.cargo) {
    if (c.version !== undefined) {
      sites.push({ file: c.file, format: 'toml', keyPath: ['package', 'version'], role: 'version', scheme: 'semver', products });
    } else if (!c.versionInherited) {
      throw new ManifestError(c.file, 'has no [package].version (neither a literal nor `version.workspace = true`); add `version = "…"`.');
    }
  }
  for (const p of m.pyproject) {
    if (p.versionKeyPath) sites.push({ file: p.file, format: 'toml', keyPath: p.versionKeyPath, role: 'version', scheme: 'pep440', products });
  }
  const pyFile = m.pythonVersionFile;
  if (pyFile) sites.push({ file: pyFile.file, format: 'python', keyPath: [pyFile.variable], role: 'version', scheme: 'pep440', products });
  for (const n of [...m.npm, ...m.napiPlatforms]) {
    if (n.version !== undefined) sites.push({ file: n.file, format: 'json', keyPath: ['version'], role: 'version', scheme: 'semver', products });
    else if (kind !== ProductKind.TAURI_APP) throw new ManifestError(n.file, 'has no "version"; add one so the release version has a home.');
  }
  if (kind === ProductKind.NAPI) sites.push(...napiPlatformPins(name, m));
  for (const t of m.tauri) {
    if (t.versionKeyPath) sites.push({ file: t.file, format: 'json', keyPath: t.versionKeyPath, role: 'version', scheme: 'tauri', products });
  }
  return sites;
}

function settingsOf(product: Product): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const [key, value] of Object.entries(product._extra)) {
    if (typeof value === 'string') settings[key] = value;
  }
  return settings;
}

/** Names a product's packages are depended on by, per ecosystem. */
export function dependencyNamesOf(p: ResolvedProduct): { crates: string[]; npm: string[]; python: string[] } {
  return {
    crates: p.cargo.map((c) => c.packageName!).filter(Boolean),
    npm: [
      ...[...p.npm, ...p.napiPlatforms].map((n) => n.name).filter((n): n is string => n !== undefined),
      ...p.packages.filter((k) => k.registry === Registry.NPM).map((k) => k.name),
    ],
    python: p.pyproject.map((y) => y.name).filter((n): n is string => n !== undefined).map(normalizePythonName),
  };
}
