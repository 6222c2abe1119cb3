import { RELEASE_JOBS } from '../../model';
import { parseArgs } from '../args';
import { Command, RuntimeContext } from '../context';
import { endpointsOf } from '../registry/endpoints';
import { finishWithOutcomes, outside } from '../release/command-kit';
import { realDeps } from '../release/real-deps';
import { runFromEnv } from '../release/run';
import { tagAll } from '../release/tag';

/** `lockstep tag [--dry-run]`: tag-all. Reads the release from LOCKSTEP_RELEASE. */
export const tagCommand: Command = {
  summary: 'create and push an annotated tag per product and the umbrella at the release commit; never move one',
  usage: 'usage: lockstep tag [--dry-run]',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { flags: ['dry-run'] });
    const run = runFromEnv(ctx.env);
    const deps = realDeps(ctx);
    const dryRun = args.flags.has('dry-run') || run.dryRun;
    const outcomes = await outside('tagging the release', () => tagAll(run, deps, { remote: endpointsOf(ctx.env).gitRemote, dryRun }));
    return finishWithOutcomes(deps.fs, deps.log, RELEASE_JOBS.tag, outcomes);
  },
};
