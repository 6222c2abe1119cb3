import { TrackPlan, compareVersions, isReleaseVersion } from '../../model';
import { CliError } from '../cli-error';
import { TagRef } from './ports';

/** Versions only move forward (T7): a version below the highest released one is refused. */
export function refuseBackwards(track: TrackPlan, version: string, tags: Map<string, TagRef>): void {
  const highest = highestReleased(track, tags);
  if (highest !== undefined && compareVersions(version, highest) < 0) {
    throw new CliError(
      `track ${track.name}: ${version} is lower than ${highest}, the highest released version (${track.umbrellaTagPrefix}${highest}); versions only move forward. ` +
        'Bump to a higher version, or dispatch an existing release to re-run it.',
    );
  }
}

/** The highest version with an umbrella tag in the track. */
export function highestReleased(track: Pick<TrackPlan, 'umbrellaTagPrefix'>, tags: Map<string, TagRef>): string | undefined {
  const versions = [...tags.keys()]
    .filter((t) => t.startsWith(track.umbrellaTagPrefix))
    .map((t) => t.slice(track.umbrellaTagPrefix.length))
    .filter(isReleaseVersion);
  return versions.sort(compareVersions).pop();
}

