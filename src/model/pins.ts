/*
 * The single table of pinned third-party inputs used by generated workflows:
 * GitHub Actions (full commit SHA + release tag), runner labels and tool versions.
 *
 * Every SHA below was seen paired with its tag in public sources (cited per entry);
 * none is derived or guessed. Most were cross-checked in at least two independent
 * repositories. "quarantined-actions" refers to michael-k/quarantined-actions
 * versions-sha.txt (commit 192397bf), a bot-maintained list of actions/* tags that have
 * stayed on the same SHA for at least 14 days (snapshot from about September 2026).
 * Values were last checked on 2026-11-21. Update them together, never one by one from memory.
 */

/** A GitHub Action pinned to a full commit SHA; `version` is the release tag it was published as. */
export interface ActionPin {
  /** `owner/repo` of the action, e.g. `actions/checkout`. */
  readonly repo: string;
  /** Full 40-character lowercase hex commit SHA the tag points to. */
  readonly sha: string;
  /** Release tag the SHA was published as, e.g. `v5.0.0`; the renderer emits it as a trailing comment. */
  readonly version: string;
}

/**
 * Every action the generated workflows may use, keyed by a stable name.
 *
 * Notes on major-version behaviour the renderer must respect are on each entry.
 */
export const ACTIONS = {
  // Sources: quarantined-actions; Dependabot "Bump actions/checkout from 7.0.0 to 7.0.1"
  // (ChrisCarini/jetbrains-auto-power-saver#811 and #812, compare 9c091bb...3d3c42e);
  // z-shell/zpmod#74. v7 refuses fork-PR checkouts under pull_request_target/workflow_run.
  checkout: {
    repo: 'actions/checkout',
    sha: '3d3c42e5aac5ba805825da76410c181273ba90b1',
    version: 'v7.0.1',
  },
  // Sources: quarantined-actions; oomkapwn/enquire-mcp#364 (checked against the GitHub API);
  // many workflows pin it as "# v7.0.0". v7 no longer exports a dummy NODE_AUTH_TOKEN, which
  // matters for npm trusted publishing (OIDC) with `registry-url` set.
  setupNode: {
    repo: 'actions/setup-node',
    sha: '820762786026740c76f36085b0efc47a31fe5020',
    version: 'v7.0.0',
  },
  // Sources: quarantined-actions; Dependabot "Bump actions/setup-python from 6.3.0 to 7.0.0"
  // (ms609/citation-bot#6023, compare ece7cb0...5fda3b9); mossipcams/autosnooze#493.
  // v7 removed the `pip-install` input.
  setupPython: {
    repo: 'actions/setup-python',
    sha: '5fda3b95a4ea91299a34e894583c3862153e4b97',
    version: 'v7.0.0',
  },
  // Sources: quarantined-actions; several public workflows pin it as "# v7.0.0".
  setupGo: {
    repo: 'actions/setup-go',
    sha: 'b7ad1dad31e06c5925ef5d2fc7ad053ef454303e',
    version: 'v7.0.0',
  },
  // Sources: quarantined-actions; many workflows pin it as "# v6.1.0"; the commit list in
  // dfinity/oisy-wallet#13714 (bump 5.0.5 -> 6.1.0) ends with 55cc834 "Merge pull request #1768".
  cache: {
    repo: 'actions/cache',
    sha: '55cc8345863c7cc4c66a329aec7e433d2d1c52a9',
    version: 'v6.1.0',
  },
  // Sources: quarantined-actions and michael-k/actions-latest versions-sha.txt; many workflows.
  uploadArtifact: {
    repo: 'actions/upload-artifact',
    sha: '043fb46d1a93c77aae656e7c1c64a875d1fc6a0a',
    version: 'v7.0.1',
  },
  // Sources: quarantined-actions and michael-k/actions-latest versions-sha.txt; workflows
  // pinned "# v8.0.1". Set `digest-mismatch: error` explicitly where integrity matters.
  downloadArtifact: {
    repo: 'actions/download-artifact',
    sha: '3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c',
    version: 'v8.0.1',
  },
  // dtolnay/rust-toolchain has no versioned releases. This is a commit on master
  // ("Render better step names", 2026-08-05), pinned by others as "# v1" / "# master"
  // (google/go-tpm-tools#927 calls it the latest master SHA; two more workflows label it # v1).
  // Master/v1 commits stay reachable; `stable`/`1.x` branch commits are force-replaced and
  // eventually garbage-collected. At this SHA the `toolchain` input is REQUIRED:
  // always render `with: { toolchain: <TOOL_VERSIONS.rust> }`.
  rustToolchain: {
    repo: 'dtolnay/rust-toolchain',
    sha: '6c977a6ca4077a0ceb28ffbe03f59d46e9ac8772',
    version: 'v1',
  },
  // Sources: ClementTsang/bottom#2218 links the v2.9.2 CHANGELOG at this commit; several
  // workflows pin it as "# v2.9.2".
  rustCache: {
    repo: 'Swatinem/rust-cache',
    sha: '6323deb102c322ba6fcbdcafc7e3dddab59af2b6',
    version: 'v2.9.2',
  },
  // Sources: several workflows and docs pin it as "# v1.51.0" (also seen replacing
  // v1.49.4 86b9d13 in a pin-update map).
  maturin: {
    repo: 'PyO3/maturin-action',
    sha: 'e83996d129638aa358a18fbd1dfb82f0b0fb5d3b',
    version: 'v1.51.0',
  },
  // Sources: several public workflows pin it as "# v1.0.5" (earlier tags seen: v1.0.3 b7e9a28,
  // v1.0.4 bbd8162). It outputs `token` and revokes it in a post step.
  cratesIoAuth: {
    repo: 'rust-lang/crates-io-auth-action',
    sha: 'c6f97d42243bad5fab37ca0427f495c86d5b1a18',
    version: 'v1.0.5',
  },
  // Sources: quarantined-actions; a public design note calls this "the v4.2.2 commit SHA";
  // other workflows pin it as "# v4.2.2".
  attestBuildProvenance: {
    repo: 'actions/attest-build-provenance',
    sha: '4d101475d8b20a2381f78447822ac1eab6504dd8',
    version: 'v4.2.2',
  },
  // Sources: quarantined-actions and michael-k/actions-latest; workflows pin it as "# v3.2.0".
  // v3 takes the `client-id` input (v2 only accepted `app-id`).
  createGithubAppToken: {
    repo: 'actions/create-github-app-token',
    sha: 'bcd2ba49218906704ab6c1aa796996da409d3eb1',
    version: 'v3.2.0',
  },
  // Sources: stultus/scriptty#254 ("1deb371... (= v1.0.0, the current target of v1)");
  // several workflows pin it as "# v1.0.0" / "# v1". v1 only supports stable Tauri 2 apps;
  // macOS updater archive names now include the app version.
  tauri: {
    repo: 'tauri-apps/tauri-action',
    sha: '1deb371b0cd8bd54025b384f1cd735e725c4060f',
    version: 'v1.0.0',
  },
  // Sources: arkorlab/arkor#134 and rstackjs/prebundle#81 both pin this SHA as "# v6.0.8". It installs
  // pnpm for repositories that install with it; with package.json's `packageManager` naming pnpm it reads
  // the version there and refuses a different `version` input, so the workflows give one only without it.
  pnpmSetup: {
    repo: 'pnpm/action-setup',
    sha: '0e279bb959325dab635dd2c09392533439d90093',
    version: 'v6.0.8',
  },
  // Source: the action's own repository (mirrored 2026-12-03): tag v3.0.0 (tag object f4d5893b) points at this
  // commit, the newest release; public workflows pin it as "# v3.0.0" (a rust proxy's ci.yml, a pypi build
  // table). It sets up a product's protoc (`setup.protoc`); it lists protobuf's releases through the GitHub
  // API, so it is given the job's token against the anonymous rate limit.
  setupProtoc: {
    repo: 'arduino/setup-protoc',
    sha: 'c65c819552d16ad3c9b72d9dfd5ba5237b9c906b',
    version: 'v3.0.0',
  },
  // Issue 17, the container image jobs. Source for the four docker actions: each action's own repository
  // (mirrored 2026-12-03), where the release tag is a lightweight tag on this commit, the newest release of its
  // major (the moving major tag points at the same commit); each runs on node24. login-action signs in to GHCR
  // with the job token, setup-qemu-action registers the emulators a platform other than the runner's needs,
  // setup-buildx-action creates the builder that builds several platforms at once, build-push-action builds and
  // pushes, its `digest` output naming what the attestation is about.
  dockerLogin: {
    repo: 'docker/login-action',
    sha: '4907a6ddec9925e35a0a9e82d7399ccc52663121',
    version: 'v4.1.0',
  },
  dockerSetupQemu: {
    repo: 'docker/setup-qemu-action',
    sha: '96fe6ef7f33517b61c61be40b68a1882f3264fb8',
    version: 'v4.2.0',
  },
  dockerSetupBuildx: {
    repo: 'docker/setup-buildx-action',
    sha: '37fe631027851001ddb9b187196cc803df7f5f0e',
    version: 'v4.3.0',
  },
  dockerBuildPush: {
    repo: 'docker/build-push-action',
    sha: '53b7df96c91f9c12dcc8a07bcb9ccacbed38856a',
    version: 'v7.3.0',
  },
} as const satisfies Record<string, ActionPin>;

/** Name of a pinned action in {@link ACTIONS}. */
export type ActionName = keyof typeof ACTIONS;

/** `uses:` value for a pinned action: `owner/repo@sha`. The version comment is added by the renderer. */
export function usesOf(name: ActionName): string {
  const pin: ActionPin = ACTIONS[name];
  return `${pin.repo}@${pin.sha}`;
}

/**
 * GitHub-hosted runner labels, checked against actions/runner-images announcements (late 2026).
 */
export const RUNNERS = {
  /** Still current; ubuntu-26.04 is also GA (runner-images#14747, 2026-09-17). 24.04 keeps glibc 2.39 for wider binary compatibility. */
  linuxX64: 'ubuntu-24.04',
  /** Standard arm64 Linux runner (`ubuntu-26.04-arm` is also GA). */
  linuxArm64: 'ubuntu-24.04-arm',
  /**
   * macOS 26 arm64 is GA and `macos-latest` moved to it in mid-2026 (runner-images#14167).
   * `macos-15` (arm64) still works but is the older of the two supported images.
   */
  macosArm64: 'macos-26',
  /**
   * The last Intel macOS image (runner-images#13045), available until about August 2027;
   * after that GitHub has no x86_64 macOS. Prefer cross-compiling x86_64-apple-darwin on arm64.
   */
  macosX64: 'macos-15-intel',
  /** `windows-latest` has been Windows Server 2025 since September 2025; `windows-2022` is still supported. */
  windowsX64: 'windows-2025',
  /**
   * Windows 11 on arm64 (actions/partner-runner-images), which builds and loads `aarch64-pc-windows-msvc`
   * natively. Free for public repositories, like `ubuntu-24.04-arm`; a private repository needs a larger
   * runner for either.
   */
  windowsArm64: 'windows-11-arm',
} as const;

/**
 * Tool versions the generated pipelines install or require. Where each came from is noted;
 * registry values were read on 2026-11-21 with `npm view`, `pip index versions` and `cargo info`.
 */
export const TOOL_VERSIONS = {
  /** Node for publish jobs: 24 (LTS, Maintenance since 2026-10-20, supported until 2028-04-30). Node 26 became Active LTS on 2026-10-28. */
  node: '24',
  /**
   * Latest npm 11 (`npm view npm versions`, published 2026-11-04). npm 12.2.0 is `latest`
   * but needs Node ^22.22.2 || ^24.15.0 || >=26.
   */
  npm: '11.21.2',
  /**
   * publib, which projen's release workflow runs with `npx -p publib@<version>` to publish this library itself
   * (.projenrc.ts); the generated pipelines do not use it. `npm view publib version` (2026-11-21); projen's
   * default is `latest`, an unpinned tool in a job that holds an OIDC token.
   */
  publib: '0.2.1061',
  /** Lowest npm CLI that supports trusted publishing (OIDC). */
  npmTrustedPublishingMin: '11.5.1',
  /** Lowest Node that supports npm trusted publishing. */
  nodeTrustedPublishingMin: '22.14.0',
  /** Go minor line for setup-go (resolves to the newest patch; golang.org/toolchain lists 1.27.4). */
  go: '1.27',
  /** Rust channel passed as `toolchain:` to dtolnay/rust-toolchain (stable was 1.99.1, 2026-10-13, per `rustup check`). */
  rust: 'stable',
  /** `pip index versions maturin`. Its wheel classifiers list CPython 3.10 to 3.14. */
  maturin: '1.16.0',
  /** `npm view @napi-rs/cli` (published 2026-11-03). */
  napiCli: '3.10.12',
  /**
   * `pip index versions cargo-zigbuild` (2026-12-02): zig as the linker for the musl targets of napi-rs
   * builds (napi v3 `--cross-compile`, v2 `--zig`). Its PyPI wheel carries the binary, so the job installs
   * it pinned instead of napi's own unpinned `cargo install cargo-zigbuild`.
   */
  cargoZigbuild: '0.24.1',
  /**
   * `pip index versions ziglang` (2026-12-02): zig itself, which cargo-zigbuild finds as `python -m ziglang`.
   * This pair linked a cdylib through `cargo zigbuild` on this project's machine.
   */
  ziglang: '0.17.1',
  /** `cargo info wasm-pack` on crates.io; the npm `wasm-pack` package is still at 0.15.0. */
  wasmPack: '0.15.1',
  /**
   * Binaryen GitHub release tag (version_133, the newest seen; the npm `binaryen` package is
   * at 132.0.0). The SHA-256 below is for `binaryen-version_133-x86_64-linux.tar.gz`: the same
   * value appears in several independent public install scripts and Dockerfiles that check it
   * with `sha256sum -c`.
   */
  binaryen: 'version_133',
  /** SHA-256 of `binaryen-version_133-x86_64-linux.tar.gz`. */
  binaryenSha256: '2dc9c7813f5375db93d96ead4b78222fcc3e2677bbb832297af4797782a37489',
  /** `npm view @tauri-apps/cli` (published 2026-11-16). */
  tauriCli: '2.12.5',
  /** `pip index versions pytest` (2026-11-21): the test runner the Python CI job installs. */
  pytest: '9.2.0',
  /**
   * `pip index versions build` (1.6.1, 2026-09): the PEP 517 frontend that builds a pure-Python product's sdist
   * and wheel (`python -m build`); the backend its pyproject.toml names comes in build isolation.
   */
  build: '1.6.1',
  /** `pip index versions twine` (requires Python >= 3.10). */
  twine: '7.0.0',
  /**
   * ts-node and TypeScript that run a consumer's `.projenrc.ts`. TypeScript 7 (npm `latest` since late
   * 2026) has no JavaScript compiler API and breaks ts-node, so the runner pins the last 5.x.
   */
  projenrcTsNode: '10.9.2',
  projenrcTypescript: '5.9.3',
  /**
   * pnpm for a repository with pnpm-lock.yaml whose package.json names no `packageManager` (one that names
   * it gets that version). `npm view pnpm@10 version` (published 2026-10-25): pnpm 9 and 10 both write
   * lockfileVersion 9.0, so a repository's v9 lockfile installs unchanged; 12.23.0 is `latest`.
   */
  pnpm: '10.34.9',
  /** `pip index versions uv`. */
  uv: '0.13.8',
  /** CPython lines that have not reached end of life: 3.10 ended 2026-10-31; 3.15 is left out until maturin/PyO3 list it. */
  pythonMatrix: ['3.11', '3.12', '3.13', '3.14'],
  /** Node LTS lines still supported: 22 (Maintenance, until 2027-04-30), 24 (Maintenance), 26 (Active). Node 20 reached end of life on 2026-04-30. */
  nodeMatrix: ['22', '24', '26'],
} as const;
