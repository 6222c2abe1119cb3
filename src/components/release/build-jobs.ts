import {
  ARTIFACT_KINDS, BuildTarget, LockstepConfigError, MUSL_TWIN, NPM_PACKAGES_BUILD_JOB, NPM_UPLOAD_DIR, ProductKind, ProductPlan, PublishTarget,
  RELEASE_JOBS,
  APPLE_API_KEY_PATH_ENV, APPLE_API_KEY_SECRET, SigningSecretPlan, TAURI_CONFIG_OUTPUT, TAURI_UPDATER_ARTIFACTS_FLAG, TOOL_VERSIONS, TauriSigningPlan,
  artifactName, buildTargetOfPlatform, dirOf, joinRepoPath, napiBuildTargets, productSlug, wasmPackBuildCommand,
} from '../../model';
import { secretsPreflightStep } from '../docs/preflight-step';
import { LockstepArg, actionStep, lockstepStep } from '../workflow';
import { imageBuildSteps } from './image-jobs';
import { ReleasePlatform } from './options';
import { IF, checkoutRelease, linuxJob, lockstepTools, planOutput, platformMatrix, platformTargets, rustRelease, runEnv, toolStep, uploadStep } from './release-steps';
import { updaterManifestJob } from './updater-jobs';
import { WheelContainer, containerInputs, protocCopyStep } from './wheel-container-setup';
import { Job, Step } from '../workflow/workflow-types';

/** A build job of release.yml and the artifact kinds it produces. */
export interface BuildJob {
  readonly id: string;
  readonly job: Job;
  /** Products whose artifacts the job builds. */
  readonly products: string[];
  /** Artifact kinds it uploads (empty for a check-only job). */
  readonly artifacts: string[];
  /** Names of the artifacts it uploads, one per kind and matrix leg (P14: the release must carry each). */
  readonly artifactNames: string[];
  /** Reads only other jobs' artifacts, builds nothing from the sources: takes none of its products' setup. */
  readonly withoutSetup?: boolean;
}

/** What the build jobs are built from. */
export interface BuildSettings {
  readonly platforms: readonly ReleasePlatform[];
  readonly desktopPlatforms: readonly ReleasePlatform[];
  readonly maxCrateBytes: number;
  readonly maxNpmPackageBytes: number;
  /** The environment of a signing desktop build (issue 17): where its secrets live. */
  readonly publishEnvironment: string;
}

/**
 * The build stage: one job per product that ships built artifacts (a matrix over platforms where the
 * artifact is native), plus one job checking every crate package. Build jobs need only the plan, hold no
 * secret and no write token, test what they built before uploading it, and run in parallel.
 */
export function buildJobs(products: readonly ProductPlan[], settings: BuildSettings): BuildJob[] {
  const jobs: BuildJob[] = [];
  const crates = products.filter((p) => p.packages.some((k) => k.registry === PublishTarget.CRATES_IO));
  if (crates.length > 0) jobs.push(crateCheckJob(crates, settings.maxCrateBytes));
  const inRepo = [ProductKind.NAPI, ProductKind.NPM_PACKAGE];
  const npmPackages = products.filter((p) => inRepo.includes(p.kind as ProductKind) && p.packages.some((k) => k.registry === PublishTarget.NPM));
  if (npmPackages.length > 0) jobs.push(npmCheckJob(npmPackages, settings.maxNpmPackageBytes));
  const plainNpm = products.filter((p) => p.kind === ProductKind.NPM_PACKAGE);
  if (plainNpm.length > 0) jobs.push(npmPackagesJob(plainNpm, settings));
  for (const p of products) {
    const build = BUILDERS[p.kind as ProductKind]?.(p, settings);
    if (build) jobs.push(build);
    // Issue 17: the updater manifest, from the signed bundles of every leg, before the approval.
    if (build && p.kind === ProductKind.TAURI_APP && p.signing?.updater) jobs.push(updaterManifestJob(p, build));
  }
  return jobs;
}

type Builder = (p: ProductPlan, s: BuildSettings) => BuildJob | undefined;

const BUILDERS: Record<ProductKind, Builder> = {
  [ProductKind.RUST_CRATE]: () => undefined,
  [ProductKind.GO_MODULE]: () => undefined,
  [ProductKind.C_FFI]: ffiJob,
  [ProductKind.MATURIN]: wheelsJob,
  [ProductKind.PYTHON_PACKAGE]: purePythonJob,
  [ProductKind.NAPI]: napiJob,
  [ProductKind.WASM_PACK]: wasmJob,
  [ProductKind.TAURI_APP]: desktopJob,
  // One job packs them all (npmPackagesJob).
  [ProductKind.NPM_PACKAGE]: () => undefined,
  [ProductKind.GENERIC]: genericJob,
  [ProductKind.CONTAINER_IMAGE]: imageCheckJob,
};

/** The id of a product's build job: the npm packages' one job for a plain npm package. */
export function buildJobId(product: string, kind?: string): string {
  return kind === ProductKind.NPM_PACKAGE ? NPM_PACKAGES_BUILD_JOB : `build-${productSlug(product)}`;
}

/**
 * A product's build runs when this run releases it and something of it is still to publish from its
 * artifacts (the plan's probes): a re-run missing one package rebuilds only that package's product.
 */
function productIf(p: ProductPlan): string {
  return `${IF.releasing} && ${IF.toBuild(p.name)}`;
}

/** A build job with a matrix over build targets: `runs-on` and the Rust target come from the leg. */
function matrixJob(p: ProductPlan, targets: readonly BuildTarget[], kinds: string[], steps: Step[], env?: Record<string, string>): BuildJob {
  const job: Job = {
    'name': `build ${p.name} (\${{ matrix.platform }})`,
    'runs-on': '${{ matrix.runner }}',
    'needs': [RELEASE_JOBS.plan],
    'if': productIf(p),
    'permissions': { contents: 'read' },
    'strategy': { 'fail-fast': false, 'matrix': platformMatrix(targets) },
    'timeout-minutes': 60,
    'env': runEnv(env),
    'defaults': { run: { shell: 'bash' } },
    steps,
  };
  const artifactNames = kinds.flatMap((k) => targets.map((t) => artifactName(k, p.name, t.platform)));
  return { id: buildJobId(p.name), job, products: [p.name], artifacts: kinds, artifactNames };
}

function linuxBuild(p: ProductPlan, kinds: string[], steps: Step[], env?: Record<string, string>): BuildJob {
  const artifactNames = kinds.map((k) => artifactName(k, p.name));
  return { id: buildJobId(p.name), products: [p.name], artifacts: kinds, artifactNames, job: linuxJob({ name: `build ${p.name}`, needs: [RELEASE_JOBS.plan], if: productIf(p), permissions: { contents: 'read' }, steps, env: runEnv(env), timeout: 60 }) };
}

/**
 * Every crate still to publish, packaged and verified together with cargo's workspace packaging (P8), and
 * each one's contents and size (P4): before the approval, so a crate that cannot be packaged stops the
 * release before anything is tagged or published.
 */
function crateCheckJob(crates: readonly ProductPlan[], maxBytes: number): BuildJob {
  const job = linuxJob({
    name: 'check crate packages',
    needs: [RELEASE_JOBS.plan],
    if: `${IF.releasing} && ${IF.todo(PublishTarget.CRATES_IO)}`,
    permissions: { contents: 'read' },
    env: runEnv({ MAX_CRATE_BYTES: String(maxBytes) }),
    steps: [checkoutRelease(), rustRelease(), ...lockstepTools(), lockstepStep('Package and verify the crates together; check their contents and size', ['crate-check', '--max-bytes', { env: 'MAX_CRATE_BYTES' }])],
  });
  return { id: 'check-crates', job, products: crates.map((c) => c.name), artifacts: [], artifactNames: [] };
}

/**
 * Every npm package still to publish (plain packages, napi-rs main and platform packages, the latter laid
 * out by the product's napi CLI when the repository keeps none), as `npm pack --dry-run` would pack it,
 * checked for contents and size (P4, P13) before the approval. WASM packages are checked the same way in their build job, once wasm-pack made them.
 */
function npmCheckJob(products: readonly ProductPlan[], maxBytes: number): BuildJob {
  const job = linuxJob({
    name: 'check npm packages',
    needs: [RELEASE_JOBS.plan],
    if: `${IF.releasing} && ${IF.todo(PublishTarget.NPM)}`,
    permissions: { contents: 'read' },
    env: runEnv({ MAX_NPM_BYTES: String(maxBytes) }),
    steps: [checkoutRelease(), ...lockstepTools(), lockstepStep('Check the contents and size of every npm package', ['npm-check', '--max-bytes', { env: 'MAX_NPM_BYTES' }])],
  });
  return { id: NPM_CHECK_JOB, job, products: products.map((p) => p.name), artifacts: [], artifactNames: [] };
}

/** The id of the job that checks the npm packages. */
export const NPM_CHECK_JOB = 'check-npm';

/** The platform whose wheel leg also builds the sdist. */
const SDIST_PLATFORM = ReleasePlatform.LINUX_X64;

/**
 * Wheels per platform with maturin, plus the sdist on Linux x64; each leg checks what it built with
 * `twine check` (and that the sdist is there), installs its wheel and imports it, before the approval. With
 * `musllinux`, each Linux platform gets a musl twin: maturin-action builds its musllinux_1_2 wheels in its
 * container, and they are checked with twine but not installed (the runner's Python is glibc's).
 */
function wheelsJob(p: ProductPlan, s: BuildSettings): BuildJob {
  const targets = wheelTargets(p, s.platforms);
  refuseIdleManylinuxPackages(p, targets);
  const cross = targets.some((t) => t.crossCompiled);
  const maturin = (name: string, command: string, args: string, extra: Partial<Step> = {}, manylinux = 'auto'): Step => actionStep(name, 'maturin', {
    'command': command,
    'args': args,
    'working-directory': p.path,
    'maturin-version': `v${TOOL_VERSIONS.maturin}`,
    'sccache': false,
    ...(command === 'build' ? { target: '${{ matrix.target }}', manylinux } : {}),
  }, extra);
  // Issue 17: the product's setup inside the Linux build container too, named in the step's name.
  const build = (name: string, container: WheelContainer, extra: Partial<Step> = {}): Step => {
    const inContainer = containerInputs(p.setup, container);
    const step = maturin(inContainer.options.length > 0 ? `${name}, its Linux container set up first (${inContainer.options.join(', ')})` : name,
      'build', '--release --out dist --find-interpreter', extra, container === 'musllinux' ? MUSLLINUX : 'auto');
    return { ...step, with: { ...step.with, ...inContainer.with } };
  };
  return matrixJob(p, targets, [ARTIFACT_KINDS.wheels], [
    checkoutRelease(),
    actionStep('Set up Python', 'setupPython', { 'python-version': TOOL_VERSIONS.pythonMatrix[TOOL_VERSIONS.pythonMatrix.length - 1] }),
    ...(p.setup?.protoc !== undefined ? [protocCopyStep()] : []),
    ...(cross
      ? [build('maturin build', 'manylinux', { if: NATIVE }), build('maturin build (musllinux)', 'musllinux', { if: CROSS })]
      : [build('maturin build', 'manylinux')]),
    maturin('maturin sdist', 'sdist', '--out dist', { if: `matrix.platform == '${SDIST_PLATFORM}'` }),
    toolStep('Install twine', 'python -m pip install "twine==$TWINE_VERSION"', { env: { TWINE_VERSION: TOOL_VERSIONS.twine } }),
    ...lockstepTools(),
    lockstepStep('Check every distribution with twine', ['pypi-check', '--product', p.name, '--dist', `${p.path}/dist`, '--sdist', { env: 'SDIST' }], {
      env: { SDIST: `\${{ matrix.platform == '${SDIST_PLATFORM}' }}` },
    }),
    lockstepStep('Install the wheel and import it', ['smoke', '--product', p.name, '--platform', { env: 'PLATFORM' }], {
      env: { PLATFORM: '${{ matrix.platform }}' }, ...(cross ? { if: NATIVE } : {}),
    }),
    uploadStep('Keep the wheels', artifactName(ARTIFACT_KINDS.wheels, p.name, '${{ matrix.platform }}'), [`${p.path}/dist/*`]),
  ]);
}

/**
 * The leg of a pure-Python product's one artifact: its wheel runs anywhere (`py3-none-any`). A leg keeps the
 * artifact under the `wheels.<product>.*` pattern the PyPI job downloads, as a maturin product's are.
 */
export const PURE_PYTHON_LEG = 'any';

/**
 * A pure-Python package: its sdist and wheel built once, on Linux, by the pinned `build` frontend (`python -m
 * build` makes the sdist, then the wheel from it, so a file the sdist forgot fails here), with the backend its
 * pyproject.toml names installed in build isolation. Then the same checks as a maturin leg: `twine check` on
 * both, the wheel installed and imported, before the approval. The PyPI job publishes them like wheels.
 */
function purePythonJob(p: ProductPlan): BuildJob {
  const artifact = artifactName(ARTIFACT_KINDS.wheels, p.name, PURE_PYTHON_LEG);
  const job = linuxJob({
    name: `build ${p.name}`,
    needs: [RELEASE_JOBS.plan],
    if: productIf(p),
    permissions: { contents: 'read' },
    env: runEnv({ BUILD_VERSION: TOOL_VERSIONS.build, TWINE_VERSION: TOOL_VERSIONS.twine }),
    timeout: 30,
    steps: [
      checkoutRelease(),
      actionStep('Set up Python', 'setupPython', { 'python-version': TOOL_VERSIONS.pythonMatrix[TOOL_VERSIONS.pythonMatrix.length - 1] }),
      toolStep('Install build and twine', 'python -m pip install "build==$BUILD_VERSION" "twine==$TWINE_VERSION"'),
      toolStep('Build the sdist and the wheel', 'python -m build --outdir dist', { dir: p.path }),
      ...lockstepTools(),
      lockstepStep('Check the sdist and the wheel with twine', ['pypi-check', '--product', p.name, '--dist', `${p.path}/dist`, '--sdist', 'true']),
      lockstepStep('Install the wheel and import it', ['smoke', '--product', p.name]),
      uploadStep('Keep the sdist and the wheel', artifact, [`${p.path}/dist/*`]),
    ],
  });
  return { id: buildJobId(p.name), job, products: [p.name], artifacts: [ARTIFACT_KINDS.wheels], artifactNames: [artifact] };
}

/**
 * `setup.manylinuxPackages` on a product whose legs include no glibc Linux one: no manylinux container would
 * install them, so the option would do nothing.
 */
function refuseIdleManylinuxPackages(p: ProductPlan, targets: readonly BuildTarget[]): void {
  if ((p.setup?.manylinuxPackages ?? []).length === 0 || targets.some((t) => t.target.endsWith('-linux-gnu'))) return;
  throw new LockstepConfigError(
    `setup.manylinuxPackages: ${p.name} builds no glibc Linux wheels (release.platforms names neither linux-x64 nor linux-arm64), so no manylinux container would install them; ` +
      'remove setup.manylinuxPackages or add a Linux platform to release.platforms.',
  );
}

/** The manylinux policy of musl wheels: musllinux_1_2, the one current musl Linux distributions and pip take. */
const MUSLLINUX = 'musllinux_1_2';

/** A maturin product's legs: the release platforms, and with `musllinux` each Linux one's musl twin after them. */
export function wheelTargets(p: ProductPlan, platforms: readonly ReleasePlatform[]): BuildTarget[] {
  const glibc = platformTargets(platforms);
  if (p.settings.musllinux !== 'true') return glibc;
  return [...glibc, ...platforms.filter((pl) => MUSL_TWIN[pl] !== undefined).map((pl) => buildTargetOfPlatform(MUSL_TWIN[pl]))];
}

/**
 * The legs a napi product builds: one per Rust target its `napi` config lists (napi-rs makes one npm
 * platform package per target, and each must get its binary), whatever `release.platforms` says; a package
 * that lists none builds on the release platforms. A target release.yml cannot build is a synth error.
 */
export function napiTargets(p: ProductPlan, platforms: readonly ReleasePlatform[]): BuildTarget[] {
  return napiBuildTargets({
    packageJson: `${p.path}/package.json`,
    targets: p.settings.napiTargets?.split(',') ?? [],
    // napi-rs v2 lists its targets under `triples`, v3 under `targets`.
    field: p.settings.napiCli === '2' ? 'napi.triples' : 'napi.targets',
    fallback: platforms,
  });
}

/**
 * napi-rs binaries per target. A native leg loads the package with its binary before uploading it. A musl
 * leg links with zig on x64 Linux, as napi-rs documents for its CLI major (v3 `--cross-compile` through
 * cargo-zigbuild, v2 `--zig`), with both tools pinned; its binary cannot be loaded on the glibc runner that
 * built it, so it is uploaded without that smoke test.
 */
function napiJob(p: ProductPlan, s: BuildSettings): BuildJob {
  const targets = napiTargets(p, s.platforms);
  const cross = targets.some((t) => t.crossCompiled);
  const build = 'npx --no-install napi build --platform --release --target "$TARGET"';
  const env = { TARGET: '${{ matrix.target }}' };
  return matrixJob(p, targets, [ARTIFACT_KINDS.napi], [
    checkoutRelease(),
    rustRelease('${{ matrix.target }}'),
    ...lockstepTools(),
    ...(cross ? [
      actionStep('Set up Python for zig', 'setupPython', { 'python-version': TOOL_VERSIONS.pythonMatrix[TOOL_VERSIONS.pythonMatrix.length - 1] }, { if: CROSS }),
      toolStep('Install zig and cargo-zigbuild', 'python -m pip install "cargo-zigbuild==$CARGO_ZIGBUILD_VERSION" "ziglang==$ZIGLANG_VERSION"', {
        if: CROSS, env: { CARGO_ZIGBUILD_VERSION: TOOL_VERSIONS.cargoZigbuild, ZIGLANG_VERSION: TOOL_VERSIONS.ziglang },
      }),
      toolStep('Put zig on PATH', 'python -c "import os, ziglang; print(os.path.dirname(ziglang.__file__))" >> "$GITHUB_PATH"', { if: CROSS }),
      toolStep('Build the native binary', build, { dir: p.path, env, if: NATIVE }),
      toolStep('Build the native binary with zig as the linker', `${build} ${p.settings.napiCli === '2' ? '--zig' : '--cross-compile'}`, { dir: p.path, env, if: CROSS }),
    ] : [toolStep('Build the native binary', build, { dir: p.path, env })]),
    lockstepStep('Load the package with its binary', ['smoke', '--product', p.name, '--platform', { env: 'PLATFORM' }], {
      env: { PLATFORM: '${{ matrix.platform }}' }, ...(cross ? { if: NATIVE } : {}),
    }),
    uploadStep('Keep the binary', artifactName(ARTIFACT_KINDS.napi, p.name, '${{ matrix.platform }}'), [`${p.path}/*.node`]),
  ]);
}

/** The condition of a step only a cross-compiled leg runs, and of one only a native leg runs. */
const CROSS = 'matrix.cross';
const NATIVE = '!matrix.cross';

/** C FFI tarballs per platform: library, static library and header, checked before upload. */
function ffiJob(p: ProductPlan, s: BuildSettings): BuildJob {
  return matrixJob(p, platformTargets(s.platforms), [ARTIFACT_KINDS.ffi], [
    checkoutRelease(),
    rustRelease('${{ matrix.target }}'),
    toolStep('Build the library', 'cargo build --release --locked --target "$TARGET"', { dir: p.path, env: { TARGET: '${{ matrix.target }}' } }),
    ...lockstepTools(),
    lockstepStep('Pack and check the tarball', ['pack-ffi', '--product', p.name, '--platform', { env: 'PLATFORM' }, '--target', { env: 'TARGET' }, '--out', 'dist/ffi'], { env: { PLATFORM: '${{ matrix.platform }}', TARGET: '${{ matrix.target }}' } }),
    uploadStep('Keep the tarball', artifactName(ARTIFACT_KINDS.ffi, p.name, '${{ matrix.platform }}'), ['dist/ffi/*']),
  ]);
}

/**
 * The WASM package: the pinned wasm-pack (built by cargo from crates.io with its lockfile) and the pinned
 * binaryen, checked against its SHA-256 (S3, S4), then packed and checked like any npm tarball.
 */
function wasmJob(p: ProductPlan, s: BuildSettings): BuildJob {
  return linuxBuild(p, [ARTIFACT_KINDS.npm], [
    checkoutRelease(),
    rustRelease('wasm32-unknown-unknown'),
    toolStep('Install wasm-pack', 'cargo install wasm-pack --locked --version "$WASM_PACK_VERSION"'),
    toolStep('Download binaryen', 'curl --proto "=https" --tlsv1.2 --fail --silent --show-error --location --output "$RUNNER_TEMP/binaryen.tar.gz" "https://github.com/WebAssembly/binaryen/releases/download/$BINARYEN_VERSION/binaryen-$BINARYEN_VERSION-x86_64-linux.tar.gz"'),
    toolStep('Verify binaryen', 'echo "$BINARYEN_SHA256  $RUNNER_TEMP/binaryen.tar.gz" | sha256sum --check --strict'),
    toolStep('Unpack binaryen', 'tar --extract --gzip --file "$RUNNER_TEMP/binaryen.tar.gz" --directory "$RUNNER_TEMP"'),
    toolStep('Put wasm-opt on PATH', 'echo "$RUNNER_TEMP/binaryen-$BINARYEN_VERSION/bin" >> "$GITHUB_PATH"'),
    // The target is one of WasmPackTarget's values, checked at synth. A package.json of the product's own
    // beside the crate is packed with wasm-pack's pkg/ in it (pack-npm).
    toolStep('Build the WASM package', wasmPackBuildCommand(p), { dir: p.path }),
    ...lockstepTools(),
    packNpmStep(p.name, `${NPM_UPLOAD_DIR}/${artifactName(ARTIFACT_KINDS.npm, p.name)}`),
    uploadNpmStep(artifactName(ARTIFACT_KINDS.npm, p.name)),
  ], {
    MAX_NPM_BYTES: String(s.maxNpmPackageBytes),
    WASM_PACK_VERSION: TOOL_VERSIONS.wasmPack,
    BINARYEN_VERSION: TOOL_VERSIONS.binaryen,
    BINARYEN_SHA256: TOOL_VERSIONS.binaryenSha256,
  });
}

/**
 * Issue 20: every plain npm package in one job, whose matrix the plan job computes (`npm_packages`: the
 * packages still to publish, as cargo-dist computes its matrices), so release.yml keeps its jobs and its
 * size however many packages the repository has. Each cell packs one package, checks its contents and size
 * (P4) and keeps the tarball as `npm.<product>`.
 */
function npmPackagesJob(products: readonly ProductPlan[], s: BuildSettings): BuildJob {
  const cells = planOutput('npmPackages');
  const job: Job = {
    ...linuxJob({
      name: 'build ${{ matrix.product }}',
      needs: [RELEASE_JOBS.plan],
      // An empty matrix is an error of GitHub's: the job is skipped instead.
      if: `${IF.releasing} && ${cells} != '[]'`,
      permissions: { contents: 'read' },
      env: runEnv({ MAX_NPM_BYTES: String(s.maxNpmPackageBytes), PRODUCT: '${{ matrix.product }}', NPM_OUT: `${NPM_UPLOAD_DIR}/\${{ matrix.artifact }}` }),
      timeout: 60,
      steps: [checkoutRelease(), ...lockstepTools(), packNpmStep({ env: 'PRODUCT' }, { env: 'NPM_OUT' }), uploadNpmStep('${{ matrix.artifact }}')],
    }),
    strategy: { 'fail-fast': false, 'matrix': { include: `\${{ fromJSON(${cells}) }}` } },
  };
  const artifactNames = products.map((p) => artifactName(ARTIFACT_KINDS.npm, p.name));
  return { id: NPM_PACKAGES_BUILD_JOB, job, products: products.map((p) => p.name), artifacts: [ARTIFACT_KINDS.npm], artifactNames };
}

/** `npm pack` of an npm product into `out` (`NPM_UPLOAD_DIR/<artifact>`), its contents and size checked (P4) against MAX_NPM_BYTES of the job's env. */
function packNpmStep(product: LockstepArg, out: LockstepArg): Step {
  return lockstepStep('Pack and check the npm tarball', ['pack-npm', '--product', product, '--out', out, '--max-bytes', { env: 'MAX_NPM_BYTES' }]);
}

/** Keeps the tarball as its artifact, with its folder (see NPM_UPLOAD_DIR). */
function uploadNpmStep(artifact: string): Step {
  return uploadStep('Keep the tarball', artifact, [`${NPM_UPLOAD_DIR}/*/*.tgz`]);
}

/** The id of the step that works out the configuration `tauri build` merges. */
const TAURI_CONFIG_STEP = 'tauri-config';

const LINUX_TAURI_PACKAGES = 'libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev patchelf';

/** The installers each desktop leg keeps, under `bundle/`. */
const DESKTOP_BUNDLES = ['deb/*.deb', 'appimage/*.AppImage', 'rpm/*.rpm', 'dmg/*.dmg', 'msi/*.msi', 'nsis/*.exe'];

/**
 * Tauri 2's updater artifacts, made with `bundle.createUpdaterArtifacts: true`: a minisign `.sig` beside the
 * AppImage and the Windows installers, and on macOS the app as `.app.tar.gz` with its `.sig` (the updater
 * installs that, not the disk image).
 */
const UPDATER_BUNDLES = ['appimage/*.AppImage.sig', 'macos/*.app.tar.gz', 'macos/*.app.tar.gz.sig', 'msi/*.msi.sig', 'nsis/*.exe.sig'];

/**
 * With `"v1Compatible"` Tauri also writes Tauri v1's updater archives, each with its `.sig`: the apps already
 * installed by a v1 release update from those, so they are kept as well as Tauri 2's signatures (recent Tauri
 * CLIs write both in that mode).
 */
const V1_UPDATER_BUNDLES = [
  ...UPDATER_BUNDLES,
  'appimage/*.AppImage.tar.gz', 'appimage/*.AppImage.tar.gz.sig', 'msi/*.msi.zip', 'msi/*.msi.zip.sig', 'nsis/*.nsis.zip', 'nsis/*.nsis.zip.sig',
];

/** The updater bundles a signing app's legs keep, by the format tauri.conf.json asks for. */
function updaterBundles(signing: TauriSigningPlan | undefined): string[] {
  if (!signing?.updater) return [];
  return signing.v1CompatibleUpdater ? V1_UPDATER_BUNDLES : UPDATER_BUNDLES;
}

/**
 * Tauri installers per desktop platform, with the app's own pinned Tauri CLI. An app that declares signing
 * (issue 17) builds in the publish environment, whose secrets only the release branch's jobs can read, and
 * starts each leg by checking that every secret the leg uses is set, before anything is built.
 */
function desktopJob(p: ProductPlan, s: BuildSettings): BuildJob {
  const signing = p.signing;
  const bundles = [...DESKTOP_BUNDLES, ...updaterBundles(signing)];
  const tauriConfigArgs = ['tauri-config', ...(signing?.addUpdaterArtifacts ? [`--${TAURI_UPDATER_ARTIFACTS_FLAG}`] : [])];
  const prepare = [
    rustRelease('${{ matrix.target }}'),
    toolStep('Refresh the apt index', 'sudo apt-get update', { if: "runner.os == 'Linux'" }),
    toolStep('Install the WebKitGTK build dependencies', `sudo apt-get install --yes --no-install-recommends ${LINUX_TAURI_PACKAGES}`, { if: "runner.os == 'Linux'" }),
  ];
  const built = matrixJob(p, platformTargets(s.desktopPlatforms), [ARTIFACT_KINDS.desktop], [
    checkoutRelease(),
    // A signing leg checks its secrets first: a missing one fails it before minutes of compiling.
    ...(signing ? [...lockstepTools(), ...signingPreflightSteps(signing), ...prepare] : [...prepare, ...lockstepTools()]),
    // B8: the Windows installer gets the MSI form of a prerelease (bundle.windows.wix.version); the rest keeps semver.
    lockstepStep(signing?.addUpdaterArtifacts ? 'Work out the Windows installer (MSI) version; turn on the updater artifacts' : 'Work out the Windows installer (MSI) version', tauriConfigArgs, { id: TAURI_CONFIG_STEP }),
    ...(signing?.appleApiKeyFile ? [appleApiKeyFileStep()] : []),
    toolStep('Build the installers', 'npx --no-install tauri build --target "$TARGET" --config "$TAURI_CONFIG"', {
      dir: p.path,
      env: { TARGET: '${{ matrix.target }}', TAURI_CONFIG: `\${{ steps.${TAURI_CONFIG_STEP}.outputs.${TAURI_CONFIG_OUTPUT} }}`, ...(signing ? signingBuildEnv(signing) : {}) },
    }),
    uploadStep('Keep the installers', artifactName(ARTIFACT_KINDS.desktop, p.name, '${{ matrix.platform }}'), [
      ...bundles.map((b) => `target/\${{ matrix.target }}/release/bundle/${b}`),
      ...bundles.map((b) => `${tauriCrateDir(p)}/target/\${{ matrix.target }}/release/bundle/${b}`),
    ]),
  ]);
  return signing ? { ...built, job: { ...built.job, environment: s.publishEnvironment } } : built;
}

/** A secret's value in a step's env: on the legs of its OS only, empty on the others (they never see it). */
function signingSecretValue(secret: SigningSecretPlan): string {
  return secret.os === undefined ? `\${{ secrets.${secret.name} }}` : `\${{ runner.os == '${secret.os}' && secrets.${secret.name} || '' }}`;
}

/** Where the App Store Connect key is written on a macOS leg (Tauri reads the path from APPLE_API_KEY_PATH). */
const APPLE_API_KEY_FILE = "${{ runner.os == 'macOS' && format('{0}/apple-api-key.p8', runner.temp) || '' }}";

/** The build step's signing variables: every secret Tauri reads, each on the legs that use it. */
function signingBuildEnv(signing: TauriSigningPlan): Record<string, string> {
  return {
    ...Object.fromEntries(signing.secrets.filter((x) => x.step === undefined).map((x) => [x.name, signingSecretValue(x)])),
    ...(signing.appleApiKeyFile ? { [APPLE_API_KEY_PATH_ENV]: APPLE_API_KEY_FILE } : {}),
  };
}

/**
 * One preflight per group of legs (every leg, macOS, Windows): `lockstep preflight --secrets` fails the leg
 * before anything is built when a secret it uses is empty (missing, or created outside the publish environment).
 */
function signingPreflightSteps(signing: TauriSigningPlan): Step[] {
  const groups: Array<[string | undefined, string]> = [[undefined, 'the updater'], ['macOS', 'macOS signing'], ['Windows', 'Windows signing']];
  return groups.flatMap(([os, what]) => {
    const names = signing.secrets.filter((x) => x.os === os).map((x) => x.name);
    if (names.length === 0) return [];
    const step = secretsPreflightStep(names, `Preflight: is every secret of ${what} set?`);
    return [os === undefined ? step : { ...step, if: `runner.os == '${os}'` }];
  });
}

/** Writes the App Store Connect key of a macOS leg to the file Tauri's notarization reads (it takes a path, not the key). */
function appleApiKeyFileStep(): Step {
  return toolStep('Write the App Store Connect API key to a file', `printf '%s' "$${APPLE_API_KEY_SECRET}" > "$${APPLE_API_KEY_PATH_ENV}"`, {
    if: "runner.os == 'macOS'",
    env: { [APPLE_API_KEY_SECRET]: `\${{ secrets.${APPLE_API_KEY_SECRET} }}`, [APPLE_API_KEY_PATH_ENV]: APPLE_API_KEY_FILE },
  });
}

/**
 * The directory of a Tauri app's crate, where its own `target/` is when it is in no Cargo workspace:
 * `src-tauri/` of the app, or the app directory itself when its tauri.conf.json sits beside its Cargo.toml.
 */
function tauriCrateDir(p: ProductPlan): string {
  const crate = [joinRepoPath(p.path, 'src-tauri/Cargo.toml'), joinRepoPath(p.path, 'Cargo.toml')].find((f) => p.manifests.includes(f));
  return crate === undefined ? joinRepoPath(p.path, 'src-tauri') : dirOf(crate);
}

/**
 * Issue 17, P5: a container image is built for every platform it asks for before the approval, so a Dockerfile
 * that does not build stops the release before anything is tagged. Nothing is pushed or kept: a multi-platform
 * image cannot travel between jobs without a registry, so its publish job builds it again and pushes as it
 * builds (buildx pushes every platform's image and their index in one step).
 */
function imageCheckJob(p: ProductPlan): BuildJob {
  return linuxBuild(p, [], [checkoutRelease(), ...imageBuildSteps(p)]);
}

/** A generic product's own build command, when it has one. */
function genericJob(p: ProductPlan): BuildJob | undefined {
  const command = p.settings.buildCommand;
  if (!command) return undefined;
  return linuxBuild(p, [], [checkoutRelease(), toolStep('Build', command, { dir: p.path })]);
}
