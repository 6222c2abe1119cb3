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
}
