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
   * Platforms Python wheels, napi-rs binaries and C FFI tarballs are built and smoke-tested on.
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
   * How long to wait, in seconds, for a published crate to appear in the crates.io index before its
   * dependents are published.
   * @default 600
   */
  readonly crateVisibilityTimeout?: number;
}
