import { CHANGES_JOB, CI_JOBS_OUTPUT, CI_VERSION_AXIS, CiMatrixJob, PackageManagerPlan, TOOL_VERSIONS, matrixOutputOf } from '../../model';
import { actionStep, checkoutStep, pnpmSetupStep } from '../workflow';
import { Job, Step } from '../workflow/workflow-types';

/** Libraries a Tauri app needs on Linux (WebKitGTK 4.1 for Tauri 2, tray icons, SVG, AppImage patching). */
export const TAURI_LINUX_PACKAGES = ['libwebkit2gtk-4.1-dev', 'libayatana-appindicator3-dev', 'librsvg2-dev', 'patchelf'];

/** What the job renderers need beyond the matrix: whether caches are on, and pnpm when a product installs with it. */
export interface MatrixJobContext {
  readonly caches: boolean;
  /** Set when some product of the job installs with pnpm: its cells set pnpm up first. */
  readonly pnpm?: PackageManagerPlan;
}

/** `if:` of a matrix job: change detection gave it cells (a `fromJSON` of an empty matrix would fail the run). */
export function matrixJobIf(job: CiMatrixJob): string {
  return `contains(fromJSON(needs.${CHANGES_JOB}.outputs.${CI_JOBS_OUTPUT}), '${job}')`;
}

/**
 * A step running one command of the cell (`matrix.<key>`) with bash, from the cell's directory. The
 * command reaches the script through `env:`, never as an expression inside it; a step whose command is
 * optional runs only when the cell has one.
 */
function commandStep(name: string, key: string, options: { dir?: string; optional?: boolean; env?: Record<string, string> } = {}): Step {
  return {
    name,
    ...(options.optional ? { if: `matrix.${key} != ''` } : {}),
    run: 'eval "$COMMAND"',
    // '.': a command of paths relative to the repository root.
    ...(options.dir !== '.' ? { 'working-directory': `\${{ matrix.${options.dir ?? 'dir'} }}` } : {}),
    env: { COMMAND: `\${{ matrix.${key} }}`, ...options.env },
  };
}

/** The pinned Rust toolchain (or the cell's), with optional components and targets. */
function rustToolchainStep(options: { toolchain?: string; components?: string; targets?: string; if?: string } = {}): Step {
  return actionStep('Set up Rust', 'rustToolchain', {
    toolchain: options.toolchain ?? TOOL_VERSIONS.rust,
    ...(options.components ? { components: options.components } : {}),
    ...(options.targets ? { targets: options.targets } : {}),
  }, options.if ? { if: options.if } : {});
}

/**
 * Caches Cargo's registry and the cell's workspace `target/` (none when caches are off). Only runs on the
 * release branch and dispatches save the cache; pull requests restore it (their caches would be scoped
 * to the PR anyway and crowd out the shared ones).
 */
function rustCacheSteps(ctx: MatrixJobContext, condition?: string): Step[] {
  if (!ctx.caches) return [];
  return [actionStep('Cache Cargo', 'rustCache', {
    'workspaces': '${{ matrix.workspaces }}',
    'save-if': "${{ github.event_name != 'pull_request' }}",
  }, condition ? { if: condition } : {})];
}

/**
 * Node for a cell, caching npm's download cache on the cell's package-lock.json when it has one and caches
 * are on; setup-node's own detection stays off (a pnpm cell has no npm cache to key).
 */
function setupNodeStep(ctx: MatrixJobContext, version: string, condition?: string): Step {
  return actionStep('Set up Node', 'setupNode', {
    'node-version': version,
    ...(ctx.caches ? { 'cache': "${{ matrix.lockfile != '' && 'npm' || '' }}", 'cache-dependency-path': '${{ matrix.lockfile }}' } : {}),
    'package-manager-cache': false,
  }, condition ? { if: condition } : {});
}

/** pnpm, set up for the cells that install with it (only rendered when a product does). */
function pnpmSteps(ctx: MatrixJobContext): Step[] {
  return ctx.pnpm ? [{ ...pnpmSetupStep(ctx.pnpm), if: "matrix.pnpm == 'true'" }] : [];
}

/** The parts every matrix job shares: the matrix from change detection, read-only, bash everywhere. */
function matrixJob(job: CiMatrixJob, title: string, steps: Step[], env?: Record<string, string>): Job {
  const axis = CI_VERSION_AXIS[job];
  return {
    'name': `${title} \${{ matrix.group }} (\${{ matrix.os }}${axis ? `, \${{ matrix.${axis} }}` : ''})`,
    'runs-on': '${{ matrix.os }}',
    'needs': [CHANGES_JOB],
    'if': matrixJobIf(job),
    'permissions': { contents: 'read' },
    'strategy': { 'fail-fast': false, 'matrix': `\${{ fromJSON(needs.${CHANGES_JOB}.outputs.${matrixOutputOf(job)}) }}` },
    'timeout-minutes': 60,
    ...(env ? { env } : {}),
    'defaults': { run: { shell: 'bash' } },
    steps,
  };
}

/** The condition of the steps only a cell with a Cargo workspace runs (the Python job's maturin cells). */
const RUST_CELL = "matrix.workspaces != ''";

/** The packages of the cell's group (`-p a -p b`, `--workspace=a ...`), which its commands name as `$PACKAGES`. */
const PACKAGES_ENV = { PACKAGES: '${{ matrix.packages }}' };

/** Each matrix job of ci.yml (an exhaustive table: a new job does not compile until it renders). */
export const MATRIX_JOBS: Record<CiMatrixJob, (ctx: MatrixJobContext) => Job> = {
  rust: (ctx) => matrixJob('rust', 'rust', [
    checkoutStep(),
    rustToolchainStep(),
    ...rustCacheSteps(ctx),
    commandStep('Build', 'build'),
    commandStep('Test', 'test'),
  ], PACKAGES_ENV),
  lint: (ctx) => matrixJob('lint', 'lint', [
    checkoutStep(),
    rustToolchainStep({ components: 'clippy, rustfmt', targets: '${{ matrix.targets }}' }),
    ...rustCacheSteps(ctx),
    commandStep('Check formatting', 'fmt'),
    commandStep('Clippy', 'clippy'),
    commandStep('Docs', 'doc', { optional: true, env: { RUSTDOCFLAGS: '-D warnings' } }),
  ], PACKAGES_ENV),
  msrv: (ctx) => matrixJob('msrv', 'msrv', [
    checkoutStep(),
    rustToolchainStep({ toolchain: '${{ matrix.toolchain }}' }),
    ...rustCacheSteps(ctx),
    commandStep('Check with the MSRV', 'check'),
  ], PACKAGES_ENV),
  python: (ctx) => matrixJob('python', 'python', [
    checkoutStep(),
    actionStep('Set up Python', 'setupPython', { 'python-version': '${{ matrix.python }}' }),
    // A pure-Python cell has no Cargo workspace.
    rustToolchainStep({ if: RUST_CELL }),
    ...rustCacheSteps(ctx, RUST_CELL),
    { name: 'Install maturin and pytest', run: 'python -m pip install "maturin==$MATURIN_VERSION" "pytest==$PYTEST_VERSION"' },
    commandStep('Develop-install', 'build'),
    commandStep('Test', 'test'),
  ], { MATURIN_VERSION: TOOL_VERSIONS.maturin, PYTEST_VERSION: TOOL_VERSIONS.pytest }),
  node: (ctx) => matrixJob('node', 'node', [
    checkoutStep(),
    ...pnpmSteps(ctx),
    setupNodeStep(ctx, '${{ matrix.node }}'),
    rustToolchainStep(),
    ...rustCacheSteps(ctx),
    commandStep('Install npm dependencies', 'install', { dir: 'install-dir' }),
    commandStep('Build the native binary', 'build'),
    commandStep('Test', 'test'),
  ]),
  wasm: (ctx) => matrixJob('wasm', 'wasm', wasmSteps(ctx), {
    WASM_PACK_VERSION: TOOL_VERSIONS.wasmPack,
    BINARYEN_VERSION: TOOL_VERSIONS.binaryen,
    BINARYEN_SHA256: TOOL_VERSIONS.binaryenSha256,
  }),
  go: (ctx) => matrixJob('go', 'go', [
    checkoutStep(),
    rustToolchainStep({ if: "matrix.libraries != ''" }),
    ...rustCacheSteps(ctx, "matrix.libraries != ''"),
    commandStep('Build the C libraries', 'libraries', { optional: true, dir: '.' }),
    actionStep('Set up Go', 'setupGo', {
      'go-version': TOOL_VERSIONS.go,
      ...(ctx.caches ? { 'cache': "${{ matrix.go-sum != '' }}", 'cache-dependency-path': '${{ matrix.go-sum }}' } : { cache: false }),
    }),
    commandStep('Build', 'build'),
    commandStep('Test', 'test'),
  ], { CGO_ENABLED: '1' }),
  tauri: (ctx) => matrixJob('tauri', 'tauri', [
    checkoutStep(),
    { name: 'Update the package index', if: "runner.os == 'Linux'", run: 'sudo apt-get update' },
    { name: 'Install system dependencies', if: "runner.os == 'Linux'", run: `sudo apt-get install --yes --no-install-recommends ${TAURI_LINUX_PACKAGES.join(' ')}` },
    ...pnpmSteps(ctx),
    setupNodeStep(ctx, TOOL_VERSIONS.node, "matrix.npm == 'true'"),
    rustToolchainStep(),
    ...rustCacheSteps(ctx),
    commandStep('Install npm dependencies', 'install', { optional: true, dir: 'install-dir' }),
    commandStep('Build', 'build', { dir: 'build-dir' }),
    commandStep('Test', 'test', { optional: true }),
  ]),
  npm: (ctx) => matrixJob('npm', 'npm', [
    checkoutStep(),
    ...pnpmSteps(ctx),
    setupNodeStep(ctx, '${{ matrix.node }}'),
    rustToolchainStep({ if: "matrix.natives != ''" }),
    ...rustCacheSteps(ctx, "matrix.natives != ''"),
    commandStep('Install npm dependencies', 'install', { dir: 'install-dir' }),
    commandStep('Build the napi-rs dependencies', 'natives', { optional: true, dir: '.' }),
    commandStep('Build', 'build'),
    commandStep('Test', 'test'),
  ], PACKAGES_ENV),
  build: () => matrixJob('build', 'build', [
    checkoutStep(),
    commandStep('Build', 'build'),
    commandStep('Test', 'test', { optional: true }),
  ]),
};

/**
 * wasm-pack: the pinned wasm-pack (built by cargo from crates.io with its lockfile, so every download is
 * checksum-verified, and cached with the Cargo cache) and the pinned binaryen, whose tarball is checked
 * against its SHA-256 before use (S3, S4; seed 000's SQLR-58: wasm-pack otherwise uses whatever wasm-opt
 * the runner has). The size of each .wasm goes to the job summary, so a pull request shows size changes.
 */
function wasmSteps(ctx: MatrixJobContext): Step[] {
  return [
    checkoutStep(),
    rustToolchainStep({ targets: 'wasm32-unknown-unknown' }),
    ...rustCacheSteps(ctx),
    { name: 'Install wasm-pack', run: 'cargo install wasm-pack --locked --version "$WASM_PACK_VERSION"' },
    {
      name: 'Download binaryen',
      run: 'curl --proto "=https" --tlsv1.2 --fail --silent --show-error --location --output "$RUNNER_TEMP/binaryen.tar.gz" ' +
        '"https://github.com/WebAssembly/binaryen/releases/download/$BINARYEN_VERSION/binaryen-$BINARYEN_VERSION-x86_64-linux.tar.gz"',
    },
    { name: 'Verify binaryen', run: 'echo "$BINARYEN_SHA256  $RUNNER_TEMP/binaryen.tar.gz" | sha256sum --check --strict' },
    { name: 'Unpack binaryen', run: 'tar --extract --gzip --file "$RUNNER_TEMP/binaryen.tar.gz" --directory "$RUNNER_TEMP"' },
    { name: 'Put wasm-opt on PATH', run: 'echo "$RUNNER_TEMP/binaryen-$BINARYEN_VERSION/bin" >> "$GITHUB_PATH"' },
    { name: 'Show wasm-opt version', run: 'wasm-opt --version' },
    commandStep('Build', 'build'),
    {
      'name': 'Report the .wasm size',
      'run': 'stat --printf="- $PRODUCT %n: %s bytes\\n" pkg/*.wasm >> "$GITHUB_STEP_SUMMARY"',
      'working-directory': '${{ matrix.dir }}',
      'env': { PRODUCT: '${{ matrix.product }}' },
    },
    commandStep('Test', 'test', { optional: true }),
  ];
}
