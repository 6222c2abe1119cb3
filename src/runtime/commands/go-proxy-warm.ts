import { PUBLISH_JOB_OF, PublishTarget } from '../../model';
import { parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { logQuoted } from '../output';
import { endpointsOf } from '../registry/endpoints';
import { checkTaggedCheckout } from '../release/checkout';
import { finishWithOutcomes, outside } from '../release/command-kit';
import { goProxyWarm } from '../release/go';
import { realDeps } from '../release/real-deps';
import { readReleaseRun } from '../release/run';

/** Default budget for the proxy to serve a new tag: 6 tries, 10 s apart. */
const DEFAULT_TRIES = 6;
const DEFAULT_INTERVAL_SECONDS = 10;

/**
 * `lockstep go-proxy-warm [--dry-run] [--tries N] [--interval-seconds S]`: verify each Go module's tag,
 * then have the module proxy fetch it.
 */
export const goProxyWarmCommand: Command = {
  summary: 'verify each Go module\'s tag, then warm the Go module proxy with the release',
  usage: 'usage: lockstep go-proxy-warm [--dry-run] [--tries N] [--interval-seconds S]',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { flags: ['dry-run'], options: ['tries', 'interval-seconds'] });
    const attempts = positiveInt(args.options.tries, DEFAULT_TRIES, '--tries');
    const pollMs = positiveInt(args.options['interval-seconds'], DEFAULT_INTERVAL_SECONDS, '--interval-seconds') * 1000;
    const run = readReleaseRun(ctx);
    const deps = realDeps(ctx);
    const dryRun = args.flags.has('dry-run') || run.dryRun;
    if (!dryRun) await checkTaggedCheckout(run, run.products.filter((p) => p.packages.some((k) => k.target === PublishTarget.GO)), deps.git);
    const outcomes = await outside('warming the Go module proxy', () => goProxyWarm(run, deps, { proxy: endpointsOf(ctx.env).goProxy, dryRun, attempts, pollMs }));
    return finishWithOutcomes(deps.fs, deps.log, PUBLISH_JOB_OF[PublishTarget.GO], outcomes);
  },
};

function positiveInt(value: string | undefined, fallback: number, option: string): number {
  if (value === undefined) return fallback;
  if (!/^[1-9][0-9]*$/.test(value)) throw new CliError(`${option} takes a whole number above 0, got ${logQuoted(value)}`, 2);
  return Number(value);
}
