import { ProductSetupOptions } from './product-setup';
import { TauriSigningOptions } from './tauri-signing-options';

/**
 * What kind of thing a product is. The kind decides which manifests carry its version, which registry
 * it is published to, and which CI and release jobs it gets.
 */
export enum ProductKind {
  /** A Rust crate published to crates.io. */
  RUST_CRATE = 'rust-crate',
  /** A C FFI library (a Rust `cdylib`/`staticlib` crate) shipped as per-platform tarballs on GitHub Releases. */
  C_FFI = 'c-ffi',
  /** A Python package built from Rust by maturin and published to PyPI. */
  MATURIN = 'maturin',
  /**
   * A pure-Python package built by its PEP 517 backend (hatchling, setuptools, pdm, uv's build backend) into
   * one sdist and one wheel, and published to PyPI.
   */
  PYTHON_PACKAGE = 'python-package',
  /** A Node package built from Rust by napi-rs and published to npm. */
  NAPI = 'napi',
  /** A WebAssembly package built by wasm-pack and published to npm. */
  WASM_PACK = 'wasm-pack',
  /** A Go module in a subdirectory, released by a git tag only. */
  GO_MODULE = 'go-module',
  /** A Tauri desktop app whose installers are attached to a GitHub Release. */
  TAURI_APP = 'tauri-app',
  /** A plain npm package (for example an example CLI) published to npm. */
  NPM_PACKAGE = 'npm-package',
  /**
   * A container image built from a Dockerfile for the platforms asked and pushed to GitHub's container registry
   * (`ghcr.io/<owner>/<image>`), tagged with the version (and `latest` for the highest stable release).
   */
  CONTAINER_IMAGE = 'container-image',
  /** A product with its own build and publish commands. */
  GENERIC = 'generic',
}

/** Where a product's release ends up. */
export enum Registry {
  /** crates.io */
  CRATES_IO = 'crates-io',
  /** The Python Package Index. */
  PYPI = 'pypi',
  /** The npm registry. */
  NPM = 'npm',
  /** Go modules: a git tag, made visible through the Go module proxy. */
  GO = 'go',
  /** Assets on a GitHub Release. */
  GITHUB_RELEASES = 'github-releases',
  /** GitHub's container registry, `ghcr.io`. */
  GHCR = 'ghcr',
  /** A registry reached by the product's own publish command. */
  CUSTOM = 'custom',
}

/** What wasm-pack builds for (`wasm-pack build --target`): the kind of JavaScript module around the .wasm. */
export enum WasmPackTarget {
  /** For bundlers (webpack, Vite): wasm-pack's own default. */
  BUNDLER = 'bundler',
  /** A native ES module for browsers, loaded with its exported `init`. */
  WEB = 'web',
  /** A CommonJS module for Node.js. */
  NODEJS = 'nodejs',
  /** A script for browsers without ES modules. */
  NO_MODULES = 'no-modules',
  /** An ES module for Deno. */
  DENO = 'deno',
}

/** Options every product kind has. */
export interface ProductOptions {
  /**
   * Directory of the product, relative to the repository root (`.` for the root). It has no default
   * because it is where the library looks for the product's manifests.
   */
  readonly path: string;
  /**
   * Name of the product: used in job names, artifact names, the tag prefix and the docs.
   * @default - the package name in the product's main manifest (an npm scope is dropped)
   */
  readonly name?: string;
  /**
   * Prefix of the product's release tags; the tag is the prefix followed by the version. `''` makes the tag
   * the bare version (`1.4.2`): with an umbrella prefix `''` too, the product and umbrella share that tag.
   * @default - `<name>-v`; for a Go module always `<path>/v`, as the Go toolchain requires
   */
  readonly tagPrefix?: string;
  /**
   * Whether the product gets its own GitHub Release (with its assets, if it has any).
   * @default true
   */
  readonly githubRelease?: boolean;
  /**
   * Names of products of the same track this one is published after, when no manifest says so (a server
   * that must wait for its SDKs). They order publishing like a manifest dependency, and the release's
   * publish job of this product waits for the publish jobs of theirs. Before it publishes, that job asks
   * the registries of those products (crates.io, npm, PyPI, the Go tags) for the release version: while
   * one is not listed, this product is held back: not published, listed as held back in the summary
   * with the reason, and the run does not end green; dispatching the release again once the dependency is
   * listed publishes it. A cycle is an error.
   * @default - only the dependencies the manifests declare
   */
  readonly dependsOn?: string[];
  /**
   * Extra tools set up, as pinned steps, in each CI and release job that builds the product (its build job,
   * and the jobs that package or publish its crate or run its own publish command): system packages, protoc,
   * pnpm, Rust components and targets (`setup: { aptPackages: ['libssl-dev'], protoc: '29.3' }`); for a
   * maturin product also inside the container that builds its Linux wheels, with its RPM `manylinuxPackages`.
   * @default - only what the product's kind needs
   */
  readonly setup?: ProductSetupOptions;
}

/** Options for a Rust crate published to crates.io. */
export interface RustCrateOptions extends ProductOptions {
  /**
   * Whether the crate is published to crates.io. An unpublished crate still follows the lockstep
   * version (its version and pins are bumped) but is not tagged or published.
   * @default - `false` when Cargo.toml says `publish = false`, otherwise `true`
   */
  readonly publish?: boolean;
}

/** Options for a C FFI library built from a Rust crate. */
export interface CFfiOptions extends ProductOptions {
  /**
   * Path of the generated C header shipped in each tarball, relative to the product path.
   * @default - no header is shipped
   */
  readonly header?: string;
}

/** Options for a Python package built by maturin. `path` is the directory holding `pyproject.toml`. */
export interface MaturinOptions extends ProductOptions {
  /**
   * Also build musllinux_1_2 wheels (Alpine and other musl Linux), one leg beside each Linux release platform,
   * in maturin-action's musllinux container. An option rather than read from the project: nothing in
   * pyproject.toml or Cargo.toml says which wheel families a release ships (`[tool.maturin] compatibility`
   * names the one policy of one build), and each musl leg adds a container build whose wheels cannot be
   * installed on the glibc runner that built them, so they are checked with twine but not imported.
   * @default false
   */
  readonly musllinux?: boolean;
}

/**
 * Options for a pure-Python package built by a PEP 517 backend. `path` is the directory holding
 * `pyproject.toml`. The version is its `[project].version` (or poetry's `[tool.poetry].version`), or with
 * `dynamic = ["version"]` the `__version__ = "X.Y.Z"` of the Python file the backend reads it from
 * (`[tool.hatch.version] path`, `[tool.pdm.version] source = "file"`, setuptools' `attr`); a version from the
 * VCS or another source is refused at synth.
 */
export interface PythonPackageOptions extends ProductOptions {}

/** The option of an npm product built from a Rust crate (napi-rs, wasm-pack) that also publishes the crate. */
export interface PublishCrateOptions {
  /**
   * Also publish the product's crate to crates.io, at the same version, besides its npm package (a crate
   * that Rust users depend on directly, as ruvector's `-node` and `-wasm` crates are). The crate joins the
   * release's crates.io publish in dependency order (packaged and verified before the approval, probed and
   * skipped on a re-run once the index lists it); the npm package keeps its own job. This product owns the
   * crate's Cargo.toml: do not declare it again as a `rustCrate` product.
   * @default false
   */
  readonly publishCrate?: boolean;
}

/** Options for a Node package built by napi-rs. `path` holds `package.json` and `Cargo.toml`. */
export interface NapiOptions extends ProductOptions, PublishCrateOptions {}

/**
 * Options for a WebAssembly package built by wasm-pack. `path` holds the crate's `Cargo.toml`. A package.json
 * beside it that is not `"private": true` is the npm package the product publishes (a hand-written package
 * wrapping wasm-pack's output, which its `files` and `main` name under `pkg/`): its version follows the
 * release and `npm pack` packs that directory once wasm-pack has built `pkg/`. Without one, wasm-pack's own
 * `pkg/package.json` is the package.
 */
export interface WasmPackOptions extends ProductOptions, PublishCrateOptions {
  /**
   * Name of the npm package wasm-pack produces. With a package.json of the product's own beside the crate's
   * Cargo.toml (a hand-written package that wraps wasm-pack's output), the package is that package.json and
   * its `name` is the npm name: this option may then only repeat it.
   * @default - the name in the package.json beside the crate, else the crate name
   */
  readonly npmPackage?: string;
  /**
   * What `wasm-pack build` builds for, in the release and in CI's default build (a pull request tests the
   * package the release publishes). A package.json beside the crate that wraps `pkg/` is written for one of
   * these (its `main` and the way it loads the .wasm): name that one.
   * @default WasmPackTarget.BUNDLER
   */
  readonly target?: WasmPackTarget;
}

/** Options for a Go module. `path` holds `go.mod`; the tag prefix is always `<path>/v`. */
export interface GoModuleOptions extends ProductOptions {}

/**
 * Options for a Tauri desktop app. `path` is the app directory holding `src-tauri/` (with `Cargo.toml` and
 * `tauri.conf.json`), or the crate directory itself when `tauri.conf.json` sits beside its `Cargo.toml`.
 */
export interface TauriAppOptions extends ProductOptions {
  /**
   * The signing secrets the maintainer provides (issue 17): the updater key, macOS and Windows code signing.
   * Only the app's release build job gets them, in the publish environment, each as the environment variable
   * of its name on the platforms that use it; a preflight fails the job before anything is built when one is
   * empty, and docs/release-secrets.md lists each with where to create it. tauri.conf.json must agree: an
   * updater public key needs `updater`, and `updater` needs the public key.
   * @default - installers built unsigned (refused when tauri.conf.json configures the updater)
   */
  readonly signing?: TauriSigningOptions;
}

/** Options for a plain npm package. */
export interface NpmPackageOptions extends ProductOptions {
  /**
   * Whether the package is published to npm.
   * @default - `false` when package.json says `"private": true`, otherwise `true`
   */
  readonly publish?: boolean;
}

/**
 * Options for a container image. `path` is the build context (the directory `docker build` is given); the image
 * carries no version file of its own, so it takes its track's version without a manifest, and its `name` is
 * required (a server crate at the same path stays its own product).
 */
export interface ContainerImageOptions extends ProductOptions {
  /**
   * Name of the image in the registry, below the repository owner: `ghcr.io/<owner>/<image>`. Lowercase letters,
   * digits, `.`, `_`, `-` and `/`.
   * @default - the product name
   */
  readonly image?: string;
  /**
   * The Dockerfile, relative to the product path.
   * @default 'Dockerfile'
   */
  readonly dockerfile?: string;
  /**
   * Platforms the image is built for, as docker names them (`linux/amd64`, `linux/arm64`, `linux/arm/v7`).
   * Platforms other than the runner's are built under QEMU emulation.
   * @default ['linux/amd64']
   */
  readonly platforms?: string[];
}

/** Options for a product with its own build and publish commands. */
export interface GenericProductOptions extends ProductOptions {
  /**
   * Command that builds the product's artifacts, run from the product path.
   * @default - nothing is built
   */
  readonly buildCommand?: string;
  /**
   * Command that publishes the product, run from the product path with the version in `$VERSION`.
   * @default - nothing is published besides the tag and GitHub Release
   */
  readonly publishCommand?: string;
  /**
   * Secrets the publish command reads, by name (`['DOCKERHUB_TOKEN']`). Each reaches only the publish
   * command's step, as the environment variable of the same name (never written into the command), in a
   * publish job of this product's own, whose preflight fails before publishing when one is empty.
   * docs/release-secrets.md lists each with where to create it. Build commands get no secrets: they run
   * before the release's approval.
   * @default []
   */
  readonly publishSecrets?: string[];
  /**
   * Token permissions the publish command needs beyond `contents: read`, by GitHub's scope name
   * (`{ packages: 'write' }`, `{ 'id-token': 'write' }`), granted only to this product's own publish job.
   * @default - `contents: read` only
   */
  readonly publishPermissions?: { [scope: string]: string };
}

/**
 * One releasable thing in the monorepo. Create products with the static factory for their kind; every
 * product of a track carries the track's one version.
 */
export class Product {
  /** A Rust crate published to crates.io. */
  public static rustCrate(options: RustCrateOptions): Product {
    return new Product(ProductKind.RUST_CRATE, options, { publish: options.publish });
  }

  /** A C FFI library shipped as per-platform tarballs on GitHub Releases. */
  public static cFfi(options: CFfiOptions): Product {
    return new Product(ProductKind.C_FFI, options, { header: options.header });
  }

  /** A Python package built by maturin and published to PyPI. */
  public static maturin(options: MaturinOptions): Product {
    return new Product(ProductKind.MATURIN, options, { musllinux: options.musllinux });
  }

  /**
   * A pure-Python package (hatchling, setuptools, pdm, uv's build backend): its sdist and wheel are built once
   * with `python -m build` and published to PyPI.
   */
  public static pythonPackage(options: PythonPackageOptions): Product {
    return new Product(ProductKind.PYTHON_PACKAGE, options, {});
  }

  /** A Node package built by napi-rs and published to npm. */
  public static napi(options: NapiOptions): Product {
    return new Product(ProductKind.NAPI, options, { publishCrate: options.publishCrate });
  }

  /** A WebAssembly package built by wasm-pack and published to npm. */
  public static wasmPack(options: WasmPackOptions): Product {
    return new Product(ProductKind.WASM_PACK, options, {
      npmPackage: options.npmPackage,
      wasmTarget: options.target,
      publishCrate: options.publishCrate,
    });
  }

  /** A Go module in a subdirectory, released by its `<path>/vX.Y.Z` tag. */
  public static goModule(options: GoModuleOptions): Product {
    return new Product(ProductKind.GO_MODULE, options, {});
  }

  /** A Tauri desktop app whose installers go to a GitHub Release. */
  public static tauriApp(options: TauriAppOptions): Product {
    return new Product(ProductKind.TAURI_APP, options, { signing: options.signing });
  }

  /** A plain npm package, such as an example CLI. */
  public static npmPackage(options: NpmPackageOptions): Product {
    return new Product(ProductKind.NPM_PACKAGE, options, { publish: options.publish });
  }

  /**
   * A container image built from its Dockerfile and pushed to GitHub's container registry, in a publish job of
   * its own that alone holds `packages: write`, with a build provenance attestation.
   */
  public static containerImage(options: ContainerImageOptions): Product {
    return new Product(ProductKind.CONTAINER_IMAGE, options, {
      image: options.image,
      dockerfile: options.dockerfile,
      platforms: options.platforms === undefined ? undefined : [...options.platforms],
    });
  }

  /** A product with its own build and publish commands. */
  public static generic(options: GenericProductOptions): Product {
    return new Product(ProductKind.GENERIC, options, {
      buildCommand: options.buildCommand,
      publishCommand: options.publishCommand,
      publishSecrets: options.publishSecrets,
      publishPermissions: options.publishPermissions,
    });
  }

  /** The product's kind. */
  public readonly kind: ProductKind;
  /** Directory of the product, relative to the repository root. */
  public readonly path: string;
  /** The name given in the options, if any (the resolved name comes from the manifest otherwise). */
  public readonly name?: string;
  /** The tag prefix given in the options, if any. */
  public readonly tagPrefix?: string;
  /** Whether the product gets its own GitHub Release. */
  public readonly githubRelease: boolean;
  /** Products this one is published after besides what the manifests say (the `dependsOn` option). */
  public readonly dependsOn: string[];
  /** Extra tools its CI and release jobs set up (the `setup` option). */
  public readonly setup?: ProductSetupOptions;
  /** @internal kind-specific options, read by the model */
  public readonly _extra: ProductExtraOptions;

  private constructor(kind: ProductKind, options: ProductOptions, extra: ProductExtraOptions) {
    this.kind = kind;
    this.path = options.path;
    this.name = options.name;
    this.tagPrefix = options.tagPrefix;
    this.githubRelease = options.githubRelease ?? true;
    this.dependsOn = [...(options.dependsOn ?? [])];
    this.setup = options.setup;
    this._extra = extra;
  }
}

/** Kind-specific options carried by a Product (internal). */
interface ProductExtraOptions {
  readonly publish?: boolean;
  readonly header?: string;
  readonly npmPackage?: string;
  readonly wasmTarget?: string;
  readonly buildCommand?: string;
  readonly publishCommand?: string;
  readonly musllinux?: boolean;
  readonly publishCrate?: boolean;
  readonly publishSecrets?: string[];
  readonly publishPermissions?: { [scope: string]: string };
  readonly signing?: TauriSigningOptions;
  readonly image?: string;
  readonly dockerfile?: string;
  readonly platforms?: string[];
}
