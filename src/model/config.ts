import { excludeFilter, MANIFEST_NAMES } from './coverage';
import { discoverProducts } from './discover';
import { LockstepConfigError } from './errors';
import { LOCKFILE_TOOLS } from './lockfiles';
import { ManifestCache } from './manifest-cache';
import { PlanOptions } from './options';
import { PlanConfig } from './plan';
import { DEFAULT_PLAN_FILE } from './plan-file';
import { Product } from './product';
import { RepoReader, isInsideRepo, normalizeRepoPath } from './repo';
import { TrackConfig } from './track';
import { TRACK_RELEASE_OPTIONS, trackReleaseOf } from './track-release';

/** Turns the options into the model's configuration, validating the options that need no manifest. */
export function planConfigOf(options: PlanOptions, repo: RepoReader, generatorVersion: string): PlanConfig {
  if (options.products !== undefined && options.tracks !== undefined) {
    throw new LockstepConfigError('products and tracks: give either `products` (one track) or `tracks` (several), not both. Move the products into a track.');
  }
  if (options.tracks !== undefined) {
    for (const name of ['umbrellaTagPrefix', ...TRACK_RELEASE_OPTIONS] as const) {
      if (options[name] !== undefined) throw new LockstepConfigError(`${name}: with \`tracks\`, set \`${name}\` on each track instead.`);
    }
  }
  const planFile = normalizeRepoPath(options.planFile ?? DEFAULT_PLAN_FILE);
  if (!isInsideRepo(planFile) || planFile === '.') {
    throw new LockstepConfigError(`planFile: '${options.planFile}' must be a file path inside the repository, such as '${DEFAULT_PLAN_FILE}'.`);
  }
  const releaseBranch = options.releaseBranch ?? 'main';
  if (!/^[A-Za-z0-9._/-]+$/.test(releaseBranch) || releaseBranch.includes('..')) {
    throw new LockstepConfigError(`releaseBranch: '${releaseBranch}' is not a usable branch name.`);
  }
  const excludeManifests = options.excludeManifests ?? [];
  return {
    tracks: tracksOf(options, releaseBranch, () => {
      const cache = new ManifestCache(repo);
      const candidates = repo.findFiles([...MANIFEST_NAMES, ...Object.keys(LOCKFILE_TOOLS)]);
      return discoverProducts(cache, excludeFilter(excludeManifests, candidates));
    }),
    excludeManifests,
    pinFollowers: options.pinFollowers ?? [],
    releaseBranch,
    planFile,
    generatorVersion,
  };
}

function tracksOf(options: PlanOptions, releaseBranch: string, discover: () => Product[]): TrackConfig[] {
  if (options.tracks === undefined) {
    const declared = options.products !== undefined;
    return [{
      name: 'default',
      umbrellaTagPrefix: options.umbrellaTagPrefix ?? 'v',
      products: options.products ?? discover(),
      option: declared ? 'products' : 'products (discovered; declare them to set names)',
      umbrellaOption: 'umbrellaTagPrefix',
      release: trackReleaseOf(options, { releaseBranch, rootChangelog: true }, ''),
    }];
  }
  return options.tracks.map((t, i) => {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(t.name ?? '')) {
      throw new LockstepConfigError(`tracks[${i}].name: '${t.name}' must be lowercase letters, digits and '-' (it names jobs and tags).`);
    }
    return {
      name: t.name,
      umbrellaTagPrefix: t.umbrellaTagPrefix ?? (i === 0 ? 'v' : `${t.name}-v`),
      products: t.products,
      option: `tracks[${i}].products`,
      umbrellaOption: `tracks[${i}].umbrellaTagPrefix`,
      release: trackReleaseOf(t, { releaseBranch, rootChangelog: options.tracks!.length === 1 }, `tracks[${i}].`),
    };
  });
}
