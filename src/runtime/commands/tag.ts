import { RELEASE_JOBS } from '../../model';
import { parseArgs } from '../args';
import { Command, RuntimeContext } from '../context';
import { endpointsOf } from '../registry/endpoints';
import { countOption, finishWithOutcomes, outside } from '../release/command-kit';
import { realDeps } from '../release/real-deps';
import { readReleaseRun } from '../release/run';
import { tagAll } from '../release/tag';

/**
 * `lockstep tag [--tags-per-push N] [--dry-run]`: tag-all. Reads the release from the file LOCKSTEP_RELEASE_FILE names. With
 * `--tags-per-push 3` each tag gets its push event (T9: pushed with a token whose events start workflows).
 */
export const tagCommand: Command = {
  summary: 'create and push an annotated tag per product and the umbrella at the release commit; never move one',
  usage: 'usage: lockstep tag [--tags-per-push N] [--dry-run]',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['tags-per-push'], flags: ['dry-run'] });
    const perPush = args.options['tags-per-push'];
    const tagsPerPush = perPush === undefined ? undefined : countOption(perPush, 'tags-per-push');
    const run = readReleaseRun(ctx);
    const deps = realDeps(ctx);
    const dryRun = args.flags.has('dry-run') || run.dryRun;
    const outcomes = await outside('tagging the release', () => tagAll(run, deps, { remote: endpointsOf(ctx.env).gitRemote, dryRun, tagsPerPush }));
    return finishWithOutcomes(deps.fs, deps.log, RELEASE_JOBS.tag, outcomes);
  },
};
