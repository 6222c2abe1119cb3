import { ManifestCache } from './manifest-cache';
import { CargoManifest, isTable, parseJson, parseToml, TauriConfig } from './manifests';
import { ProductKind } from './product';
import { SKIPPED_DIRECTORIES, dirOf, isBelow, isInsideRepo, joinRepoPath } from './repo';
import { ResolvedProduct } from './resolve-product';
import { crateInputs, directoryPattern } from './rust-inputs';

/**
 * What a product's build and tests read, worked out at synth from its manifests and sources so that CI
 * runs a product only when one of its inputs changed:
 *
 * - A product in its own directory reads everything in it (tests read fixtures, builds read READMEs and
 *   configs; a tool cannot tell which), except the directories of other products nested in it.
 * - A product at the repository root shares that directory with everything else, so only what its
 *   manifests name counts: for a crate its manifest, build script, targets' source folders and included
 *   files (see rust-inputs.ts); for an npm package its `files`, entry points and test folders. A root
 *   product of another kind reads the whole repository, since nothing says what it reads.
 * - Crates it depends on by path (every kind) that are no product are read through: their inputs are its
 *   inputs. Products it depends on (path, npm, Go `replace`, the C library cgo links) are named in
 *   `inputsFrom`, so their inputs reach it at run time.
 * - Workspace-wide files count where the tool reads them: the Cargo workspace root and its `Cargo.lock`,
 *   toolchain, cargo, rustfmt and clippy configuration in any directory above a crate, the npm root's
 *   manifest and lockfile, `.npmrc`, `go.work`, and `.gitattributes` above the product.
 */
export interface ProductInputs {
  /** Path patterns, in order; `!pattern` excludes again and the last match decides. */
  readonly inputs: string[];
  /** Other products whose inputs are this product's inputs too. */
  readonly inputsFrom: string[];
}

/** Configuration a tool reads from the directory it runs in or any directory above it. */
const ANCESTOR_FILES = {
  rust: ['rust-toolchain', 'rust-toolchain.toml', '.cargo', 'rustfmt.toml', '.rustfmt.toml', 'clippy.toml', '.clippy.toml'],
  npm: ['.npmrc', '.yarnrc.yml', 'tsconfig.json'],
  go: ['go.work', 'go.work.sum'],
  any: ['.gitattributes'],
};

const NPM_ROOT_FILES = ['package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'pnpm-workspace.yaml'];

/** Kinds whose inputs at the repository root can be read from their manifests. */
const PRECISE_AT_ROOT = new Set<ProductKind>([
  ProductKind.RUST_CRATE, ProductKind.C_FFI, ProductKind.WASM_PACK, ProductKind.NAPI, ProductKind.NPM_PACKAGE,
]);

/** A product's inputs as they are found: path patterns, and the products read through. */
interface InputSet {
  readonly patterns: Set<string>;
  readonly from: Set<string>;
}

/** Works out a product's inputs. `rootOf` finds a crate's Cargo workspace root; `npmRoot` is where `npm ci` runs. */
export function productInputsOf(
  p: ResolvedProduct,
  track: readonly ResolvedProduct[],
  cache: ManifestCache,
  rootOf: (crate: CargoManifest) => CargoManifest | undefined,
  npmRoot: string | undefined,
): ProductInputs {
  const set: InputSet = { patterns: new Set(), from: new Set() };
  if (p.path !== '.') set.patterns.add(p.path);
  else if (!PRECISE_AT_ROOT.has(p.kind)) set.patterns.add('**');
  ancestors(p.path).forEach((d) => ANCESTOR_FILES.any.forEach((f) => set.patterns.add(joinRepoPath(d, f))));
  const crates = new CrateWalk(p, track, cache, rootOf, set);
  p.cargo.forEach((c) => crates.visit(c));
  p.npm.forEach((n) => npmInputs(n.file, track, cache, npmRoot, set));
  p.pyproject.forEach((y) => pythonInputs(y.file, cache, set));
  if (p.goMod) goInputs(p.goMod.file, track, cache, set, crates);
  p.tauri.forEach((t) => tauriFrontendInputs(t, cache, set));
  set.from.delete(p.name);
  return { inputs: ordered(set, p, track), inputsFrom: [...set.from].sort() };
}

/** Walks a product's crates and the non-product crates they depend on by path. */
class CrateWalk {
  private readonly seen = new Set<string>();
  private readonly owner: ReadonlyMap<string, string>;

  constructor(
    private readonly product: ResolvedProduct,
    track: readonly ResolvedProduct[],
    private readonly cache: ManifestCache,
    private readonly rootOf: (crate: CargoManifest) => CargoManifest | undefined,
    private readonly set: InputSet,
  ) {
    this.owner = crateOwners(track);
  }

  /** Adds a crate's inputs; a crate in its own directory is read whole. */
  public visit(crate: CargoManifest): void {
    if (this.seen.has(crate.file)) return;
    this.seen.add(crate.file);
    const dir = dirOf(crate.file);
    const root = this.rootOf(crate);
    const found = crateInputs(crate, root, this.cache.repo);
    if (dir !== '.' || found.wholeDirectory) this.set.patterns.add(directoryPattern(dir));
    found.patterns.forEach((f) => this.set.patterns.add(f));
    const cargoRoot = root ? dirOf(root.file) : dir;
    if (root) this.set.patterns.add(root.file);
    this.set.patterns.add(joinRepoPath(cargoRoot, 'Cargo.lock'));
    for (const d of new Set([...ancestors(dir), ...ancestors(cargoRoot)])) {
      ANCESTOR_FILES.rust.forEach((f) => this.set.patterns.add(joinRepoPath(d, f)));
    }
    for (const manifest of found.pathDependencies) this.dependOn(manifest);
  }

  /** A path dependency: a product's crate is named in `inputsFrom`; any other crate is read through. */
  public dependOn(manifest: string): void {
    const owner = this.owner.get(manifest);
    if (owner !== undefined) {
      if (owner !== this.product.name) this.set.from.add(owner);
      return;
    }
    const crate = this.cache.cargo(manifest);
    if (crate?.packageName !== undefined) this.visit(crate);
    else this.set.patterns.add(directoryPattern(dirOf(manifest)));
  }
}

/** Which product owns each crate manifest of a track, built once per track (every product's walk asks it). */
const CRATE_OWNERS = new WeakMap<readonly ResolvedProduct[], Map<string, string>>();
function crateOwners(track: readonly ResolvedProduct[]): Map<string, string> {
  let owners = CRATE_OWNERS.get(track);
  if (!owners) {
    owners = new Map();
    for (const q of track) for (const c of q.cargo) owners.set(c.file, q.name);
    CRATE_OWNERS.set(track, owners);
  }
  return owners;
}

/** An npm package: its npm root's manifest and lockfile, `.npmrc` above it, and in-repo dependencies. */
function npmInputs(file: string, track: readonly ResolvedProduct[], cache: ManifestCache, npmRoot: string | undefined, set: InputSet): void {
  const dir = dirOf(file);
  set.patterns.add(file);
  if (npmRoot !== undefined) NPM_ROOT_FILES.forEach((f) => set.patterns.add(joinRepoPath(npmRoot, f)));
  ancestors(dir).forEach((d) => ANCESTOR_FILES.npm.forEach((f) => set.patterns.add(joinRepoPath(d, f))));
  const text = cache.repo.read(file);
  const doc = text === undefined ? {} : parseJson(file, text);
  if (dir === '.') npmEntryPoints(doc).forEach((f) => set.patterns.add(f));
  const byName = new Map(track.flatMap((q) => q.npm.map((n) => [n.name, q.name] as const)));
  for (const dep of cache.npm(file)?.dependencies ?? []) {
    const local = /^(file|link|portal):(.+)$/.exec(dep.range);
    const byPath = local && joinRepoPath(dir, local[2]);
    const owner = byName.get(dep.name) ?? (byPath ? track.find((q) => q.path === byPath)?.name : undefined);
    if (owner !== undefined) set.from.add(owner);
    else if (byPath && isInsideRepo(byPath)) set.patterns.add(directoryPattern(byPath));
  }
}

/** What a root package.json names: `files`, entry points, and the usual source and test folders. */
function npmEntryPoints(doc: Record<string, unknown>): string[] {
  const named = [doc.main, doc.module, doc.types, doc.typings, doc.browser].filter((v): v is string => typeof v === 'string');
  const files = Array.isArray(doc.files) ? doc.files.filter((v): v is string => typeof v === 'string') : [];
  const bins = typeof doc.bin === 'string' ? [doc.bin] : isTable(doc.bin) ? Object.values(doc.bin).filter((v): v is string => typeof v === 'string') : [];
  const exports = JSON.stringify(doc.exports ?? null).match(/"\.\/[^"]+"/g)?.map((s) => s.slice(1, -1)) ?? [];
  const folders = ['src', 'lib', 'test', 'tests', '__test__', '__tests__', 'index.*'];
  return [...named, ...files, ...bins, ...exports, ...folders]
    .map((f) => joinRepoPath(f.replace(/^\.\//, '').replace(/\/\*\*.*$/, '')))
    .filter((f) => f !== '.' && isInsideRepo(f));
}

/** A pyproject's `readme` and licence file, which the build backend reads wherever they are. */
function pythonInputs(file: string, cache: ManifestCache, set: InputSet): void {
  const text = cache.repo.read(file);
  if (text === undefined) return;
  const project = parseToml(file, text).project;
  if (!isTable(project)) return;
  const readme = isTable(project.readme) ? project.readme.file : project.readme;
  const license = isTable(project.license) ? project.license.file : undefined;
  for (const f of [readme, license]) {
    if (typeof f === 'string' && isInsideRepo(joinRepoPath(dirOf(file), f))) set.patterns.add(joinRepoPath(dirOf(file), f));
  }
}

/**
 * A Go module: `go.work` above it, local `replace` targets, and the directories its cgo flags name
 * (`-I${SRCDIR}/…`, `-L${SRCDIR}/…`); a directory inside another product makes that product an input.
 * (The C libraries its track's FFI crates build are its `buildsWith`, added by ci-facts.ts.)
 */
function goInputs(file: string, track: readonly ResolvedProduct[], cache: ManifestCache, set: InputSet, crates: CrateWalk): void {
  const dir = dirOf(file);
  ancestors(dir).forEach((d) => ANCESTOR_FILES.go.forEach((f) => set.patterns.add(joinRepoPath(d, f))));
  const local: string[] = [];
  for (const m of (cache.repo.read(file) ?? '').matchAll(/=>\s*(\.{1,2}\/[^\s]*)/g)) local.push(joinRepoPath(dir, m[1]));
  for (const goFile of cache.repo.filesUnder(dir).filter((f) => f.endsWith('.go'))) {
    // cgo directives sit in the comment before `import "C"`: `// #cgo …` lines or `#cgo …` lines of a block.
    for (const line of (cache.repo.read(goFile) ?? '').match(/^\s*(?:\/\/\s*)?#cgo\b.*$/gm) ?? []) {
      for (const flag of line.matchAll(/-[IL]\s*\$\{SRCDIR\}\/([^\s"']+)/g)) local.push(joinRepoPath(dirOf(goFile), flag[1]));
    }
  }
  // A cgo -L folder under target/ is build output, which no change to the repository touches.
  for (const target of local.filter((t) => isInsideRepo(t) && !t.split('/').some((d) => SKIPPED_DIRECTORIES.includes(d)))) {
    const owner = track.find((q) => q.path !== '.' && (target === q.path || isBelow(target, q.path)));
    if (owner !== undefined) set.from.add(owner.name);
    else if (cache.cargo(joinRepoPath(target, 'Cargo.toml'))?.packageName) crates.dependOn(joinRepoPath(target, 'Cargo.toml'));
    else set.patterns.add(directoryPattern(target));
  }
}

/**
 * A Tauri app builds its frontend into `frontendDist` and embeds it, so the frontend's project is read too:
 * the nearest directory at or above the built frontend with a package.json (StarStats' tray reads
 * `apps/tray-ui`), or the directory itself. A frontend inside the app's directory is read already.
 */
function tauriFrontendInputs(t: TauriConfig, cache: ManifestCache, set: InputSet): void {
  if (t.frontendDist === undefined || !isInsideRepo(joinRepoPath(dirOf(t.file), t.frontendDist))) return;
  const dist = joinRepoPath(dirOf(t.file), t.frontendDist);
  const project = ancestors(dist).reverse().find((d) => d !== '.' && cache.repo.read(joinRepoPath(d, 'package.json')) !== undefined);
  if (dist !== '.') set.patterns.add(project ?? dist);
}

/** Directories from the repository root down to `dir`, both included. */
function ancestors(dir: string): string[] {
  if (dir === '.') return ['.'];
  const parts = dir.split('/');
  return ['.', ...parts.map((_, i) => parts.slice(0, i + 1).join('/'))];
}

/**
 * The final pattern list: the patterns outside other products' directories, then `!` for every other
 * product's directory one of them covers, then the patterns inside those (a file a product reads from
 * another's directory). Patterns a broader one already covers are dropped.
 */
function ordered(set: InputSet, p: ResolvedProduct, track: readonly ResolvedProduct[]): string[] {
  const all = [...set.patterns];
  // The products some pattern other than their own path covers (`covers(d, q.path)`), found from each
  // plain pattern through an index of the track's products by ancestor directory: comparing every pattern
  // with every product of the track, for every product, made synth quadratic at 1000 crates.
  const below = productsBelow(track);
  const covered = all.includes('**') ? track : all.filter((d) => !/[*?]/.test(d)).flatMap((d) => below.get(d) ?? []);
  const excluded = [...new Set(covered.filter((q) => q.name !== p.name && q.path !== '.' && q.path !== p.path).map((q) => q.path))].sort();
  const inside = (pattern: string) => excluded.some((e) => covers(e, staticPart(pattern)));
  const pruned = (list: string[]) => list.filter((x) => !list.some((o) => o !== x && covers(o, staticPart(x)))).sort();
  return [...pruned(all.filter((x) => !inside(x))), ...excluded.map((e) => `!${e}`), ...pruned(all.filter(inside))];
}

/** A track's products by each strict ancestor directory of their path (`.` included), built once per track. */
const PRODUCTS_BELOW = new WeakMap<readonly ResolvedProduct[], Map<string, ResolvedProduct[]>>();
function productsBelow(track: readonly ResolvedProduct[]): Map<string, ResolvedProduct[]> {
  let index = PRODUCTS_BELOW.get(track);
  if (!index) {
    index = new Map();
    for (const q of track) {
      for (const dir of ancestors(dirOf(q.path))) {
        const list = index.get(dir);
        if (list) list.push(q);
        else index.set(dir, [q]);
      }
    }
    PRODUCTS_BELOW.set(track, index);
  }
  return index;
}

/** True when pattern `d` (a plain path or `**`) covers every file at or below path `f`. */
function covers(d: string, f: string): boolean {
  return d === '**' || (!/[*?]/.test(d) && f !== '' && (f === d || isBelow(f, d)));
}

/** The directory part of a pattern before its first wildcard segment ('' when it starts with one). */
function staticPart(pattern: string): string {
  const segments = pattern.split('/');
  const wild = segments.findIndex((s) => /[*?]/.test(s));
  return wild < 0 ? pattern : segments.slice(0, wild).join('/');
}
