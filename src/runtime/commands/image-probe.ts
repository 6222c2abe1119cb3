import { imagePublishJobOf } from '../../model';
import { parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { setStepOutputs } from '../output';
import { endpointsOf } from '../registry/endpoints';
import { finishWithOutcomes, outside } from '../release/command-kit';
import { imageProbeOutputs, planImage } from '../release/image';
import { realDeps } from '../release/real-deps';
import { productOf, readReleaseRun } from '../release/run';

/**
 * `lockstep image-probe --product P`: in an image's publish job, after pre-publish, asks the container registry
 * whether the version's tag is there (P1). There: the outcome "already there" with the digest, and `push=false`,
 * so the job builds nothing. Missing: `push=true` and the tags to push, the version's and `latest` for the
 * highest stable release by the checkout's tags now (P11: a re-run of an older run does not move it back). An answer that is neither fails the step: nothing is pushed over an image the
 * registry may hold (P2).
 */
export const imageProbeCommand: Command = {
  summary: 'ask the container registry for an image\'s version and say which tags to push (issue 17)',
  usage: 'usage: lockstep image-probe --product P',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['product'] });
    const run = readReleaseRun(ctx);
    if (run.dryRun) throw new CliError(`this is a dry run: nothing is pushed, so image-probe refuses to clear ${args.options.product ?? 'an image'} for pushing.`);
    const product = productOf(run, args.options.product);
    const deps = realDeps(ctx);
    const plan = await outside(`asking the container registry for ${product.name}`, () => planImage(run, product, endpointsOf(ctx.env), deps.git));
    setStepOutputs(ctx, imageProbeOutputs(plan));
    if (plan.outcome !== undefined) return finishWithOutcomes(deps.fs, deps.log, imagePublishJobOf(product.name), [plan.outcome]);
    if (plan.notLatest !== undefined) deps.log.notice(`${product.name}: ${plan.image}:latest is not pushed: ${plan.notLatest}.`);
    deps.log.info(`${product.name}: not in the registry yet; pushing ${plan.tags.join(', ')}.`);
    return 0;
  },
};
