// The configurations the quality gates synthesize (test/gates/matrix.test.ts): every product kind alone,
// the seed's full product set, repository shapes the model must handle, prerelease versions, tracks, and
// the option variants of the generated workflows. Each configuration builds a projen project over a fresh
// fixture repository; the gates then lint everything it generates.
import * as fs from 'fs';
import * as path from 'path';
import { Project, typescript } from 'projen';
import { AppleNotarization, CiRunner, LockstepRelease, LockstepReleaseProject, LockstepReleaseProjectOptions, Product, ProductKind, ReleasePlatform, ReleasePrTokenSource } from '../../src';
import { exampleProducts } from '../support/example-products';
import { EXAMPLE_DIR, copyExample } from '../support/fixtures';
import {
  KIND_FIXTURES,
  KindFixture,
  combineFixtures,
  dependencyChainFixture,
  goModuleFixture,
  inheritedWorkspaceFixture,
  maturinDynamicFixture,
  maturinFixture,
  napiFixture,
  nestedWorkspaceFixture,
  npmPackageFixture,
  npmWorkspaceFixture,
  rustCrateFixture,
  tauriAppFixture,
  unpublishedCrateFixture,
  wasmPackFixture,
  writeFixture,
} from '../support/kind-fixtures';

/**
 * Workflow files every configuration must generate, under `.github/workflows/`. The gates fail when a
 * configuration generates fewer (a gate that lints nothing passes nothing) or more (add the new file
 * here so the count stays exact).
 */
export const REQUIRED_WORKFLOWS: readonly string[] = ['ci.yml', 'release-pr.yml', 'release.yml'];

/** The generated bump script, shellchecked for every configuration. */
export const BUMP_SCRIPT = 'scripts/bump-version.sh';

/** One configuration of the matrix. */
export interface GateConfiguration {
  /** Short kebab-case id, used in failure messages. */
  readonly id: string;
  /** Writes the generated files (synthesizing a project over a fresh repository) and returns their root. */
  readonly generate: () => string;
  /** What its release plan must contain, proving the configuration is the shape its id names. */
  readonly plan: PlanShape;
  /**
   * Repository-relative path of the generated plan.
   * @default ".lockstep/release-plan.json"
   */
  readonly planFile?: string;
  /** Workflow files it must generate under `.github/workflows/` (REQUIRED_WORKFLOWS unless an option turns one off). */
  readonly workflows: readonly string[];
  /** Repository-relative path of the bump script it must generate. */
  readonly bumpScript: string;
}

/** What a configuration generates where, when it differs from the defaults. */
interface Outputs {
  readonly planFile?: string;
  readonly workflows?: readonly string[];
  readonly bumpScript?: string;
}

/** The parts of a release plan that tell configurations apart. */
export interface PlanShape {
  /** Per track, `kind:name` of each product in declared order, with ` (unpublished)` when it is not published. */
  readonly products: Record<string, string[]>;
  /** Publish waves of the first track, when the configuration is about them. */
  readonly waves?: string[][];
  /** Lockfiles of the first track, when the configuration is about them. */
  readonly lockfiles?: string[];
  /** The first track's current version, read from the manifests where the plan says it lives. */
  readonly version?: string;
}

type Options = Partial<LockstepReleaseProjectOptions>;

/** A LockstepReleaseProject over a fixture repository, with the fixture's products unless options override them. */
function fixtureProject(fixture: KindFixture, options: Options = {}): Project {
  return new LockstepReleaseProject({ name: 'fixture', outdir: writeFixture(fixture), products: fixture.products, ...options });
}

function config(id: string, plan: PlanShape | string[], project: () => Project, outputs: Outputs = {}): GateConfiguration {
  return {
    id,
    plan: Array.isArray(plan) ? { products: { default: plan } } : plan,
    generate: () => synthesize(project()),
    workflows: outputs.workflows ?? REQUIRED_WORKFLOWS,
    bumpScript: outputs.bumpScript ?? BUMP_SCRIPT,
    ...(outputs.planFile ? { planFile: outputs.planFile } : {}),
  };
}

/** Synthesizes a project to disk as `npx projen` would, without post-synth steps; returns its outdir. */
export function synthesize(project: Project): string {
  const saved = process.env.PROJEN_DISABLE_POST;
  process.env.PROJEN_DISABLE_POST = 'true';
  try {
    project.synth();
  } finally {
    if (saved === undefined) delete process.env.PROJEN_DISABLE_POST;
    else process.env.PROJEN_DISABLE_POST = saved;
  }
  return project.outdir;
}

/** Product names the kind fixtures resolve to by default. */
const ALONE_NAMES = {
  [ProductKind.RUST_CRATE]: 'solo-crate',
  [ProductKind.C_FFI]: 'solo-ffi',
  [ProductKind.MATURIN]: 'solo-py',
  [ProductKind.PYTHON_PACKAGE]: 'solo-client',
  [ProductKind.NAPI]: 'node',
  [ProductKind.WASM_PACK]: 'solo-wasm',
  [ProductKind.GO_MODULE]: 'sdk-go',
  [ProductKind.TAURI_APP]: 'solo-desktop',
  [ProductKind.NPM_PACKAGE]: 'solo-cli',
  [ProductKind.GENERIC]: 'solo-docs',
  [ProductKind.CONTAINER_IMAGE]: 'solo-server',
} satisfies Record<ProductKind, string>;

/** The seed's products, in the order of exampleProducts(). */
const SEED_PRODUCTS = [
  'rust-crate:quill',
  'c-ffi:quill-ffi',
  'rust-crate:quill-ask',
  'rust-crate:quill-mcp',
  'maturin:quill-py',
  'napi:quill-node',
  'wasm-pack:quill-wasm',
  'go-module:sdk-go',
  'tauri-app:quill-desktop',
  'npm-package:quill-notes',
];
const SEED_SHAPE: PlanShape = {
  products: { default: SEED_PRODUCTS },
  waves: [['quill', 'sdk-go'], ['quill-ffi', 'quill-ask', 'quill-py', 'quill-node', 'quill-wasm', 'quill-desktop'], ['quill-mcp', 'quill-notes']],
  lockfiles: ['Cargo.lock', 'package-lock.json', 'sdk/wasm/Cargo.lock'],
};

/** Every product kind alone, at its default path (the root for a lone crate). */
function kindAlone(): GateConfiguration[] {
  return Object.values(ProductKind).map((kind) => config(`alone-${kind}`, [`${kind}:${ALONE_NAMES[kind]}`], () => fixtureProject(KIND_FIXTURES[kind]())));
}

/** The seed's whole product set: the example monorepo's files, synthesized in-process. */
function seed(options: Options = {}): Project {
  return new LockstepReleaseProject({ name: 'quill', outdir: copyExample(), products: exampleProducts(), ...options });
}

/** Products of allKinds(), as `kind:name`. */
const ALL_KINDS_PRODUCTS = ['rust-crate:pre-core', 'c-ffi:pre-ffi', 'maturin:pre-py', 'napi:node', 'wasm-pack:pre-wasm', 'go-module:bindings-go', 'npm-package:pre-cli', 'generic:pre-docs'];

/** Every product kind but Tauri at once, each at a non-default path. */
function allKinds(version: string): KindFixture {
  return combineFixtures(
    rustCrateFixture({ version, path: 'crates/core', name: 'pre-core' }),
    KIND_FIXTURES[ProductKind.C_FFI]({ version, path: 'crates/ffi', name: 'pre-ffi' }),
    maturinFixture({ version, path: 'bindings/python', name: 'pre-py' }),
    napiFixture({ version, path: 'bindings/node', name: '@pre/node' }),
    wasmPackFixture({ version, path: 'bindings/wasm', name: 'pre-wasm' }),
    goModuleFixture({ path: 'bindings/go' }),
    npmPackageFixture({ version, path: 'apps/cli', name: 'pre-cli' }),
    KIND_FIXTURES[ProductKind.GENERIC]({ path: 'apps/docs', name: 'pre-docs' }),
  );
}

/** Repository shapes the release model handles: workspaces, nesting, unpublished crates, dependency chains. */
function repositoryShapes(): GateConfiguration[] {
  return [
    config(
      'cargo-workspace-inherited-version',
      { products: { default: ['rust-crate:ws-core', 'rust-crate:ws-server'] }, waves: [['ws-core'], ['ws-server']], lockfiles: ['Cargo.lock'] },
      () => fixtureProject(inheritedWorkspaceFixture()),
    ),
    config(
      'nested-cargo-workspace',
      { products: { default: ['rust-crate:nest', 'rust-crate:nest-cli', 'wasm-pack:nest-wasm'] }, lockfiles: ['Cargo.lock', 'bindings/wasm/Cargo.lock'] },
      () => fixtureProject(nestedWorkspaceFixture()),
    ),
    config(
      'unpublished-crate',
      { products: { default: ['rust-crate:pub-lib', 'rust-crate:pub-lib-benches (unpublished)'] }, waves: [['pub-lib'], ['pub-lib-benches']] },
      () => fixtureProject(unpublishedCrateFixture()),
    ),
    config(
      'crate-dependency-chain',
      { products: { default: ['rust-crate:chain-top', 'rust-crate:chain-mid', 'rust-crate:chain-base'] }, waves: [['chain-base'], ['chain-mid'], ['chain-top']] },
      () => fixtureProject(dependencyChainFixture()),
    ),
    config(
      'npm-workspace-caret-pin',
      { products: { default: ['npm-package:lib', 'npm-package:cli'] }, waves: [['lib'], ['cli']], lockfiles: ['package-lock.json'] },
      () => fixtureProject(npmWorkspaceFixture()),
    ),
    config('maturin-dynamic-version', ['maturin:solo-dyn'], () => fixtureProject(maturinDynamicFixture())),
    config('go-module-and-c-ffi', ['go-module:sdk-go', 'c-ffi:solo-ffi'], () =>
      fixtureProject(combineFixtures(goModuleFixture(), KIND_FIXTURES[ProductKind.C_FFI]()))),
    config('rust-and-tauri-numeric-prerelease', { products: { default: ['rust-crate:solo-crate', 'tauri-app:solo-desktop'] }, version: '2.0.0-3' }, () =>
      fixtureProject(combineFixtures(rustCrateFixture({ version: '2.0.0-3', path: 'core' }), tauriAppFixture({ version: '2.0.0-3' })))),
    // Issue 17: signing secrets in the build job (updater, macOS with an API key file, a Windows sign command).
    config('tauri-app-signed', ['tauri-app:solo-desktop'], () => fixtureProject(signedTauriFixture())),
  ];
}

/** The Tauri app with an updater public key and a Windows sign command, declaring every kind of signing. */
function signedTauriFixture(): KindFixture {
  const fixture = tauriAppFixture();
  const file = 'desktop/src-tauri/tauri.conf.json';
  const conf = JSON.parse(fixture.files[file]);
  const signed = {
    ...conf,
    bundle: { ...conf.bundle, windows: { signCommand: 'trusted-signing-cli -e https://eus.codesigning.azure.net -a solo -c solo %1' } },
    plugins: { updater: { pubkey: 'dW50cnVzdGVkIGNvbW1lbnQ6IG1pbmlzaWduIHB1YmxpYyBrZXkK', endpoints: ['https://example.com/latest.json'] } },
  };
  return {
    files: { ...fixture.files, [file]: `${JSON.stringify(signed, null, 2)}\n` },
    products: [Product.tauriApp({
      path: 'desktop',
      signing: { updater: {}, macos: { notarization: AppleNotarization.API_KEY }, windows: { secrets: ['AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_TENANT_ID'] } },
    })],
  };
}

/** Versions and plan options: prerelease manifests, discovery, tracks, tag prefixes, branch, plan file. */
function planVariants(): GateConfiguration[] {
  return [
    config('all-kinds-prerelease-rc', { products: { default: ALL_KINDS_PRODUCTS }, version: '1.0.0-rc.1' }, () => fixtureProject(allKinds('1.0.0-rc.1'))),
    config('seed-prerelease-alpha', { ...SEED_SHAPE, version: '0.4.0-alpha.2' }, () => {
      const dir = copyExample();
      setExampleVersion(dir, '0.3.0', '0.4.0-alpha.2');
      return new LockstepReleaseProject({ name: 'quill', outdir: dir, products: exampleProducts() });
    }),
    config('discovered-products', ['npm-package:solo-cli', 'rust-crate:ws-core', 'rust-crate:ws-server', 'go-module:sdk-go'], () => {
      const fixture = combineFixtures(inheritedWorkspaceFixture(), goModuleFixture(), npmPackageFixture());
      return new LockstepReleaseProject({ name: 'fixture', outdir: writeFixture(fixture) });
    }),
    // What `npx projen new --from projen-lockstep-release` gives the example before any product is declared.
    config(
      'example-discovered-products',
      [
        'rust-crate:quill-engine',
        'tauri-app:quill-desktop',
        'npm-package:quill-notes',
        'rust-crate:quill-ask',
        'c-ffi:quill-ffi',
        'rust-crate:quill-mcp',
        'go-module:sdk-go',
        'napi:quill',
        'maturin:quill-db',
        'rust-crate:quill-wasm (unpublished)',
      ],
      () => new LockstepReleaseProject({ name: 'quill', outdir: copyExample() }),
    ),
    config('two-tracks', { products: { platform: ['rust-crate:ws-core', 'rust-crate:ws-server'], desktop: ['tauri-app:solo-desktop'] } }, () => {
      const platform = inheritedWorkspaceFixture();
      const desktop = tauriAppFixture();
      return new LockstepReleaseProject({
        name: 'fixture',
        outdir: writeFixture(combineFixtures(platform, desktop)),
        tracks: [
          { name: 'platform', products: platform.products },
          { name: 'desktop', products: desktop.products },
        ],
      });
    }),
    config(
      'custom-tags-branch-and-plan-file',
      ['rust-crate:tagged-core', 'npm-package:solo-cli'],
      () =>
        fixtureProject(combineFixtures(rustCrateFixture({ path: 'core', name: 'tagged-core' }), npmPackageFixture()), {
          umbrellaTagPrefix: 'release-',
          releaseBranch: 'release/stable',
          planFile: 'ci/lockstep/plan.json',
        }),
      { planFile: 'ci/lockstep/plan.json' },
    ),
    config('bump-script-elsewhere', ['rust-crate:solo-crate', 'npm-package:solo-cli'], () =>
      fixtureProject(combineFixtures(rustCrateFixture({ path: 'core' }), npmPackageFixture()), { bumpScript: { path: 'tools/release/bump.sh' } }), {
      bumpScript: 'tools/release/bump.sh',
    }),
    config('lockstep-release-on-a-typescript-project', ['rust-crate:solo-crate', 'napi:node'], () => {
      const fixture = combineFixtures(rustCrateFixture({ path: 'core' }), napiFixture());
      const project = new typescript.TypeScriptProject({
        name: 'host',
        defaultReleaseBranch: 'main',
        outdir: writeFixture(fixture),
        github: false,
        jest: false,
      });
      new LockstepRelease(project, { products: fixture.products });
      return project;
    }),
  ];
}

/** ci.yml's knobs: runners, runtime versions, commands, MSRV and lint jobs, disabled products, path filters. */
function ciVariants(): GateConfiguration[] {
  const linuxAndWindows = [CiRunner.LINUX, CiRunner.WINDOWS];
  return [
    config('ci-custom-matrices-and-commands', ALL_KINDS_PRODUCTS, () =>
      fixtureProject(allKinds('1.0.0'), {
        ci: {
          products: {
            'pre-core': {
              runners: [CiRunner.LINUX, CiRunner.LINUX_ARM64, CiRunner.MACOS, CiRunner.MACOS_X64, CiRunner.WINDOWS],
              buildCommand: 'cargo build --all-features --locked',
              testCommand: 'cargo test --all-features -- --test-threads=1',
            },
            'pre-ffi': { runners: [CiRunner.LINUX_ARM64], msrv: false, lint: false },
            'pre-py': { pythonVersions: ['3.12', '3.13'], runners: [CiRunner.LINUX] },
            'node': { nodeVersions: ['24'], runners: [CiRunner.LINUX, CiRunner.MACOS] },
            'pre-wasm': { buildCommand: 'wasm-pack build --target web --release' },
            'bindings-go': { runners: linuxAndWindows, testCommand: 'go test -race ./...' },
            'pre-cli': { nodeVersions: ['22', '24', '26'], testCommand: 'npm test -- --test-reporter=dot' },
            'pre-docs': { disabled: true },
          },
          sharedPaths: ['rust-toolchain.toml', 'ci/**'],
          ignorePaths: ['docs', '**/*.md'],
        },
      })),
    config(
      'ci-msrv-and-lint-off-on-a-workspace',
      { products: { default: ['rust-crate:ws-core', 'rust-crate:ws-server'] } },
      () => fixtureProject(inheritedWorkspaceFixture(), { ci: { products: { 'ws-core': { msrv: false }, 'ws-server': { lint: false, runners: linuxAndWindows } } } }),
    ),
    config('ci-caches-off', ['rust-crate:solo-crate', 'napi:node', 'go-module:sdk-go'], () =>
      fixtureProject(combineFixtures(rustCrateFixture({ path: 'core' }), napiFixture(), goModuleFixture()), { ci: { caches: false } })),
    // With the generated CI off, a release PR opened by a PAT starts the repository's own CI by its push (with
    // GITHUB_TOKEN release-pr.yml would dispatch it, and synth would check that it accepts workflow_dispatch).
    config('ci-disabled', ['rust-crate:solo-crate'], () => fixtureProject(rustCrateFixture(), { ci: { enabled: false }, releasePr: { tokenSource: ReleasePrTokenSource.PAT } }), {
      workflows: REQUIRED_WORKFLOWS.filter((w) => w !== 'ci.yml'),
    }),
  ];
}

/** release-pr.yml's knobs: the token that opens the PR (and whether CI must be dispatched), or none at all. */
function releasePrVariants(): GateConfiguration[] {
  const crate = ['rust-crate:solo-crate'];
  return [
    config('release-pr-github-app-token', ALL_KINDS_PRODUCTS, () =>
      fixtureProject(allKinds('1.0.0'), {
        releasePr: { tokenSource: ReleasePrTokenSource.GITHUB_APP, appClientIdVariable: 'LOCKSTEP_APP_ID', appPrivateKeySecret: 'LOCKSTEP_APP_KEY' },
      })),
    config('release-pr-pat', crate, () => fixtureProject(rustCrateFixture(), { releasePr: { tokenSource: ReleasePrTokenSource.PAT, patSecret: 'RELEASE_BOT_PAT' } })),
    config('release-pr-disabled', crate, () => fixtureProject(rustCrateFixture(), { releasePr: { enabled: false } }), {
      workflows: REQUIRED_WORKFLOWS.filter((w) => w !== 'release-pr.yml'),
    }),
  ];
}

/** release.yml's knobs: its file name, environments, build platforms and crate limits, or none at all. */
function releaseVariants(): GateConfiguration[] {
  const others = REQUIRED_WORKFLOWS.filter((w) => w !== 'release.yml');
  const withDesktop = (version: string) => combineFixtures(allKinds(version), tauriAppFixture({ version, path: 'apps/desktop' }));
  return [
    config(
      'release-renamed-with-own-environments-and-platforms',
      [...ALL_KINDS_PRODUCTS, 'tauri-app:solo-desktop'],
      () =>
        fixtureProject(withDesktop('1.0.0'), {
          release: {
            workflowFile: 'publish.yml',
            approvalEnvironment: 'production',
            publishEnvironment: 'registries',
            // The napi fixture still builds every target its napi.targets lists, whatever these say.
            platforms: [ReleasePlatform.LINUX_X64, ReleasePlatform.MACOS_ARM64, ReleasePlatform.WINDOWS_X64],
            desktopPlatforms: [ReleasePlatform.MACOS_ARM64, ReleasePlatform.WINDOWS_X64],
            maxCrateBytes: 5 * 1024 * 1024,
            crateVisibilityTimeout: 120,
          },
          // O3: renaming what trusted publishers name must be acknowledged.
          trustedPublishing: { acknowledgeTrustedPublisherRename: true, repository: 'acme/solo' },
        }),
      { workflows: [...others, 'publish.yml'] },
    ),
    // Issue 17: every napi target gets a leg, the musl ones linked with zig, Windows arm64 on its own runner.
    config('release-napi-musl-and-windows-arm64', ['napi:node'], () => {
      const fixture = napiFixture();
      const pkg = JSON.parse(fixture.files['node/package.json']);
      pkg.napi.targets.push('x86_64-unknown-linux-musl', 'aarch64-unknown-linux-musl', 'aarch64-pc-windows-msvc');
      return fixtureProject({ ...fixture, files: { ...fixture.files, 'node/package.json': JSON.stringify(pkg, undefined, 2) } });
    }),
    // Issue 17: a maturin product asking for musllinux wheels gets a musl twin of each Linux leg.
    config('release-maturin-musllinux', ['maturin:solo-py'], () =>
      fixtureProject({ ...maturinFixture(), products: [Product.maturin({ path: 'python', musllinux: true })] })),
    config('release-one-platform-each', ['c-ffi:solo-ffi', 'tauri-app:solo-desktop'], () =>
      fixtureProject(combineFixtures(KIND_FIXTURES[ProductKind.C_FFI](), tauriAppFixture()), {
        release: { platforms: [ReleasePlatform.LINUX_ARM64], desktopPlatforms: [ReleasePlatform.MACOS_X64] },
      })),
    // Issue 17: a crate's extra setup (CI cells and release jobs) and a generic product's own publish job with secrets and permissions.
    config('product-setup-and-generic-publish-credentials', ['rust-crate:solo-crate', 'generic:image'], () => {
      const crate = rustCrateFixture();
      const setup = { aptPackages: ['libssl-dev', 'pkg-config'], protoc: '29.3', rustComponents: ['rust-src'], rustTargets: ['wasm32-wasip1'] };
      return fixtureProject({
        files: { ...crate.files, 'image/Dockerfile': 'FROM scratch\n' },
        products: [
          Product.rustCrate({ path: '.', setup }),
          Product.generic({
            path: 'image',
            name: 'image',
            buildCommand: 'make image',
            publishCommand: 'make push',
            publishSecrets: ['IMAGE_REGISTRY_TOKEN'],
            publishPermissions: { 'packages': 'write', 'id-token': 'write' },
            setup: { pnpm: '9.15.9', aptPackages: ['make'] },
          }),
        ],
      });
    }),
    config('release-disabled', ['rust-crate:solo-crate'], () => fixtureProject(rustCrateFixture(), { release: { enabled: false } }), { workflows: others }),
    config('seed-with-every-workflow-customized', SEED_SHAPE, () =>
      seed({
        ci: { products: { 'quill': { runners: [CiRunner.LINUX, CiRunner.LINUX_ARM64] }, 'quill-py': { pythonVersions: ['3.14'] } }, ignorePaths: ['docs'] },
        releasePr: { tokenSource: ReleasePrTokenSource.GITHUB_APP },
        release: { platforms: [ReleasePlatform.LINUX_X64, ReleasePlatform.MACOS_ARM64, ReleasePlatform.WINDOWS_X64], approvalEnvironment: 'ship-it' },
        trustedPublishing: { repository: 'example/quill' },
      })),
  ];
}

/** Rewrites every occurrence of the example's version in its manifests and lockfiles (PEP 440 in pyproject). */
function setExampleVersion(dir: string, from: string, to: string): void {
  const pep440 = to.replace(/-alpha\.(\d+)$/, 'a$1');
  const manifests = ['Cargo.toml', 'Cargo.lock', 'package.json', 'package-lock.json', 'tauri.conf.json', 'pyproject.toml'];
  const walk = (rel: string): string[] =>
    fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
      const p = path.join(rel, e.name);
      return e.isDirectory() ? (e.name === '.git' ? [] : walk(p)) : manifests.includes(e.name) ? [p] : [];
    });
  for (const file of walk('.')) {
    const full = path.join(dir, file);
    const text = fs.readFileSync(full, 'utf8').split(`"${from}"`).join(`"${file.endsWith('pyproject.toml') ? pep440 : to}"`);
    fs.writeFileSync(full, text.split(`"^${from}"`).join(`"^${to}"`));
  }
}

/** Every configuration of the matrix. */
export function gateConfigurations(): GateConfiguration[] {
  return [
    ...kindAlone(),
    config('seed-full-product-set', SEED_SHAPE, () => seed()),
    // What `npx projen example` generated and the repository commits (.ci/run fails if it is stale).
    { id: 'example-monorepo-committed', plan: SEED_SHAPE, generate: () => EXAMPLE_DIR, workflows: REQUIRED_WORKFLOWS, bumpScript: BUMP_SCRIPT },
    ...repositoryShapes(),
    ...planVariants(),
    ...ciVariants(),
    ...releasePrVariants(),
    ...releaseVariants(),
  ];
}
