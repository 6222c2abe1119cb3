import { Product } from './product';

/** What starts a track's release. */
export enum ReleaseTrigger {
  /**
   * A reviewed release PR sets the version; its merge (a push to one of the track's release branches that
   * sets a version with no umbrella tag yet) starts the release. release.yml makes every tag.
   */
  RELEASE_PR = 'release-pr',
  /**
   * A maintainer pushes the track's umbrella tag (`v1.2.3`); the run checks that every manifest at the
   * tagged commit carries that version and that the commit is on one of the track's release branches,
   * then builds, asks for the approval and publishes, making the products' tags. Push one umbrella tag at a
   * time: GitHub starts no run for tags pushed more than three at once, nor for tags pushed with a job's
   * own token.
   */
  TAG_PUSH = 'tag-push',
}

/** A branch a track releases from, and the prereleases it carries. */
export interface ReleaseBranchOptions {
  /** Name of the branch. It has no default because it is what the entry is about. */
  readonly name: string;
  /**
   * The one prerelease identifier this branch releases: with `alpha`, only versions such as
   * `1.2.0-alpha.3` are released from it (its channel). Without it, the branch releases stable versions
   * and prereleases alike.
   * @default - any version
   */
  readonly prerelease?: string;
}

/** How a track releases: what starts a release, from which branches, where prereleases go and where notes come from. */
export interface TrackReleaseOptions {
  /**
   * What starts the track's release: the merge of a release PR, or a pushed umbrella tag.
   * @default ReleaseTrigger.RELEASE_PR
   */
  readonly releaseTrigger?: ReleaseTrigger;
  /**
   * The branches the track releases from, each with the prerelease channel it carries (StarStats releases
   * `alpha` prereleases from `next` and everything else from `main`).
   * @default - the release branch (`releaseBranch`), any version
   */
  readonly releaseBranches?: ReleaseBranchOptions[];
  /**
   * Prerelease identifiers whose Python packages go to TestPyPI instead of PyPI (`['alpha', 'beta']`
   * sends `1.2.0-alpha.1` and `1.2.0-beta.2` to TestPyPI; `1.2.0-rc.1` and `1.2.0` go to PyPI). TestPyPI
   * needs its own trusted publisher; the release-secrets doc lists it.
   * @default - every version goes to PyPI
   */
  readonly testPypiPrereleases?: string[];
  /**
   * Repository-relative path of the track's changelog in Keep a Changelog form: the notes of the track's
   * release (and of each product without a changelog of its own) are the version's section, and a release
   * whose section is missing is refused. A product's own `CHANGELOG.md` in its directory is found without
   * this option.
   * @default - `CHANGELOG.md` at the root, when the plan has one track and that file is a Keep a Changelog file; otherwise generated notes
   */
  readonly changelog?: string;
}

/** A lockstep group of products with its own version and umbrella tag. */
export interface ReleaseTrackOptions extends TrackReleaseOptions {
  /** Name of the track, used in job names and the plan. It has no default because tracks are told apart by it. */
  readonly name: string;
  /** The products that share this track's version. */
  readonly products: Product[];
  /**
   * Prefix of the track's umbrella tag. `''` makes the umbrella tag the bare version (`1.4.2`); no other
   * prefix of the plan may then start with a digit.
   * @default - `v` for the first track, `<name>-v` for the others
   */
  readonly umbrellaTagPrefix?: string;
}

/**
 * Options that decide the release plan: the products, their tracks and what is left alone. The
 * `TrackReleaseOptions` given here apply to the one track of `products`; with `tracks`, give them per track.
 */
export interface PlanOptions extends TrackReleaseOptions {
  /**
   * The products released in lockstep (the default track). Give either `products` or `tracks`.
   * @default - products are discovered from the repository: every crate, Go module and versioned npm package
   */
  readonly products?: Product[];
  /**
   * Several lockstep groups, each with its own version and tags. Give either `products` or `tracks`.
   * @default - one track named `default` holding `products`
   */
  readonly tracks?: ReleaseTrackOptions[];
  /**
   * Prefix of the umbrella tag of the default track: the umbrella tag of 1.2.3 is `v1.2.3`. `''` makes it
   * the bare version (`1.2.3`); no product's tag prefix may then start with a digit.
   * @default "v"
   */
  readonly umbrellaTagPrefix?: string;
  /**
   * Manifests or directories (repository-relative) that the release leaves alone on purpose, such as test
   * fixtures. Anything else that carries a version or a pin on a product must belong to a product.
   * @default []
   */
  readonly excludeManifests?: string[];
  /**
   * Manifests, or directories holding them, that are no product and keep their own version but whose pins
   * on products follow the release: a benchmarks crate at `0.0.0` that depends on the engine by `path` and
   * `version` (`pinFollowers: ['benches']`). The bump edits their pins and never their version; `lockstep
   * verify` checks the pins. Each must pin at least one product.
   * @default []
   */
  readonly pinFollowers?: string[];
  /**
   * The branch release PRs merge into and releases are cut from.
   * @default "main"
   */
  readonly releaseBranch?: string;
  /**
   * Repository-relative path of the generated release plan.
   * @default ".lockstep/release-plan.json"
   */
  readonly planFile?: string;
}
