import { parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { Endpoints, endpointsOf } from '../registry/endpoints';
import { pypiFiles } from '../registry/pypi';
import { finishWithOutcomes } from '../release/command-kit';
import { outcomeFile, readOutcomeFile } from '../release/outcomes';
import { Fs } from '../release/ports';
import { UploadFacts, beforeFile, distributions, pypiFileOutcomes, uploadFile } from '../release/pypi-files';
import { realDeps } from '../release/real-deps';
import { outcomeOfStep } from '../release/record';
import { RunProduct, productOf, readReleaseRun } from '../release/run';

/**
 * `lockstep record-outcome --job J --product P --target T --result R [--dist DIR]`: the outcome of a
 * publish step. With `--dist` (PyPI), one outcome per built file: the answer of its own upload
 * (publish-pypi), else from the index before and after the upload step (S6).
 */
export const recordOutcomeCommand: Command = {
  summary: 'record the outcome of a publish step (PyPI upload, a product\'s own command) for the summary',
  usage: 'usage: lockstep record-outcome --job J --product P --target T --result R [--dist DIR]',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['job', 'product', 'target', 'result', 'dist'] });
    const run = readReleaseRun(ctx);
    const product = productOf(run, args.options.product);
    if (!args.options.job || !args.options.target) throw new CliError('--job and --target are required', 2);
    const deps = realDeps(ctx);
    const result = args.options.result ?? '';
    // Issue 17: pre-publish held the product back, or image-probe found the image already there, so the publish
    // step was skipped: that outcome stands.
    const heldBack = readOutcomeFile(deps.fs, outcomeFile(args.options.job))
      .filter((o) => o.product === product.name && o.target === args.options.target && (o.outcome === 'held-back' || o.outcome === 'skipped:already-published'));
    if (result === 'skipped' && heldBack.length > 0) return finishWithOutcomes(deps.fs, deps.log, args.options.job, heldBack);
    const outcomes = args.options.dist !== undefined && args.options.target === 'pypi'
      ? pypiFileOutcomes(product, await uploadFacts(product, result, args.options.dist, deps.fs, endpointsOf(ctx.env)))
      : outcomeOfStep(product, args.options.target, result);
    return finishWithOutcomes(deps.fs, deps.log, args.options.job, outcomes);
  },
};

/** The facts of one PyPI upload: the built files, what pre-publish found on the index, what it lists now. */
async function uploadFacts(product: RunProduct, stepResult: string, dist: string, fs: Fs, endpoints: Endpoints): Promise<UploadFacts> {
  const noted = fs.read(beforeFile(product.name));
  const before = noted === undefined ? undefined : (JSON.parse(noted) as string[]);
  const uploaded = readOutcomeFile(fs, uploadFile(product.name));
  const pkgs = product.packages.filter((k) => k.target === 'pypi');
  try {
    const after = (await Promise.all(pkgs.map((k) => pypiFiles(endpoints, k.name, k.version)))).flat();
    return { stepResult, dist: distributions(fs, dist), before, after, uploaded };
  } catch (e) {
    return { stepResult, dist: distributions(fs, dist), before, afterError: (e as Error).message, uploaded };
  }
}
