import { LockstepConfigError } from './errors';
import { ManifestCache } from './manifest-cache';
import { VersionSite } from './plan-types';
import { isInsideRepo, joinRepoPath, normalizeRepoPath } from './repo';

/**
 * Pin followers: manifests that are no product and keep their own version, but whose pins on products
 * follow the release (SQLRite's benchmarks crate stays at 0.0.0 while its `sqlrite-engine` pin moves with
 * every release). The bump edits their pins and never their version; `lockstep verify` checks the pins.
 */

/** Manifests a follower entry can name: the ones whose pins the plan reads. */
const FOLLOWER_MANIFESTS: readonly string[] = ['Cargo.toml', 'package.json', 'pyproject.toml'];

/** One declared follower manifest, with the option entry that named it (for messages). */
export interface PinFollower {
  readonly file: string;
  readonly option: string;
}

/**
 * The manifests `pinFollowers` names: an entry is a manifest file, or a directory whose Cargo.toml,
 * package.json and pyproject.toml (those present) all follow. Each entry must name at least one, inside
 * the repository and not excluded.
 */
export function pinFollowersOf(entries: readonly string[], cache: ManifestCache, included: (file: string) => boolean): PinFollower[] {
  const followers: PinFollower[] = [];
  entries.forEach((entry, i) => {
    const option = `pinFollowers[${i}]`;
    if (typeof entry !== 'string' || !isInsideRepo(entry)) {
      throw new LockstepConfigError(`${option}: '${entry}' is outside the repository. Give a manifest or its directory relative to the repository root, such as 'benches'.`);
    }
    const path = normalizeRepoPath(entry);
    const named = FOLLOWER_MANIFESTS.includes(path.split('/').pop()!) ? [path] : FOLLOWER_MANIFESTS.map((m) => joinRepoPath(path, m));
    const files = named.filter((f) => cache.repo.read(f) !== undefined);
    if (files.length === 0) {
      throw new LockstepConfigError(`${option}: '${entry}' has no ${FOLLOWER_MANIFESTS.join(', ')}. Name a manifest, or the directory that holds one.`);
    }
    for (const file of files) {
      if (!included(file)) {
        throw new LockstepConfigError(`${option}: ${file} is also in \`excludeManifests\`, which leaves it alone; a pin follower's pins follow the release. Remove it from one of the two.`);
      }
      if (followers.some((f) => f.file === file)) throw new LockstepConfigError(`${option}: ${file} is already a pin follower; remove the duplicate.`);
      followers.push({ file, option });
    }
  });
  return followers;
}

/**
 * Refuses a follower that pins no product (the option would do nothing: it is a typo, or the manifest
 * belongs in `excludeManifests`), given the pin sites of every track.
 */
export function checkFollowersPin(followers: readonly PinFollower[], sites: readonly VersionSite[]): void {
  for (const f of followers) {
    if (!sites.some((s) => s.file === f.file && s.role === 'pin')) {
      throw new LockstepConfigError(
        `${f.option}: ${f.file} pins no product by version, so it has nothing to follow. Remove it from \`pinFollowers\` (list it in \`excludeManifests\` if it carries a version of its own).`,
      );
    }
  }
}
