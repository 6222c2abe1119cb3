import { Git } from './ports';
import { highestReleased } from './released';
import { ReleaseRun } from './run';
import { compareVersions, prereleaseOf } from '../../model';

/** What the tags say of a run's version when a step is about to move `latest` (P11). */
export type Standing =
  | { readonly newest: true }
  | { readonly newest: false; readonly why: string };

/**
 * P11: whether this run's version is still the highest stable version released in its track, by the tags as
 * they are when the step runs. The jobs that move `latest` (the image jobs, the umbrella release) check out with every
 * tag (fetch-depth 0) each time they run, a re-run too, so the checkout's tags are the remote's at that time;
 * the plan job's view is not used, because "Re-run failed jobs" of an old run reuses its run file, written
 * before any later release. The remote is not asked itself: those checkouts keep no credentials
 * (persist-credentials: false), so a private repository's remote could not be read.
 *
 * The step runs after tag-all, so the run's own umbrella tag is there; without it the checkout has no tags
 * (a release workflow checking out shallowly), nothing is known, and `latest` is left where it is.
 */
export async function standingNow(run: Pick<ReleaseRun, 'version' | 'umbrellaTag'>, git: Pick<Git, 'localTags'>): Promise<Standing> {
  if (!run.umbrellaTag.endsWith(run.version)) {
    throw new Error(`the release run's umbrella tag ${run.umbrellaTag} does not end with its version ${run.version}`);
  }
  const tags = await git.localTags();
  if (!tags.has(run.umbrellaTag)) {
    return { newest: false, why: `the checkout has no tag ${run.umbrellaTag}, which tag-all made: its tags are unknown (the job must check out with fetch-depth: 0), so latest is left where it is` };
  }
  const prefix = run.umbrellaTag.slice(0, run.umbrellaTag.length - run.version.length);
  // `latest` is only ever on a stable version: a prerelease above this one does not hold it, so does not count.
  const stable = new Map([...tags].filter(([name]) => name.startsWith(prefix) && prereleaseOf(name.slice(prefix.length)).length === 0));
  const highest = highestReleased({ umbrellaTagPrefix: prefix }, stable);
  if (highest === undefined || compareVersions(run.version, highest) >= 0) return { newest: true };
  return { newest: false, why: `a higher version is already released (${prefix}${highest})` };
}
