/**
 * The release plan: plain, JSON-serializable data that every generated file and every release-time
 * command reads. It records *where* versions live (files and key paths), never the version itself, so a
 * bump does not make it stale. Arrays are sorted so the same repository always gives the same file.
 */
import type { GenericPublishAccessPlan } from './generic-publish';
import type { KeyPath } from './manifests';
import type { PlanSource } from './plan-source';
import type { ProductSetupPlan } from './product-setup';
import type { TauriSigningPlan } from './tauri-signing';

/** Bumped when the plan's shape changes; `readPlan` refuses any other value. */
export const PLAN_SCHEMA_VERSION = 1;

/** How the value at a site is written for a given release version. */
export type SiteScheme =
  /** A plain semver version field (Cargo `[package].version`, package.json `version`). */
  | 'semver'
  /** A Python version field, written in PEP 440 form (`1.2.0rc1`). */
  | 'pep440'
  /** tauri.conf.json `version`: semver; the Windows installer gets its MSI form at build time (`msiVersion`). */
  | 'tauri'
  /** A Cargo dependency requirement (`"1.2.0"`, `"=1.2.0"`, `"^1.2"`). */
  | 'cargo-req'
  /** An npm dependency range (`^1.2.0`, `~1.2.0`, `1.2.0`, `>=1.2.0`, `workspace:^1.2.0`). */
  | 'npm-range'
  /** A PEP 508 requirement on a sibling distribution (`quill-db>=1.2.0`). */
  | 'pep508';

/**
 * How a site's file is parsed: TOML, JSON, or `python`, a Python file whose top-level string assignments
 * (`__version__ = "1.2.3"`) are read by name (issue 17: a pure-Python package's dynamic version).
 */
export type SiteFormat = 'toml' | 'json' | 'python';

/** One place in one manifest that carries the release version. */
export interface VersionSite {
  /** Repository-relative manifest path. */
  readonly file: string;
  readonly format: SiteFormat;
  /** Key path of the value inside the parsed manifest. */
  readonly keyPath: KeyPath;
  /** `version`: the manifest's own version; `pin`: a dependency on another product of the track. */
  readonly role: 'version' | 'pin';
  readonly scheme: SiteScheme;
  /** Products whose version this site carries (a workspace version can carry several); empty for a pin in a file no product owns. */
  readonly products: string[];
  /** For a pin: the product depended on. */
  readonly target?: string;
}

/** A lockfile that records the version of one or more products. */
export interface LockfilePlan {
  readonly file: string;
  readonly tool: 'cargo' | 'npm' | 'uv';
  /**
   * Package names in the lockfile whose version the track sets: its products' packages, and for Cargo the
   * workspace members that inherit a version the track sets (`version.workspace = true`), products or not.
   */
  readonly packages: string[];
}

/** A registry package a product publishes. */
export interface PackagePlan {
  readonly registry: string;
  readonly name: string;
}

/** One product, resolved against the repository. */
export interface ProductPlan {
  readonly name: string;
  /** A `ProductKind` value. */
  readonly kind: string;
  readonly path: string;
  readonly tagPrefix: string;
  /** `Registry` values the product releases to, besides its tag. */
  readonly registries: string[];
  readonly packages: PackagePlan[];
  /** Whether the product is tagged and published (an unpublished crate only follows the version). */
  readonly publish: boolean;
  readonly githubRelease: boolean;
  /** Products this one needs published first (normal, build, peer and optional dependencies, and `dependsOn`). */
  readonly dependsOn: string[];
  /** The products of `dependsOn` that only the product's `dependsOn` option names (no manifest does). */
  readonly explicitDependsOn: string[];
  /** Manifests that carry this product's version. */
  readonly manifests: string[];
  /** Facts worth showing a maintainer (where the version really lives, and why). */
  readonly notes: string[];
  /** Kind-specific settings (commands of a generic product, the wasm npm name, an FFI header). */
  readonly settings: Record<string, string>;
  /** What CI needs to build and test the product, read from its manifests. */
  readonly ci?: ProductCiPlan;
  /** The product's own Keep a Changelog file (`CHANGELOG.md` in its directory), when it has one. */
  readonly changelog?: string;
  /** Extra tools its CI and release jobs set up before building it (the `setup` option), when it asks for any. */
  readonly setup?: ProductSetupPlan;
  /** A generic product's publish secrets and permissions, when it declares any: it then publishes in a job of its own. */
  readonly publishAccess?: GenericPublishAccessPlan;
  /** A Tauri app's signing (issue 17), when it declares any: the secrets its build job gets, per platform. */
  readonly signing?: TauriSigningPlan;
}

/** Facts CI needs about a product (`ci.yml` jobs and change detection), read from its manifests at synth. */
export interface ProductCiPlan {
  /** Cargo package name of the product's crate, when it has one (`cargo test -p <crate>`). */
  readonly crate?: string;
  /** Directory of the crate's Cargo workspace root, where `Cargo.lock` and `target/` live. */
  readonly cargoRoot?: string;
  /** The crate's `rust-version` (its own or its workspace's): the MSRV that CI checks. */
  readonly rustVersion?: string;
  /** Directory to run `npm ci` in: the nearest one at or above the product holding `package-lock.json`. */
  readonly npmRoot?: string;
  /** Existing lockfiles the product's CI installs from and keys caches on (sorted as found). */
  readonly lockfiles: string[];
  /** Products whose artifacts the product's CI build also builds (a Go module links the C FFI library). */
  readonly buildsWith: string[];
  /**
   * Path patterns of what the product's build and tests read, in order: `!pattern` excludes again and the
   * last pattern matching a file decides. A change to a matching file runs the product's jobs.
   */
  readonly inputs: string[];
  /** Products whose inputs are this product's inputs too (dependencies of every kind, linked libraries). */
  readonly inputsFrom: string[];
}

/** A branch a track releases from. */
export interface ReleaseBranchPlan {
  readonly name: string;
  /** The only prerelease identifier released from the branch; absent when it releases any version. */
  readonly prerelease?: string;
}

/** A lockstep group: one version, one umbrella tag, one set of products. */
export interface TrackPlan {
  readonly name: string;
  /**
   * Prefix of the umbrella tag, `v` by default: the umbrella tag of 1.2.3 is `v1.2.3`. It may equal a
   * product's tag prefix (a one-product track), and then the two are one tag.
   */
  readonly umbrellaTagPrefix: string;
  /** The site whose value is the track's current version (the first product's own version). */
  readonly versionSource?: { readonly file: string; readonly keyPath: KeyPath };
  readonly products: ProductPlan[];
  /** Products in publish order: each wave depends only on earlier waves. */
  readonly publishWaves: string[][];
  readonly sites: VersionSite[];
  readonly lockfiles: LockfilePlan[];
  /** Every manifest the bump edits (sorted). */
  readonly manifests: string[];
  /** What starts the track's release: a `ReleaseTrigger` value (`release-pr` or `tag-push`). */
  readonly trigger: string;
  /** The branches the track releases from, the release branch first when it is one of them. */
  readonly branches: ReleaseBranchPlan[];
  /** Prerelease identifiers whose Python packages go to TestPyPI instead of PyPI (sorted). */
  readonly testPypiPrereleases: string[];
  /** The track's Keep a Changelog file, whose sections are its release notes; absent: generated notes. */
  readonly changelog?: string;
}

/**
 * The package manager that installs the repository's root npm dependencies (the `lockstep` CLI among them)
 * when it is not npm: the workflows set it up and install with it.
 */
export interface PackageManagerPlan {
  readonly name: 'pnpm';
  /** The version CI runs: the one package.json's `packageManager` names, or the pinned one. */
  readonly version: string;
  /** Whether package.json's `packageManager` names it (pnpm/action-setup then reads it there and refuses a `version` input). */
  readonly declared: boolean;
}

/** The whole plan, written to the plan file in the consuming repository. */
export interface ReleasePlan {
  readonly schemaVersion: number;
  /** The library and version that generated the plan and the workflows. */
  readonly generator: { readonly name: string; readonly version: string };
  /** Repository-relative path of the plan file itself. */
  readonly planFile: string;
  /** Branch release PRs merge into and releases are cut from. */
  readonly releaseBranch: string;
  /** Manifest paths (files or directories) the maintainer excluded on purpose. */
  readonly excluded: string[];
  readonly tracks: TrackPlan[];
  /** The root package manager when it is not npm (absent: npm, from package-lock.json). */
  readonly packageManager?: PackageManagerPlan;
  /** What the plan and the generated files were made from, for the drift check (set when `LockstepRelease` synthesizes). */
  readonly source?: PlanSource;
}
