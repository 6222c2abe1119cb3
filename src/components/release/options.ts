/** A platform release artifacts are built on (one matrix leg each); the runner labels come from the pin table. */
export enum ReleasePlatform {
  /** Linux x64 (`RUNNERS.linuxX64`, target `x86_64-unknown-linux-gnu`). */
  LINUX_X64 = 'linux-x64',
  /** Linux arm64 (`RUNNERS.linuxArm64`, target `aarch64-unknown-linux-gnu`). */
  LINUX_ARM64 = 'linux-arm64',
  /** macOS arm64 (`RUNNERS.macosArm64`, target `aarch64-apple-darwin`). */
  MACOS_ARM64 = 'macos-arm64',
  /** macOS x64, the last Intel image (`RUNNERS.macosX64`, target `x86_64-apple-darwin`). */
  MACOS_X64 = 'macos-x64',
  /** Windows x64 (`RUNNERS.windowsX64`, target `x86_64-pc-windows-msvc`). */
  WINDOWS_X64 = 'windows-x64',
}

/**
 * How release.yml decides on build provenance: npm `--provenance` and the GitHub Release assets'
 * attestations (`actions/attest-build-provenance`), which most GitHub plans refuse for private and internal
 * repositories.
 */
export enum ReleaseProvenance {
  /** From the repository's visibility at run time: signed and attested when it is public, neither otherwise. */
  AUTO = 'auto',
  /** Always signed and attested (GitHub Enterprise Cloud attests private repositories; npm still refuses them). */
  ALWAYS = 'always',
  /** Never: npm packages without provenance, GitHub Release assets without attestations. */
  NEVER = 'never',
}

import { ReleasePrTokenSource } from '../release-pr-options';

/** Options of the generated `.github/workflows/release.yml`. */
export interface ReleasePublishOptions {
  /**
   * Whether release.yml is generated.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * File name of the release workflow under `.github/workflows/`. Trusted publishers on PyPI, npm and
   * crates.io are registered against this name, so renaming it breaks every publish until they are updated.
   * @default "release.yml"
   */
  readonly workflowFile?: string;
  /**
   * The GitHub environment whose required reviewers approve a release. Only the tag-all job uses it, so a
   * release asks a human once, however many products it has. Give it required reviewers in the
   * repository settings: GitHub creates a missing environment without any.
   * @default "release"
   */
  readonly approvalEnvironment?: string;
  /**
   * The GitHub environment of the jobs that publish with trusted publishing (OIDC). It must have no
   * required reviewers (each job would wait again) and should allow only the release branch; trusted
   * publishers name it.
   * @default "release-publish"
   */
  readonly publishEnvironment?: string;
  /**
   * Platforms Python wheels and C FFI tarballs are built and smoke-tested on, and napi-rs binaries of a
   * package whose `napi` config lists no targets. A napi-rs package that lists targets (`napi.targets`, or
   * napi-rs v2's `napi.triples`) gets one leg per target, musl and Windows arm64 included, whatever this says:
   * each of its platform packages needs its binary.
   * @default - every ReleasePlatform
   */
  readonly platforms?: ReleasePlatform[];
  /**
   * Platforms Tauri installers are built on.
   * @default [ReleasePlatform.LINUX_X64, ReleasePlatform.MACOS_ARM64, ReleasePlatform.WINDOWS_X64]
   */
  readonly desktopPlatforms?: ReleasePlatform[];
  /**
   * Largest crate package allowed, in bytes of the files `cargo package --list` names (crates.io refuses
   * uploads over 10 MiB).
   * @default 10485760
   */
  readonly maxCrateBytes?: number;
  /**
   * Largest npm package allowed, in unpacked bytes as `npm pack --dry-run` counts them: every npm package
   * of the release (napi-rs main and platform packages, WASM and plain packages) is checked against it
   * before the approval.
   * @default 104857600
   */
  readonly maxNpmPackageBytes?: number;
  /**
   * How long to wait, in seconds, for a published crate to appear in the crates.io index before its
   * dependents are published.
   * @default 600
   */
  readonly crateVisibilityTimeout?: number;
  /**
   * Which token pushes the release tags (job tag-all). Pushes made with the job's own `GITHUB_TOKEN` start
   * no workflow, so a workflow triggered by a release tag (an image build, the docs of another track)
   * never runs. With `GITHUB_APP` (or `PAT`) the tags are pushed with the same credentials the release PR
   * can use, three at a time: GitHub creates no push event for tags pushed more than three at once.
   * docs/release-secrets.md says which token the repository uses and what to create.
   * @default ReleasePrTokenSource.GITHUB_TOKEN
   */
  readonly tagTokenSource?: ReleasePrTokenSource;
  /**
   * Repository variable holding the GitHub App's client ID, with `tagTokenSource: GITHUB_APP`.
   * @default - `releasePr.appClientIdVariable` ("RELEASE_APP_CLIENT_ID"): the release PR's App
   */
  readonly appClientIdVariable?: string;
  /**
   * Secret holding the GitHub App's private key, with `tagTokenSource: GITHUB_APP`.
   * @default - `releasePr.appPrivateKeySecret` ("RELEASE_APP_PRIVATE_KEY"): the release PR's App
   */
  readonly appPrivateKeySecret?: string;
  /**
   * Secret holding a personal access token (contents: read and write), with `tagTokenSource: PAT`.
   * @default - `releasePr.patSecret` ("RELEASE_PR_TOKEN")
   */
  readonly patSecret?: string;
  /**
   * Registries to publish to instead of the public ones: a mirror, a private registry, or local registries
   * for a rehearsal of the whole release. Each is one setting that the plan job's checks and the publish
   * job both use.
   * @default - crates.io, npmjs.com, pypi.org and proxy.golang.org, with trusted publishing
   */
  readonly registries?: ReleaseRegistries;
  /**
   * npm provenance and build attestations. `AUTO` decides from the repository's visibility when the
   * run starts (`github.event.repository.visibility`): a private or internal repository publishes without
   * either instead of failing after the tag. The npm job's preflight and docs/release-secrets.md say what
   * happens. `registries.npmProvenance: false` turns npm provenance off whatever this says.
   * @default ReleaseProvenance.AUTO
   */
  readonly provenance?: ReleaseProvenance;
  /**
   * The products' own tests against the built wheels, before the approval (seed 001 FR4): each maturin
   * product with tests gets a job per platform and Python version that installs its wheel and runs pytest.
   * @default - every maturin product with a `tests/` directory, on release.platforms, oldest and newest CPython
   */
  readonly wheelTests?: ReleaseWheelTests;
  /**
   * The products' own `npm test` against the packed tarballs, before the approval: each plain npm package
   * with a `test` script and a test folder gets a job that unpacks its tarball, adds the test folder and
   * runs `npm test` there.
   * @default - every published npm package with a `test` script and a `test/`, `tests/`, `__tests__/` or `__test__/` folder
   */
  readonly npmTests?: ReleaseNpmTests;
}

/** `npm test` run against each packed npm tarball, unpacked, before the approval. */
export interface ReleaseNpmTests {
  /**
   * False runs no npm tests.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Folder of an npm package's tests, relative to the repository root and inside the package's directory,
   * by product name; '' runs none. Only this folder is added to the unpacked tarball: anything else the
   * tests need must be in the package.
   * @default - the package's first of `test/`, `tests/`, `__tests__/`, `__test__/` holding files
   */
  readonly testPaths?: { [product: string]: string };
}

/** Tests run against each built wheel, installed, before the approval. */
export interface ReleaseWheelTests {
  /**
   * False runs no wheel tests.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * CPython lines to test each platform's wheel on.
   * @default - the oldest and newest line the library pins (3.11 and 3.14)
   */
  readonly pythonVersions?: string[];
  /**
   * Platforms to test on; each must be one the wheels are built on.
   * @default - release.platforms
   */
  readonly platforms?: ReleasePlatform[];
  /**
   * Directory of a maturin product's tests, relative to the repository root, by product name; '' runs none.
   * @default - the product's `tests/` directory, when it holds Python files
   */
  readonly testPaths?: { [product: string]: string };
  /**
   * Packages pip installs for the tests besides pytest and the product's dependencies (plugins such as
   * `pytest-asyncio`).
   * @default []
   */
  readonly requirements?: string[];
}

/**
 * Where release.yml publishes, when not to the public registries. release.yml hands each value to the
 * jobs that need it through an environment variable (`LOCKSTEP_CRATES_INDEX_URL`, `LOCKSTEP_NPM_REGISTRY`,
 * `LOCKSTEP_PYPI_INDEX_URL`, `LOCKSTEP_GO_PROXY`), which `lockstep` reads. Trusted publishing exists only on
 * the public registries (and TestPyPI): a crates or npm registry given here is published to with a token
 * from a secret, which docs/release-secrets.md lists.
 */
export interface ReleaseRegistries {
  /**
   * The crates registry, as cargo's index URL: `sparse+https://host/index/` for a sparse index, the plain
   * URL of a git index. `cargo publish` uploads there and the plan job's check reads that index: one
   * setting, so the two never disagree. A registry other than crates.io also replaces crates.io as cargo's
   * source, so it must serve the crates' dependencies too (a mirror, or a rehearsal registry does).
   * @default "sparse+https://index.crates.io/"
   */
  readonly cratesIndexUrl?: string;
  /**
   * Secret holding the token of the crates registry `cratesIndexUrl` names (crates.io itself uses trusted
   * publishing and no secret).
   * @default "LOCKSTEP_CRATES_TOKEN"
   */
  readonly cratesTokenSecret?: string;
  /**
   * The npm registry (`https://npm.example.com/`).
   * @default "https://registry.npmjs.org/"
   */
  readonly npmRegistryUrl?: string;
  /**
   * Secret holding the token of the npm registry `npmRegistryUrl` names (npmjs.com itself uses trusted
   * publishing and no secret).
   * @default "LOCKSTEP_NPM_TOKEN"
   */
  readonly npmTokenSecret?: string;
  /**
   * `npm publish --provenance`. Provenance needs a public repository on most GitHub plans and a registry
   * that takes it; turn it off for a local registry or a private repository.
   * @default true
   */
  readonly npmProvenance?: boolean;
  /**
   * The upload URL of the Python package index `lockstep publish-pypi` uploads to with twine, such as
   * `https://test.pypi.org/legacy/`. Give `pypiIndexUrl` with it.
   * @default "https://upload.pypi.org/legacy/"
   */
  readonly pypiRepositoryUrl?: string;
  /**
   * The same index's simple API, which the checks read (`https://test.pypi.org/simple/`). Give
   * `pypiRepositoryUrl` with it.
   * @default "https://pypi.org/simple/"
   */
  readonly pypiIndexUrl?: string;
  /**
   * Secret holding an API token of the index `pypiRepositoryUrl` names. Without it the upload uses trusted
   * publishing, which TestPyPI supports too.
   * @default - trusted publishing
   */
  readonly pypiTokenSecret?: string;
  /**
   * The Go module proxy the release warms (`https://goproxy.example.com`).
   * @default "https://proxy.golang.org"
   */
  readonly goProxyUrl?: string;
}
