/**
 * Names the release workflow (components/release-publish) and the `lockstep` release commands
 * (runtime/release) must agree on: job ids, the plan job's outputs, the file carrying the release decision,
 * and the outcome files. Components and runtime never import each other, so the names
 * live here, once.
 */

/** Default file name of the release workflow; trusted publishers are registered against it (O3). */
export const RELEASE_WORKFLOW_FILE = 'release.yml';

/**
 * GitHub creates no push event for tags pushed more than this many at once (T6): a release that wants its
 * tags to start workflows (T9) pushes them in groups of at most this many.
 */
export const GITHUB_TAG_EVENT_LIMIT = 3;

/** Default environment with required reviewers: the release's one approval (T3). */
export const APPROVAL_ENVIRONMENT = 'release';

/** Default environment of the jobs that publish with OIDC: no reviewers, restricted to the release branch. */
export const PUBLISH_ENVIRONMENT = 'release-publish';

/** What a release publishes to, per product: a registry package or the product's GitHub Release. */
export enum PublishTarget {
  CRATES_IO = 'crates-io',
  NPM = 'npm',
  PYPI = 'pypi',
  GO = 'go',
  GITHUB_RELEASE = 'github-release',
  CUSTOM = 'custom',
  /** GitHub's container registry: each image product publishes in a job of its own (`publish-image-<name>`). */
  GHCR = 'ghcr',
}

/** Job ids of release.yml that the runtime refers to (the summary maps a failed job to its targets). */
/**
 * Largest unpacked npm package a release accepts by default (P4, P13): far above any JavaScript package,
 * far below a package that took a build tree or every platform's binary with it.
 */
export const DEFAULT_MAX_NPM_PACKAGE_BYTES = 100 * 1024 * 1024;

export const RELEASE_JOBS = {
  plan: 'plan',
  tag: 'tag-all',
  umbrella: 'release-umbrella',
  summary: 'summary',
  /** Starts the release runs of the other tracks a push set (a dispatch each). */
  dispatch: 'dispatch-tracks',
} as const;

/** The job that publishes each target. */
export const PUBLISH_JOB_OF: Record<PublishTarget, string> = {
  [PublishTarget.CRATES_IO]: 'publish-crates',
  [PublishTarget.NPM]: 'publish-npm',
  [PublishTarget.PYPI]: 'publish-pypi',
  [PublishTarget.GO]: 'publish-go',
  [PublishTarget.GITHUB_RELEASE]: 'github-releases',
  [PublishTarget.CUSTOM]: 'publish-custom',
  // The prefix of the image jobs: one per image product (imagePublishJobOf), the only jobs holding `packages: write`.
  [PublishTarget.GHCR]: 'publish-image',
};

/**
 * Output of `lockstep pre-publish`: `true` when the product is held back (issue 17: a product its `dependsOn`
 * names is not on its registry yet), so the job's upload or publish command does not run.
 */
export const PRE_PUBLISH_HELD_BACK_OUTPUT = 'held_back';

/** Outputs of the plan job (`needs.plan.outputs.<name>`). */
export const PLAN_OUTPUTS = {
  /** `true` when this run releases a version. */
  release: 'release',
  /** `true` for a dispatch with `dry_run`: nothing is tagged, uploaded or released (P7). */
  dryRun: 'dry_run',
  version: 'version',
  /** The release commit: every later job checks it out (T4, T6). */
  commit: 'commit',
  /** JSON array of the products this run releases. */
  products: 'products',
  /** JSON array of the publish targets with something still to publish (P1). */
  todo: 'todo',
  /**
   * JSON array of the products whose build job runs: those with a package still to publish that is made
   * from their build artifacts. A re-run that misses one package rebuilds only its product.
   */
  build: 'build',
  /**
   * JSON array of `NpmPackageBuild`: the matrix of the one job that packs the plain npm packages still to
   * publish (issue 20: one job whatever the number of packages, as cargo-dist computes its matrices).
   */
  npmPackages: 'npm_packages',
  /** JSON array of `{ track, version, branch }`: other tracks' releases the push set, each dispatched as its own run. */
  dispatch: 'dispatch',
  /** The Python index of this run's version (its channel: PyPI, or TestPyPI for the prereleases a track sends there): its simple API. */
  pypiIndex: 'pypi_index',
  /** The upload URL of that index. */
  pypiUpload: 'pypi_upload',
} as const;

/** The job that packs every plain npm package still to publish, one matrix cell per package. */
export const NPM_PACKAGES_BUILD_JOB = 'build-npm-packages';

/** One cell of that job's matrix, computed by the plan job (`npm_packages`). */
export interface NpmPackageBuild {
  /** The product to pack. */
  readonly product: string;
  /** The name of the artifact its tarball is kept as (`npm.<product>`). */
  readonly artifact: string;
}

/**
 * Where a job packs npm tarballs to keep them: `<dir>/<artifact name>/<tarball>`, uploaded with the path
 * `<dir>/*\/*.tgz`. upload-artifact keeps the hierarchy after the first wildcard, so every `npm.*` artifact
 * holds its own folder, and a publish job gets all of them with one download (merged) into one folder per
 * artifact, however many there are (P14: a pattern matching exactly one artifact otherwise loses the folder).
 */
export const NPM_UPLOAD_DIR = 'dist/npm-upload';

/** Output of `lockstep tauri-config`: the JSON a desktop build passes to `tauri build --config` (B8). */
export const TAURI_CONFIG_OUTPUT = 'config';

/** Flag of `lockstep tauri-config` adding `bundle.createUpdaterArtifacts: true` (issue 17: the release build signs updates). */
export const TAURI_UPDATER_ARTIFACTS_FLAG = 'updater-artifacts';

/**
 * Environment variables that point the release at other registries (release.yml sets them from
 * `release.registries`; unset, the public registries are used). The plan job's checks and the publish
 * commands read these names, so a command run by hand is pointed elsewhere the same way.
 */
export const REGISTRY_ENV = {
  /** cargo's index URL: `sparse+https://index.crates.io/` (crates.io), `sparse+<url>`, or a git index URL. */
  cratesIndex: 'LOCKSTEP_CRATES_INDEX_URL',
  /** A Python package index's simple API (`https://pypi.org/simple/`), PEP 691 or PEP 503. */
  pypiIndex: 'LOCKSTEP_PYPI_INDEX_URL',
  /** The upload URL of that index (`https://upload.pypi.org/legacy/`), where `lockstep publish-pypi` uploads. */
  pypiRepository: 'LOCKSTEP_PYPI_REPOSITORY_URL',
  /** The npm registry (`https://registry.npmjs.org/`). */
  npmRegistry: 'LOCKSTEP_NPM_REGISTRY',
  /** The Go module proxy (`https://proxy.golang.org`). */
  goProxy: 'LOCKSTEP_GO_PROXY',
} as const;

/**
 * Environment variable naming the file that holds the release decision (`ReleaseRun`): the plan job's
 * `lockstep release-plan` writes it there, and every later command reads it from there. Issue 20: the
 * decision grows with the number of products (433 KB at 1000 crates), so it travels as a file, in the
 * artifact below, never as a job output or an environment variable (Linux refuses one environment string
 * of 128 KiB or more, and the later job would not start).
 */
export const RELEASE_RUN_FILE_ENV = 'LOCKSTEP_RELEASE_FILE';

/** Where the release decision is, relative to the workspace: written by the plan job, downloaded by every later job. */
export const RELEASE_RUN_FILE = '.lockstep/release-run/release-run.json';

/** The artifact carrying the release decision from the plan job to every later job. */
export const RELEASE_RUN_ARTIFACT = 'release-run';

/** Directory (relative to the workspace) each publish job writes its outcome file into. */
export const OUTCOME_DIR = '.lockstep/outcomes';

/** Prefix of the artifacts carrying outcome files; the summary downloads `<prefix>*`. */
export const OUTCOME_ARTIFACT_PREFIX = 'outcome-';

/** Kinds of build artifacts release.yml passes from its build jobs to its publish jobs. */
export const ARTIFACT_KINDS = {
  /** Python wheels and the sdist (PyPI, GitHub Release). */
  wheels: 'wheels',
  /** napi-rs `.node` binaries (npm platform packages, GitHub Release). */
  napi: 'napi',
  /** npm tarballs from `npm pack` (npm, GitHub Release). */
  npm: 'npm',
  /** C FFI tarballs (GitHub Release). */
  ffi: 'ffi',
  /** Tauri installers (GitHub Release). */
  desktop: 'desktop',
  /** A Tauri app's updater manifest, written from its desktop legs' signed bundles (GitHub Release, umbrella release). */
  updater: 'updater',
} as const;

/**
 * Directory publish jobs download build artifacts into: `<dir>/<artifact name>/`, one download per artifact
 * (P14: `actions/download-artifact` extracts a pattern that matches exactly one artifact straight into
 * `path`, without the sub-folder it makes when several match, so a pattern cannot promise this layout).
 */
export const ARTIFACTS_DIR = '.lockstep/artifacts';

/**
 * Days release.yml keeps its artifacts. P14: a run may wait 30 days for its approval and lives at most
 * 35, and its failed jobs can be re-run within that time: the build artifacts must still be there for the
 * publish jobs and the re-runs, and the outcome files for the summary. A repository whose maximum
 * retention is lower keeps them that long instead (upload-artifact warns).
 */
export const ARTIFACT_RETENTION_DAYS = 35;

/**
 * Environment variable of the GitHub Release steps: the build artifacts each product's release must
 * carry, as JSON (`{"<product>": ["<artifact name>", …]}`), from the same build jobs release.yml runs (P14).
 */
export const RELEASE_ASSETS_ENV = 'LOCKSTEP_RELEASE_ASSETS';

/** Where the summary job gathers every job's outcome file before `lockstep summary` reads them. */
export const COLLECTED_OUTCOMES_DIR = '.lockstep/collected-outcomes';

/** Environment of the summary step: every needed job's result (`toJSON(needs)`). */
export const RELEASE_NEEDS_ENV = 'NEEDS_JSON';

/** A product name as it appears in job ids and artifact names: lowercase letters, digits and `-`. */
export function productSlug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * Name of a build artifact: `<kind>.<product>.<leg>`. The dots keep `wheels.quill.*` from matching the
 * artifacts of a product called `quill-py`.
 */
export function artifactName(kind: string, product: string, leg?: string): string {
  return [kind, productSlug(product), ...(leg ? [leg] : [])].join('.');
}

/** The kind and product slug of an artifact name, or undefined for another name. */
export function parseArtifactName(name: string): { kind: string; product: string; leg?: string } | undefined {
  const [kind, product, leg, ...rest] = name.split('.');
  if (!product || rest.length > 0 || !Object.values(ARTIFACT_KINDS).includes(kind as never)) return undefined;
  return { kind, product, ...(leg ? { leg } : {}) };
}
