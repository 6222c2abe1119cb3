import { LockstepConfigError } from './errors';
import { RUNNERS, TOOL_VERSIONS } from './pins';
import { ProductPlan } from './plan-types';
import { ProductKind } from './product';
import { joinRepoPath } from './repo';
import { wasmPackBuildCommand } from './wasm-pack';

/**
 * What each matrix job of ci.yml makes of one product (see ci-matrices.ts): its legs, whether it may share
 * a group with other products, and the values (commands, directories, cache keys) its cells read.
 */

/** The matrix jobs of ci.yml, in the order they are rendered. */
export const CI_MATRIX_JOBS = ['rust', 'lint', 'msrv', 'python', 'node', 'wasm', 'go', 'tauri', 'npm', 'build'] as const;

/** One matrix job of ci.yml. */
export type CiMatrixJob = (typeof CI_MATRIX_JOBS)[number];

/** Label of each CI runner (the `CiRunner` values of ci.yml's options), from the pin table. */
export const CI_RUNNER_LABELS: Readonly<Record<string, string>> = {
  'linux': RUNNERS.linuxX64,
  'linux-arm64': RUNNERS.linuxArm64,
  'macos': RUNNERS.macosArm64,
  'macos-x64': RUNNERS.macosX64,
  'windows': RUNNERS.windowsX64,
};

/** CI settings of one product (ci.yml's `CiProductOptions`, as plain data). */
export interface CiProductSettings {
  readonly disabled?: boolean;
  /** `CiRunner` values. */
  readonly runners?: readonly string[];
  readonly pythonVersions?: readonly string[];
  readonly nodeVersions?: readonly string[];
  readonly buildCommand?: string;
  readonly testCommand?: string;
  readonly msrv?: boolean;
  readonly lint?: boolean;
}

/** CI settings per product name; a product without an entry gets its kind's defaults. */
export type CiSettings = Readonly<Record<string, CiProductSettings>>;

/** What a product contributes to one job: its legs, the key of the products it may share a group with, its values. */
export interface Unit {
  readonly product: ProductPlan;
  readonly os: string[];
  readonly versions?: string[];
  /** Products with the same key may share a group; none: a group of its own. */
  readonly key?: string;
  readonly values: (members: readonly ProductPlan[]) => Record<string, string>;
}

export type UnitOf = (p: ProductPlan, s: CiProductSettings, lookup: (name: string) => ProductPlan) => Unit | undefined;

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

const ALL_OS = ['linux', 'macos', 'windows'];
/** Kinds whose crate is linted; Tauri is left out (clippy would need the webview system libraries). */
const LINTED: readonly string[] = [ProductKind.RUST_CRATE, ProductKind.C_FFI, ProductKind.MATURIN, ProductKind.NAPI, ProductKind.WASM_PACK];
/** Kinds whose crate is a library others read the docs of (and whose MSRV is checked). */
const DOCUMENTED: readonly string[] = [ProductKind.RUST_CRATE, ProductKind.C_FFI];

/** Runner labels of a product's legs: its `runners` setting (`CiRunner` values), else its kind's default. */
function labels(p: ProductPlan, s: CiProductSettings, defaults: readonly string[]): string[] {
  return (s.runners ?? defaults).map((r) => {
    const label = CI_RUNNER_LABELS[r];
    if (label === undefined) throw new LockstepConfigError(`ci.products.${p.name}.runners: unknown runner '${r}'; use a CiRunner value.`);
    return label;
  });
}

/** The oldest and the newest of a list of version lines (the default test matrix of an interpreter). */
export function oldestAndNewest(lines: readonly string[]): string[] {
  return unique([lines[0], lines[lines.length - 1]]);
}

/** Cargo package name and workspace root of a product's crate; a plan without them was written by an older library. */
export function crateOf(product: ProductPlan): { crate: string; cargoRoot: string } {
  const crate = product.ci?.crate;
  if (crate === undefined || product.ci?.cargoRoot === undefined) {
    throw new Error(`ci.yml: product '${product.name}' (${product.kind}) has no crate in the plan; regenerate the plan with \`npx projen\`.`);
  }
  if (!/^[A-Za-z0-9_-]+$/.test(crate)) throw new Error(`ci.yml: crate name '${crate}' of '${product.name}' is not a valid Cargo package name.`);
  return { crate, cargoRoot: product.ci.cargoRoot };
}

/** ` --locked` when the product's Cargo workspace has a committed Cargo.lock (reproducible CI builds). */
export function lockedFlag(product: ProductPlan): string {
  return product.ci?.lockfiles.some((f) => f.endsWith('Cargo.lock')) ? ' --locked' : '';
}

/**
 * `-p a -p b`: the packages of a group, for one cargo invocation. A group's commands name them as
 * `$PACKAGES` (the job sets it from `matrix.packages`), so the list appears once in the job's output.
 */
function packages(members: readonly ProductPlan[]): string {
  return members.map((m) => `-p ${crateOf(m).crate}`).join(' ');
}

/** rust-cache's `workspaces` value: the Cargo workspace whose `target/` is cached. */
function cacheWorkspace(cargoRoot: string): string {
  return `${cargoRoot} -> target`;
}

/** A path as one word of a bash command. */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_./@+-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}

/**
 * How a product's npm dependencies install: `npm ci` (or `pnpm install --frozen-lockfile`) in the
 * directory of the lockfile that lists it, or `npm install` in its own directory when none does.
 */
function npmInstall(p: ProductPlan): Record<string, string> {
  const root = p.ci?.npmRoot ?? p.path;
  const lockfile = p.ci?.lockfiles.find((f) => f.endsWith('package-lock.json')) ?? '';
  if (p.ci?.lockfiles.some((f) => f.endsWith('pnpm-lock.yaml'))) return { 'install': 'pnpm install --frozen-lockfile', 'install-dir': root, 'pnpm': 'true', 'lockfile': '' };
  return lockfile !== ''
    ? { 'install': 'npm ci --no-audit --no-fund', 'install-dir': root, 'pnpm': '', lockfile }
    : { 'install': 'npm install --no-audit --no-fund', 'install-dir': p.path, 'pnpm': '', 'lockfile': '' };
}

/** napi-rs products a product depends on, directly or through other products, in order of discovery. */
function napiDependencies(product: ProductPlan, lookup: (name: string) => ProductPlan): ProductPlan[] {
  const seen = new Set<string>();
  const visit = (p: ProductPlan): void => {
    for (const d of p.dependsOn) {
      if (!seen.has(d)) {
        seen.add(d);
        visit(lookup(d));
      }
    }
  };
  visit(product);
  return [...seen].map(lookup).filter((p) => p.kind === ProductKind.NAPI);
}

/** Build and test on every runner; crates of one workspace share a group, a product with its own commands does not. */
const rustUnit: UnitOf = (p, s) => {
  if (p.kind !== ProductKind.RUST_CRATE && p.kind !== ProductKind.C_FFI) return undefined;
  const { cargoRoot } = crateOf(p);
  const locked = lockedFlag(p);
  const os = labels(p, s, ALL_OS);
  const custom = s.buildCommand !== undefined || s.testCommand !== undefined;
  return {
    product: p,
    os,
    ...(custom ? {} : { key: `${cargoRoot}|${locked}|${os.join(',')}` }),
    values: (members) => ({
      // Own commands run from the product's directory; cargo finds the workspace above it.
      dir: custom ? p.path : cargoRoot,
      workspaces: cacheWorkspace(cargoRoot),
      packages: packages(members),
      build: s.buildCommand ?? `cargo build${locked} --all-targets $PACKAGES`,
      test: s.testCommand ?? `cargo test${locked} $PACKAGES`,
    }),
  };
};

/** `cargo fmt --check`, clippy with warnings denied and, for library crates, rustdoc with warnings denied, on Linux. */
const lintUnit: UnitOf = (p, s) => {
  if (s.lint === false || !LINTED.includes(p.kind)) return undefined;
  const { cargoRoot } = crateOf(p);
  const locked = lockedFlag(p);
  // A WASM crate is linted for the target it ships to.
  const wasm = p.kind === ProductKind.WASM_PACK;
  const target = wasm ? ' --target wasm32-unknown-unknown' : '';
  const documented = DOCUMENTED.includes(p.kind);
  return {
    product: p,
    os: [RUNNERS.linuxX64],
    key: `${cargoRoot}|${locked}|${wasm}|${documented}`,
    values: (members) => ({
      dir: cargoRoot,
      workspaces: cacheWorkspace(cargoRoot),
      targets: wasm ? 'wasm32-unknown-unknown' : '',
      packages: packages(members),
      fmt: 'cargo fmt --check $PACKAGES',
      clippy: `cargo clippy${locked} --all-targets${target} $PACKAGES -- -D warnings`,
      doc: documented ? `cargo doc${locked} --no-deps $PACKAGES` : '',
    }),
  };
};

/** `cargo check` of the library with the toolchain its `rust-version` declares. */
const msrvUnit: UnitOf = (p, s) => {
  const version = p.ci?.rustVersion;
  if (version === undefined || s.msrv === false || !DOCUMENTED.includes(p.kind)) return undefined;
  if (!/^\d+\.\d+(\.\d+)?$/.test(version)) {
    throw new LockstepConfigError(`ci.yml: rust-version '${version}' of '${p.name}' is not a Rust version such as 1.75; fix it in Cargo.toml or set ci.products.${p.name}.msrv to false.`);
  }
  const { cargoRoot } = crateOf(p);
  const locked = lockedFlag(p);
  return {
    product: p,
    os: [RUNNERS.linuxX64],
    key: `${cargoRoot}|${version}|${locked}`,
    // The library only: dev-dependencies may need a newer compiler than the crate promises its users.
    values: (members) => ({ dir: cargoRoot, workspaces: cacheWorkspace(cargoRoot), toolchain: version, packages: packages(members), check: `cargo check${locked} $PACKAGES` }),
  };
};

/**
 * maturin and pure-Python packages: install the package in develop (editable) mode, then pytest, on every
 * runner × CPython line. `pip install --editable` goes through the backend's PEP 660 hook (for maturin what
 * `maturin develop` does) without a virtualenv, the same way on every OS. maturin builds with the pinned
 * maturin the job installs; a pure-Python package's backend comes in build isolation, as `python -m build`
 * gets it in the release, and its cell has no Cargo workspace (`workspaces` empty: no Rust set up).
 */
const pythonUnit: UnitOf = (p, s) => {
  if (p.kind !== ProductKind.MATURIN && p.kind !== ProductKind.PYTHON_PACKAGE) return undefined;
  const maturin = p.kind === ProductKind.MATURIN;
  return {
    product: p,
    os: labels(p, s, ALL_OS),
    versions: [...(s.pythonVersions ?? oldestAndNewest(TOOL_VERSIONS.pythonMatrix))],
    values: () => ({
      dir: p.path,
      workspaces: maturin ? cacheWorkspace(crateOf(p).cargoRoot) : '',
      build: s.buildCommand ?? `python -m pip install${maturin ? ' --no-build-isolation' : ''} --editable .`,
      test: s.testCommand ?? 'python -m pytest',
    }),
  };
};

/** napi-rs: install, build the native binary and run the tests on every runner × Node line. */
const nodeUnit: UnitOf = (p, s) => {
  if (p.kind !== ProductKind.NAPI) return undefined;
  const { cargoRoot } = crateOf(p);
  return {
    product: p,
    os: labels(p, s, ALL_OS),
    versions: [...(s.nodeVersions ?? oldestAndNewest(TOOL_VERSIONS.nodeMatrix))],
    values: () => ({
      dir: p.path,
      workspaces: cacheWorkspace(cargoRoot),
      ...npmInstall(p),
      build: s.buildCommand ?? 'npm run build',
      test: s.testCommand ?? 'npm test',
    }),
  };
};

/** wasm-pack on Linux x64 (the pinned binaryen is that build); tests only when a test command is given. */
const wasmUnit: UnitOf = (p, s) => {
  if (p.kind !== ProductKind.WASM_PACK) return undefined;
  const { cargoRoot } = crateOf(p);
  if ((s.runners ?? ['linux']).some((r) => r !== 'linux')) {
    throw new LockstepConfigError(`ci.products.${p.name}.runners: a wasm-pack build runs on Linux x64 only (the pinned binaryen is the x86_64-linux build); use [CiRunner.LINUX].`);
  }
  return {
    product: p,
    os: [RUNNERS.linuxX64],
    values: () => ({
      dir: p.path,
      workspaces: cacheWorkspace(cargoRoot),
      product: p.name,
      build: s.buildCommand ?? wasmPackBuildCommand(p),
      test: s.testCommand ?? '',
    }),
  };
};

/**
 * Go: build the C FFI libraries the module links (its CI build dependencies) in release mode, then
 * `go build ./...` and `go test ./...` with cgo, on Linux and macOS (cgo on Windows needs a MinGW setup).
 */
const goUnit: UnitOf = (p, s, lookup) => {
  if (p.kind !== ProductKind.GO_MODULE) return undefined;
  const ffi = (p.ci?.buildsWith ?? []).map(lookup);
  const libraries = ffi.map((lib) => {
    const { crate, cargoRoot } = crateOf(lib);
    return `cargo build${lockedFlag(lib)} --release --manifest-path ${shellWord(joinRepoPath(cargoRoot, 'Cargo.toml'))} -p ${crate}`;
  });
  return {
    product: p,
    os: labels(p, s, ['linux', 'macos']),
    values: () => ({
      'dir': p.path,
      'workspaces': unique(ffi.map((lib) => cacheWorkspace(crateOf(lib).cargoRoot))).join('\n'),
      'libraries': libraries.join(' && '),
      'go-sum': p.ci?.lockfiles.find((f) => f.endsWith('go.sum')) ?? '',
      'build': s.buildCommand ?? 'go build ./...',
      'test': s.testCommand ?? 'go test ./...',
    }),
  };
};

/** Tauri: a build of the app (the project's Tauri CLI, without bundling installers) on every runner. */
const tauriUnit: UnitOf = (p, s) => {
  if (p.kind !== ProductKind.TAURI_APP) return undefined;
  const { crate, cargoRoot } = crateOf(p);
  const npm = p.ci?.npmRoot !== undefined;
  const build = s.buildCommand ?? (npm ? 'npx --no-install tauri build --no-bundle' : `cargo build${lockedFlag(p)} -p ${crate}`);
  return {
    product: p,
    os: labels(p, s, ALL_OS),
    values: () => ({
      'dir': p.path,
      'build-dir': s.buildCommand !== undefined || npm ? p.path : cargoRoot,
      'workspaces': cacheWorkspace(cargoRoot),
      ...(npm ? { ...npmInstall(p), npm: 'true' } : { 'install': '', 'install-dir': '.', 'pnpm': '', 'lockfile': '', 'npm': '' }),
      build,
      'test': s.testCommand ?? '',
    }),
  };
};

/**
 * A plain npm package: install, build and test when the package has those scripts, after building the
 * napi-rs products it depends on (so its tests load a real native binary). Members of one npm workspace
 * share a group once the job needs it: npm runs the scripts of every `--workspace` given.
 */
const npmUnit: UnitOf = (p, s, lookup) => {
  if (p.kind !== ProductKind.NPM_PACKAGE) return undefined;
  const natives = napiDependencies(p, lookup);
  const install = npmInstall(p);
  const custom = s.buildCommand !== undefined || s.testCommand !== undefined;
  const member = install.lockfile !== '' && install['install-dir'] !== p.path;
  const os = labels(p, s, ['linux']);
  const versions = [...(s.nodeVersions ?? oldestAndNewest(TOOL_VERSIONS.nodeMatrix))];
  const shared = {
    ...install,
    workspaces: unique(natives.map((n) => cacheWorkspace(crateOf(n).cargoRoot))).join('\n'),
    natives: natives.map((n) => `(cd ${shellWord(n.path)} && npm run build)`).join(' && '),
  };
  return {
    product: p,
    os,
    versions,
    ...(member && !custom ? { key: `${install['install-dir']}|${shared.natives}|${os.join(',')}|${versions.join(',')}` } : {}),
    values: (members) => {
      if (members.length === 1) {
        return { ...shared, dir: p.path, packages: '', build: s.buildCommand ?? 'npm run build --if-present', test: s.testCommand ?? 'npm run test --if-present' };
      }
      const root = install['install-dir'];
      const flags = members.map((m) => `--workspace=${shellWord(root === '.' ? m.path : m.path.slice(root.length + 1))}`).join(' ');
      return { ...shared, dir: root, packages: flags, build: 'npm run build --if-present $PACKAGES', test: 'npm run test --if-present $PACKAGES' };
    },
  };
};

/** A generic product: its build command (and test command, if given); no job without a build command. */
const buildUnit: UnitOf = (p, s) => {
  if (p.kind !== ProductKind.GENERIC) return undefined;
  const build = s.buildCommand ?? p.settings.buildCommand;
  if (build === undefined) return undefined;
  return { product: p, os: labels(p, s, ['linux']), values: () => ({ dir: p.path, build, test: s.testCommand ?? '' }) };
};

/** The unit each job makes of a product (an exhaustive table: a new job does not compile without one). */
export const UNITS: Record<CiMatrixJob, UnitOf> = {
  rust: rustUnit,
  lint: lintUnit,
  msrv: msrvUnit,
  python: pythonUnit,
  node: nodeUnit,
  wasm: wasmUnit,
  go: goUnit,
  tauri: tauriUnit,
  npm: npmUnit,
  build: buildUnit,
};
