import { parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { finishWithOutcomes } from '../release/command-kit';
import { realDeps } from '../release/real-deps';
import { outcomeOfStep } from '../release/record';
import { productOf, runFromEnv } from '../release/run';

/** `lockstep record-outcome --job J --product P --target T --result R`: the outcome of a publish an action did. */
export const recordOutcomeCommand: Command = {
  summary: 'record the outcome of a publish step (PyPI upload, a product\'s own command) for the summary',
  usage: 'usage: lockstep record-outcome --job J --product P --target T --result R',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['job', 'product', 'target', 'result'] });
    const run = runFromEnv(ctx.env);
    const product = productOf(run, args.options.product);
    if (!args.options.job || !args.options.target) throw new CliError('--job and --target are required', 2);
    const deps = realDeps(ctx);
    const outcomes = outcomeOfStep(product, args.options.target, args.options.result ?? '');
    return finishWithOutcomes(deps.fs, deps.log, args.options.job, outcomes);
  },
};
