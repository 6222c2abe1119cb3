import { FsRepoReader, ReleasePlan, TrackPlan, readSiteValue, trackOf, versionSourceOf } from '../model';
import { CliError } from './cli-error';

/** A product's release at the track's current version. */
export interface ProductRelease {
  readonly name: string;
  readonly kind: string;
  readonly tag: string;
  readonly registries: string[];
  readonly packages: Array<{ registry: string; name: string }>;
  readonly publish: boolean;
}

/** The track's current version, read from its version source, and the tags it implies. */
export interface TrackRelease {
  readonly track: string;
  readonly version: string;
  readonly umbrellaTag: string;
  readonly products: ProductRelease[];
  readonly publishWaves: string[][];
}

/** Reads the current version of a track from the repository and derives its tags. */
export function trackRelease(plan: ReleasePlan, repoRoot: string, trackName?: string): TrackRelease {
  let track: TrackPlan;
  try {
    track = trackOf(plan, trackName);
  } catch (e) {
    throw new CliError((e as Error).message, 2);
  }
  const source = versionSourceOf(track);
  if (source === undefined) throw new CliError(`track '${track.name}' has no product that carries a version, so it has no version to release.`);
  const version = readSiteValue(source, new FsRepoReader(repoRoot));
  return {
    track: track.name,
    version,
    umbrellaTag: `${track.umbrellaTagPrefix}${version}`,
    products: track.products.map((p) => ({
      name: p.name,
      kind: p.kind,
      tag: `${p.tagPrefix}${version}`,
      registries: p.registries,
      packages: p.packages,
      publish: p.publish,
    })),
    publishWaves: track.publishWaves,
  };
}
