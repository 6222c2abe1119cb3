import { PUBLISH_JOB_OF, PublishTarget } from '../../model';
import { parseArgs } from '../args';
import { Command, RuntimeContext } from '../context';
import { endpointsOf } from '../registry/endpoints';
import { checkTaggedCheckout } from '../release/checkout';
import { finishWithOutcomes, outside } from '../release/command-kit';
import { goProxyWarm } from '../release/go';
import { realDeps } from '../release/real-deps';
import { runFromEnv } from '../release/run';

/** `lockstep go-proxy-warm [--dry-run]`: verify each Go module's tag, then have the module proxy fetch it. */
export const goProxyWarmCommand: Command = {
  summary: 'verify each Go module\'s tag, then warm the Go module proxy with the release',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { flags: ['dry-run'] });
    const run = runFromEnv(ctx.env);
    const deps = realDeps(ctx);
    const dryRun = args.flags.has('dry-run') || run.dryRun;
    if (!dryRun) await checkTaggedCheckout(run, run.products.filter((p) => p.packages.some((k) => k.target === PublishTarget.GO)), deps.git);
    const outcomes = await outside('warming the Go module proxy', () => goProxyWarm(run, deps, { proxy: endpointsOf(ctx.env).goProxy, dryRun, attempts: 6, pollMs: 10_000 }));
    return finishWithOutcomes(deps.fs, deps.log, PUBLISH_JOB_OF[PublishTarget.GO], outcomes);
  },
};
