import { PRE_PUBLISH_HELD_BACK_OUTPUT } from '../../model';
import { parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { setStepOutputs } from '../output';
import { endpointsOf } from '../registry/endpoints';
import { checkTaggedCheckout } from '../release/checkout';
import { heldBackDetail, heldBackOutcomes, unpublishedDependencies } from '../release/depends-on';
import { writeOutcomes } from '../release/outcomes';
import { noteFilesBefore } from '../release/pypi-files';
import { realDeps } from '../release/real-deps';
import { productOf, publishJobOf, readReleaseRun } from '../release/run';

/**
 * `lockstep pre-publish --product P --target T`: before an action publishes, the T4 check and the P1
 * probe. It refuses a dry run (P7), so the upload after it never runs in one. A product whose `dependsOn`
 * names one another registry does not list yet is recorded as held back and the step output `held_back`
 * keeps the upload from running.
 */
export const prePublishCommand: Command = {
  summary: 'before an action publishes a product: check its tag points at the checkout and ask the registry',
  usage: 'usage: lockstep pre-publish --product P --target T',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['product', 'target'] });
    const run = readReleaseRun(ctx);
    // P7: this step stands right before an action uploads (PyPI); in a dry run it stops the job instead.
    if (run.dryRun) throw new CliError(`this is a dry run: nothing is published, so pre-publish refuses to clear ${args.options.product ?? 'a product'} for upload.`);
    const product = productOf(run, args.options.product);
    const deps = realDeps(ctx);
    await checkTaggedCheckout(run, [product], deps.git);
    const target = args.options.target ?? '';
    // Issue 17: held back until the products its dependsOn names are on their registries; a re-run publishes it.
    const unpublished = await unpublishedDependencies(run, product, target, deps.registry);
    if (unpublished.length > 0) {
      const outcomes = heldBackOutcomes(product, target, unpublished);
      writeOutcomes(deps.fs, publishJobOf(product, target), outcomes);
      deps.log.warning(`${product.name}: ${heldBackDetail(unpublished)}.`);
      setStepOutputs(ctx, { [PRE_PUBLISH_HELD_BACK_OUTPUT]: 'true' });
      return 0;
    }
    if (args.options.target === 'pypi') {
      // S6: the files already there, so record-outcome tells uploaded files from ones the index had.
      try {
        const files = await noteFilesBefore(product, deps.fs, endpointsOf(ctx.env));
        deps.log.info(files.length > 0 ? `the index already has ${files.join(', ')}; those are skipped.` : 'the index has no file of this version yet.');
      } catch (e) {
        deps.log.warning(`asking the index which files it has: ${(e as Error).message}; the upload decides.`);
      }
      return 0;
    }
    for (const pkg of product.packages.filter((k) => k.target === args.options.target && k.target !== 'custom')) {
      try {
        const state = await deps.registry.probe(pkg);
        if (state === 'published') deps.log.notice(`${pkg.name}@${pkg.version} is already on ${pkg.target}; files already there are skipped.`);
        else deps.log.info(`${pkg.name}@${pkg.version} is not on ${pkg.target} yet: publishing.`);
      } catch (e) {
        deps.log.warning(`${(e as Error).message}; the upload decides.`);
      }
    }
    return 0;
  },
};
