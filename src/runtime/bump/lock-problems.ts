import { BumpProblem } from './text-edits';

/**
 * A way a lockfile disagrees with its manifests that its package manager would refuse (`cargo metadata
 * --locked`, `npm ci`), found without the network or a package cache.
 */
export interface LockProblem extends BumpProblem {
  /** What the problem is about, without versions: the same problem before and after a bump has the same key. */
  readonly key: string;
  /**
   * True when a product of the track resolves from its registry at a version its pin no longer accepts:
   * only publishing that version (and refreshing the lockfile then) can fix it, so a bump notes it rather
   * than failing on it.
   */
  readonly awaitsPublish?: boolean;
  /** `file key.path` of the manifest requirement the lockfile cannot satisfy, when there is one. */
  readonly requirementAt?: string;
}
