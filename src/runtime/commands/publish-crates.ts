import { PUBLISH_JOB_OF, PublishTarget } from '../../model';
import { parseArgs } from '../args';
import { Command, RuntimeContext } from '../context';
import { checkTaggedCheckout } from '../release/checkout';
import { finishWithOutcomes, outside, secondsOption } from '../release/command-kit';
import { publishCrates } from '../release/crates';
import { realDeps } from '../release/real-deps';
import { runFromEnv } from '../release/run';

/** `lockstep publish-crates [--visibility-timeout S] [--dry-run]`: the crates of the release, in dependency order. */
export const publishCratesCommand: Command = {
  summary: 'publish the release\'s crates in dependency order, each visible in the index before its dependents',
  usage: 'usage: lockstep publish-crates [--visibility-timeout S] [--dry-run]',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['visibility-timeout'], flags: ['dry-run'] });
    const run = runFromEnv(ctx.env);
    const deps = realDeps(ctx);
    const crates = run.products.filter((p) => p.packages.some((k) => k.target === PublishTarget.CRATES_IO));
    const dryRun = args.flags.has('dry-run') || run.dryRun;
    if (!dryRun) await checkTaggedCheckout(run, crates, deps.git);
    const outcomes = await outside('publishing the crates', () => publishCrates(run, deps, {
      dryRun,
      wait: { timeoutMs: secondsOption(args.options['visibility-timeout'], 600, 'visibility-timeout'), pollMs: 5_000, setting: '--visibility-timeout (release.crateVisibilityTimeout)' },
    }));
    return finishWithOutcomes(deps.fs, deps.log, PUBLISH_JOB_OF[PublishTarget.CRATES_IO], outcomes);
  },
};
