import { LockstepConfigError } from './errors';
import { RUNNERS } from './pins';

/**
 * One Rust target release.yml can build native artifacts for: the leg's name (in job names and artifact
 * names), the runner it builds on, and whether that runner is of another platform.
 */
export interface BuildTarget {
  /** The Rust target triple (`x86_64-unknown-linux-musl`). */
  readonly target: string;
  /** The leg's name in artifact and job names (`linux-x64-musl`). The first five are the `ReleasePlatform` values. */
  readonly platform: string;
  /** The GitHub-hosted runner label it builds on (from the pin table). */
  readonly runner: string;
  /**
   * Built for another platform than the runner's (zig as the linker for musl): what it builds cannot be
   * loaded or installed where it was built, so the leg's smoke test does not run.
   */
  readonly crossCompiled: boolean;
}

/**
 * Every target release.yml builds, in matrix order. The musl targets build on x64 Linux with zig as the
 * linker, as napi-rs documents for its CLI (v3 `--cross-compile`, v2 `--zig`) and as maturin-action does in
 * its musllinux containers; Windows on arm64 builds natively on its own runner, where it can be loaded.
 */
export const BUILD_TARGETS: readonly BuildTarget[] = [
  { target: 'x86_64-unknown-linux-gnu', platform: 'linux-x64', runner: RUNNERS.linuxX64, crossCompiled: false },
  { target: 'aarch64-unknown-linux-gnu', platform: 'linux-arm64', runner: RUNNERS.linuxArm64, crossCompiled: false },
  { target: 'aarch64-apple-darwin', platform: 'macos-arm64', runner: RUNNERS.macosArm64, crossCompiled: false },
  { target: 'x86_64-apple-darwin', platform: 'macos-x64', runner: RUNNERS.macosX64, crossCompiled: false },
  { target: 'x86_64-pc-windows-msvc', platform: 'windows-x64', runner: RUNNERS.windowsX64, crossCompiled: false },
  { target: 'x86_64-unknown-linux-musl', platform: 'linux-x64-musl', runner: RUNNERS.linuxX64, crossCompiled: true },
  { target: 'aarch64-unknown-linux-musl', platform: 'linux-arm64-musl', runner: RUNNERS.linuxX64, crossCompiled: true },
  { target: 'aarch64-pc-windows-msvc', platform: 'windows-arm64', runner: RUNNERS.windowsArm64, crossCompiled: false },
];

/** The build target of a platform name (a `ReleasePlatform` value or a leg name); throws for an unknown one. */
export function buildTargetOfPlatform(platform: string): BuildTarget {
  const found = BUILD_TARGETS.find((t) => t.platform === platform);
  if (found === undefined) throw new Error(`no build target for the platform '${platform}'`);
  return found;
}

/** The glibc Linux platforms whose musl twin a maturin product with `musllinux` also builds wheels on. */
export const MUSL_TWIN: Readonly<Record<string, string>> = { 'linux-x64': 'linux-x64-musl', 'linux-arm64': 'linux-arm64-musl' };

/**
 * The legs a napi-rs package's release builds: one per Rust target its `napi` config lists (napi-rs makes one
 * npm platform package per target, and each needs its binary). A package that lists none builds on
 * `fallback` (the release platforms). A target this table does not have stops synth with one message naming
 * the target and the package.json field it comes from.
 */
export function napiBuildTargets(options: {
  packageJson: string;
  targets: readonly string[];
  field: string;
  fallback: readonly string[];
}): BuildTarget[] {
  if (options.targets.length === 0) return options.fallback.map(buildTargetOfPlatform);
  const unknown = options.targets.filter((t) => !BUILD_TARGETS.some((b) => b.target === t));
  if (unknown.length > 0) {
    throw new LockstepConfigError(
      `${options.packageJson}: ${options.field} lists ${unknown.join(', ')}, which release.yml cannot build ` +
        `(it builds ${BUILD_TARGETS.map((b) => b.target).join(', ')}). Remove ${unknown.length === 1 ? 'it' : 'them'} from ${options.field}.`,
    );
  }
  // In the table's order, each once: a matrix whose legs do not depend on how the package.json orders them.
  return BUILD_TARGETS.filter((b) => options.targets.includes(b.target));
}
