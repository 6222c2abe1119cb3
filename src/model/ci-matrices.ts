import { LockstepConfigError } from './errors';
import { RUNNERS, TOOL_VERSIONS } from './pins';
import { ProductPlan, ReleasePlan } from './plan-types';
import { ProductKind } from './product';
import { joinRepoPath } from './repo';

/**
 * The build and test matrices of ci.yml as data. ci.yml has one job per kind of work (Rust tests, lint,
 * MSRV, Python, Node, ...), whatever the number of products; the `changes` job runs `lockstep affected`,
 * which calls `ciMatrices` with the affected products and hands each job its matrix as a job output, taken
 * with `fromJSON` (as cargo-dist's plan job does). Synth calls it with every product, to know which jobs
 * exist and that a full run stays within GitHub's limits.
 *
 * A matrix cell is a group of products × one leg (runner, and Python or Node version). Crates of one Cargo
 * workspace (and npm workspace members of one root) share a group once a job would otherwise pass
 * `MAX_MATRIX_CELLS`; other products are one group each. A group's commands are matrix values, so a cell
 * builds and tests every product of its group with one cargo (or npm) invocation.
 */

/** GitHub's limit on the jobs one matrix generates per workflow run. */
export const MAX_MATRIX_CELLS = 256;

/**
 * Groups a job has at most before products share them: every group repeats its values in the job's
 * output (kept well under 64 KiB at 1000 crates), and every cell pays a runner's set-up and a cold build.
 */
export const MAX_GROUPS_PER_JOB = 64;

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

/** One group of a matrix job: the products it covers, its legs and the values its steps read. */
export interface CiGroup {
  /** Unique within the job: the product's name, or a chunk's first product and how many follow. */
  readonly group: string;
  readonly products: string[];
  /** Runner labels (the `os` axis). */
  readonly os: string[];
  /** Python or Node versions, for the jobs with an interpreter axis. */
  readonly versions?: string[];
  /** What the job's steps read as `matrix.<key>`. */
  readonly values: Record<string, string>;
}

/** The interpreter axis of the jobs that have one. */
export const CI_VERSION_AXIS: Partial<Record<CiMatrixJob, string>> = { python: 'python', node: 'node', npm: 'node' };

/** What a product contributes to one job: its legs, the key of the products it may share a group with, its values. */
interface Unit {
  readonly product: ProductPlan;
  readonly os: string[];
  readonly versions?: string[];
  /** Products with the same key may share a group; none: a group of its own. */
  readonly key?: string;
  readonly values: (members: readonly ProductPlan[]) => Record<string, string>;
}

type UnitOf = (p: ProductPlan, s: CiProductSettings, lookup: (name: string) => ProductPlan) => Unit | undefined;

/**
 * Each job's groups for the given products (every product of the plan not disabled, when `affected` is
 * not given): jobs without a group are left out. Throws a `LockstepConfigError` when a setting cannot be
 * built or a job would pass `MAX_MATRIX_CELLS` even with whole workspaces per group.
 */
export function ciMatrices(plan: ReleasePlan, settings: CiSettings = {}, affected?: readonly string[]): Partial<Record<CiMatrixJob, CiGroup[]>> {
  const products = plan.tracks.flatMap((t) => t.products);
  const byName = new Map(products.map((p) => [p.name, p]));
  const lookup = (name: string): ProductPlan => {
    const p = byName.get(name);
    if (p === undefined) throw new Error(`ci.yml: the plan names product '${name}', which it does not define; regenerate it with \`npx projen\`.`);
    return p;
  };
  const wanted = affected === undefined ? undefined : new Set(affected);
  const selected = products.filter((p) => settings[p.name]?.disabled !== true && (wanted === undefined || wanted.has(p.name)));
  const out: Partial<Record<CiMatrixJob, CiGroup[]>> = {};
  for (const job of CI_MATRIX_JOBS) {
    const units = selected.flatMap((p) => UNITS[job](p, settings[p.name] ?? {}, lookup) ?? []);
    if (units.length > 0) out[job] = groupsOf(job, units);
  }
  return out;
}

/** Number of cells (matrix legs) of a job's groups. */
export function cellCount(groups: readonly CiGroup[]): number {
  return groups.reduce((n, g) => n + g.os.length * (g.versions?.length ?? 1), 0);
}

/**
 * A job's groups as a GitHub matrix: a `group` axis, the `os` axis and the interpreter axis hold each
 * value once; `include` adds each group's values to its cells (so a group's commands appear once, not once
 * per leg) and `exclude` drops the legs a group does not run.
 */
export function githubMatrix(job: CiMatrixJob, groups: readonly CiGroup[]): Record<string, unknown> {
  const axis = CI_VERSION_AXIS[job];
  const os = unique(groups.flatMap((g) => g.os));
  const versions = axis === undefined ? [] : unique(groups.flatMap((g) => g.versions ?? []));
  const exclude = groups.flatMap((g) => [
    ...os.filter((o) => !g.os.includes(o)).map((o) => ({ group: g.group, os: o })),
    ...(axis === undefined ? [] : versions.filter((v) => !(g.versions ?? []).includes(v)).map((v) => ({ group: g.group, [axis]: v }))),
  ]);
  return {
    group: groups.map((g) => g.group),
    os,
    ...(axis !== undefined ? { [axis]: versions } : {}),
    include: groups.map((g) => ({ group: g.group, ...g.values })),
    ...(exclude.length > 0 ? { exclude } : {}),
  };
}

/**
 * The cells GitHub makes of a matrix (its documented expansion): every combination of the axes, less
 * those matching an `exclude` entry; each `include` entry is added to every combination whose original
 * values it does not change, or becomes a combination of its own when it fits none.
 */
export function expandMatrix(matrix: Record<string, unknown>): Record<string, string>[] {
  const axes = Object.entries(matrix).filter(([k]) => k !== 'include' && k !== 'exclude') as Array<[string, string[]]>;
  let cells: Record<string, string>[] = [{}];
  for (const [key, values] of axes) cells = cells.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  if (axes.length === 0) cells = [];
  const matches = (c: Record<string, string>, e: Record<string, string>) => Object.entries(e).every(([k, v]) => c[k] === v);
  cells = cells.filter((c) => !((matrix.exclude ?? []) as Record<string, string>[]).some((e) => matches(c, e)));
  const original = new Set(axes.map(([k]) => k));
  const originals = cells.map((c) => ({ ...c }));
  for (const entry of (matrix.include ?? []) as Record<string, string>[]) {
    let added = false;
    cells.forEach((c, i) => {
      if (Object.entries(entry).every(([k, v]) => !original.has(k) || originals[i][k] === v)) {
        Object.assign(c, entry);
        added = true;
      }
    });
    if (!added) cells.push({ ...entry });
  }
  return cells;
}

/**
 * Groups a job's units: one product each while the job stays within `MAX_MATRIX_CELLS` cells and
 * `MAX_GROUPS_PER_JOB` groups, else the smallest equal chunks of products of the same key that fit both.
 */
function groupsOf(job: CiMatrixJob, units: readonly Unit[]): CiGroup[] {
  const keys = new Map<string, Unit[]>();
  const alone: Unit[] = [];
  for (const u of units) {
    if (u.key === undefined) alone.push(u);
    else keys.set(u.key, [...(keys.get(u.key) ?? []), u]);
  }
  const legs = (u: Unit) => u.os.length * (u.versions?.length ?? 1);
  const fixed = alone.reduce((n, u) => n + legs(u), 0);
  const cells = (size: number) => fixed + [...keys.values()].reduce((n, list) => n + Math.ceil(list.length / size) * legs(list[0]), 0);
  const groups = (size: number) => alone.length + [...keys.values()].reduce((n, list) => n + Math.ceil(list.length / size), 0);
  const largest = Math.max(1, ...[...keys.values()].map((l) => l.length));
  let size = 1;
  while (size < largest && (cells(size) > MAX_MATRIX_CELLS || groups(size) > MAX_GROUPS_PER_JOB)) size++;
  if (cells(size) > MAX_MATRIX_CELLS) {
    throw new LockstepConfigError(
      `ci.yml: the '${job}' job would run ${cells(size)} matrix cells when every product is affected, over GitHub's limit of ${MAX_MATRIX_CELLS}; ` +
      `fewer runners or interpreter versions per product (ci.products.<name>.runners, pythonVersions, nodeVersions) or disabling some products' CI brings it under.`,
    );
  }
  const chunks: Unit[][] = [...alone.map((u) => [u]), ...[...keys.values()].flatMap((list) => chunk(list, size))];
  // Plan order, so the matrix reads like the list of products.
  const order = new Map(units.map((u, i) => [u.product.name, i]));
  chunks.sort((a, b) => order.get(a[0].product.name)! - order.get(b[0].product.name)!);
  return chunks.map((members) => {
    const first = members[0];
    return {
      group: members.length === 1 ? first.product.name : `${first.product.name} +${members.length - 1}`,
      products: members.map((m) => m.product.name),
      os: first.os,
      ...(first.versions !== undefined ? { versions: first.versions } : {}),
      values: first.values(members.map((m) => m.product)),
    };
  });
}

function chunk<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

const ALL_OS = ['linux', 'macos', 'windows'];
/** Kinds whose crate is linted; Tauri is left out (clippy would need the webview system libraries). */
const LINTED: readonly string[] = [ProductKind.RUST_CRATE, ProductKind.C_FFI, ProductKind.MATURIN, ProductKind.NAPI, ProductKind.WASM_PACK];
/** Kinds whose crate is a library others read the docs of (and whose MSRV is checked). */
const DOCUMENTED: readonly string[] = [ProductKind.RUST_CRATE, ProductKind.C_FFI];

/** Runner labels of a product's legs; `CiRunner` values come from ci.yml's options. */
function labels(runners: readonly string[]): string[] {
  return runners.map((r) => {
    const label = CI_RUNNER_LABELS[r];
    if (label === undefined) throw new LockstepConfigError(`ci.products.<name>.runners: unknown runner '${r}'; use a CiRunner value.`);
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
  const os = labels(s.runners ?? ALL_OS);
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
 * maturin: install the package in develop (editable) mode, then pytest, on every runner × CPython line.
 * `pip install --editable` goes through maturin's PEP 660 hook (what `maturin develop` does) without a
 * virtualenv, the same way on every OS.
 */
const pythonUnit: UnitOf = (p, s) => {
  if (p.kind !== ProductKind.MATURIN) return undefined;
  const { cargoRoot } = crateOf(p);
  return {
    product: p,
    os: labels(s.runners ?? ALL_OS),
    versions: [...(s.pythonVersions ?? oldestAndNewest(TOOL_VERSIONS.pythonMatrix))],
    values: () => ({
      dir: p.path,
      workspaces: cacheWorkspace(cargoRoot),
      build: s.buildCommand ?? 'python -m pip install --no-build-isolation --editable .',
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
    os: labels(s.runners ?? ALL_OS),
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
      build: s.buildCommand ?? 'wasm-pack build --release --target web',
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
    os: labels(s.runners ?? ['linux', 'macos']),
    values: () => ({
      dir: p.path,
      workspaces: unique(ffi.map((lib) => cacheWorkspace(crateOf(lib).cargoRoot))).join('\n'),
      libraries: libraries.join(' && '),
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
    os: labels(s.runners ?? ALL_OS),
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
  const os = labels(s.runners ?? ['linux']);
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
  return { product: p, os: labels(s.runners ?? ['linux']), values: () => ({ dir: p.path, build, test: s.testCommand ?? '' }) };
};

/** The unit each job makes of a product (an exhaustive table: a new job does not compile without one). */
const UNITS: Record<CiMatrixJob, UnitOf> = {
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
