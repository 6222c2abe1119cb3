import { Product } from './product';

/** A lockstep group of products with its own version and umbrella tag. */
export interface ReleaseTrackOptions {
  /** Name of the track, used in job names and the plan. It has no default because tracks are told apart by it. */
  readonly name: string;
  /** The products that share this track's version. */
  readonly products: Product[];
  /**
   * Prefix of the track's umbrella tag.
   * @default - `v` for the first track, `<name>-v` for the others
   */
  readonly umbrellaTagPrefix?: string;
}

/** Options that decide the release plan: the products, their tracks and what is left alone. */
export interface PlanOptions {
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
   * Prefix of the umbrella tag of the default track: the umbrella tag of 1.2.3 is `v1.2.3`.
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
