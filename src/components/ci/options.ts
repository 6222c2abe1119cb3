/** A GitHub-hosted runner a CI job runs on; the labels come from the library's pin table. */
export enum CiRunner {
  /** Linux x64 (`RUNNERS.linuxX64`). */
  LINUX = 'linux',
  /** Linux arm64 (`RUNNERS.linuxArm64`). */
  LINUX_ARM64 = 'linux-arm64',
  /** macOS arm64 (`RUNNERS.macosArm64`). */
  MACOS = 'macos',
  /** macOS x64, the last Intel image (`RUNNERS.macosX64`). */
  MACOS_X64 = 'macos-x64',
  /** Windows x64 (`RUNNERS.windowsX64`). */
  WINDOWS = 'windows',
}

/** CI settings of one product. */
export interface CiProductOptions {
  /**
   * Leave the product out of ci.yml (no matrix cells, even when a change affects it).
   * @default false
   */
  readonly disabled?: boolean;
  /**
   * Runners the product's build and test job runs on (one matrix leg each).
   * @default - Rust crates, C FFI, Python, Node and Tauri: Linux, macOS and Windows; Go: Linux and macOS;
   * WASM, npm packages and generic products: Linux
   */
  readonly runners?: CiRunner[];
  /**
   * CPython versions a maturin or pure-Python product is tested with (one matrix leg each, on every runner).
   * @default - the oldest and the newest supported CPython line of the pin table
   */
  readonly pythonVersions?: string[];
  /**
   * Node versions a napi-rs or npm product is tested with (one matrix leg each, on every runner).
   * @default - the oldest and the newest Node LTS line of the pin table
   */
  readonly nodeVersions?: string[];
  /**
   * Replaces the product's build (or install) command; it runs from the product's directory with bash,
   * and the product then has matrix cells of its own (it shares none with other crates or packages).
   * @default - per kind: `cargo build`, a pip editable install (maturin, pure Python), `npm run build`, `go build ./...`,
   * `wasm-pack build`, `tauri build --no-bundle`, `npm run build --if-present`, a generic product's `buildCommand`
   */
  readonly buildCommand?: string;
  /**
   * Replaces the product's test command; it runs from the product's directory with bash.
   * @default - per kind: `cargo test`, `pytest`, `npm test`, `go test ./...`, `npm run test --if-present`;
   * WASM, Tauri and generic products run no tests
   */
  readonly testCommand?: string;
  /**
   * Whether a Rust crate or C FFI crate that declares `rust-version` is in the MSRV job (`cargo check`
   * with that toolchain).
   * @default true
   */
  readonly msrv?: boolean;
  /**
   * Whether the product's crate is in the lint job: `cargo fmt --check`, clippy with `-D warnings` and,
   * for Rust and C FFI crates, `cargo doc` with warnings denied.
   * @default true
   */
  readonly lint?: boolean;
}

/** Options of the generated `.github/workflows/ci.yml`. */
export interface CiMatrixOptions {
  /**
   * Whether ci.yml is generated. Off, the repository keeps its own CI: with the default token release-pr.yml
   * dispatches it (`releasePr.ciWorkflowFile`), and synth checks that it accepts `workflow_dispatch`.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * CI settings per product, keyed by product name (as in the release plan). ci.yml hands them to
   * `lockstep affected`, which builds the matrices from them.
   * @default - every product gets its kind's jobs with the default matrices
   */
  readonly products?: { [product: string]: CiProductOptions };
  /**
   * Path patterns (repository-relative; `*` within a segment, `**` across segments, a plain path for a
   * file or a directory) whose change runs every product's jobs. Each product already runs when one of
   * its inputs changes (what its build and tests read, worked out from its manifests and sources and
   * recorded in the plan); list here what a build reads that no manifest says, such as a fixture folder
   * shared by several products' tests.
   * @default []
   */
  readonly sharedPaths?: string[];
  /**
   * Path patterns whose change runs no product job even where a product's inputs include them, such as a
   * folder of sample data inside a product directory that no test reads. A change to ci.yml itself always
   * runs every job. Files no product reads (docs, other workflows, scripts) need no entry here.
   * @default []
   */
  readonly ignorePaths?: string[];
  /**
   * Whether jobs cache Cargo builds and package downloads (keyed on the lockfiles; only runs outside pull
   * requests save them). zizmor counts a push trigger on a branch whose name contains `release` as a
   * publishing trigger and flags every cache there (cache-poisoning), so caches are off for such a branch.
   * @default - true, unless the release branch's name contains `release`
   */
  readonly caches?: boolean;
}
