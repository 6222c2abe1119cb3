import { parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { endpointsOf } from '../registry/endpoints';
import { outside, secondsOption } from '../release/command-kit';
import { anyFailed } from '../release/outcomes';
import { beforeFile, uploadFile } from '../release/pypi-files';
import { mintPypiToken, uploadDistributions } from '../release/pypi-upload';
import { realDeps } from '../release/real-deps';
import { productOf, readReleaseRun } from '../release/run';

/**
 * `lockstep publish-pypi --product P --dist DIR [--rate-limit-wait S]`: uploads the product's wheels and
 * sdist with twine to the index `LOCKSTEP_PYPI_REPOSITORY_URL` names (PyPI by default), skipping the files pre-publish found on the index (P5). A 429 is
 * waited out within `--rate-limit-wait` seconds (P10), then the package fails as rate-limited. The token
 * is `TWINE_PASSWORD` (a secret, for another index; user `TWINE_USERNAME`, by default `__token__`), else
 * one minted by PyPI trusted publishing. Each file's outcome goes to record-outcome (S6).
 */
export const publishPypiCommand: Command = {
  summary: 'upload a product\'s wheels and sdist with twine (files already there are skipped; a 429 is waited out, bounded)',
  usage: 'usage: lockstep publish-pypi --product P --dist DIR [--rate-limit-wait S]',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['product', 'dist', 'rate-limit-wait'] });
    const run = readReleaseRun(ctx);
    // P7: like pre-publish, a dry run uploads nothing, whatever the workflow's conditions say.
    if (run.dryRun) throw new CliError(`this is a dry run: nothing is published, so publish-pypi refuses to upload ${args.options.product ?? 'a product'}.`);
    const product = productOf(run, args.options.product);
    const dist = args.options.dist;
    if (!dist) throw new CliError('--dist is required: the directory holding the product\'s wheels and sdist', 2);
    const rateLimit = { maxWaitMs: secondsOption(args.options['rate-limit-wait'], 600, 'rate-limit-wait'), defaultWaitMs: 60_000, setting: '--rate-limit-wait' };
    const repositoryUrl = endpointsOf(ctx.env).pypiUpload;
    const deps = realDeps(ctx);
    const token = ctx.env.TWINE_PASSWORD || await outside('PyPI trusted publishing', () => mintPypiToken(ctx.env, repositoryUrl));
    const noted = deps.fs.read(beforeFile(product.name));
    const before = noted === undefined ? undefined : (JSON.parse(noted) as string[]);
    const outcomes = await uploadDistributions(product, dist, before, deps, { repositoryUrl, username: ctx.env.TWINE_USERNAME || '__token__', token, rateLimit });
    for (const o of outcomes) {
      if (o.outcome === 'failed') deps.log.error(`${o.subject}: ${o.detail}`);
      else deps.log.info(`${o.subject}: ${o.outcome} (${o.detail})`);
    }
    deps.fs.write(uploadFile(product.name), `${JSON.stringify(outcomes, undefined, 2)}\n`);
    return anyFailed(outcomes) ? 1 : 0;
  },
};
