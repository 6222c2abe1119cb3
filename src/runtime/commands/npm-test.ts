import { parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { testNpmTarball } from '../release/npm-test';
import { realDeps } from '../release/real-deps';
import { productOf, readReleaseRun } from '../release/run';

const USAGE = 'usage: lockstep npm-test --product P --dist DIR --tests PATH';

/** `lockstep npm-test`: the product's own `npm test` against its packed tarball, unpacked, before the approval. */
export const npmTestCommand: Command = {
  summary: 'unpack a built npm tarball, add the product\'s tests and run npm test against it',
  usage: USAGE,
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['product', 'dist', 'tests'] });
    const { dist, tests } = args.options;
    if (!dist || !tests) throw new CliError(`give --dist (the packed tarball) and --tests (the product's tests); ${USAGE}`, 2);
    const run = readReleaseRun(ctx);
    const product = productOf(run, args.options.product);
    const deps = realDeps(ctx);
    const problems = await testNpmTarball(product, { dist, tests }, deps);
    for (const p of problems) deps.log.error(`${product.name}: ${p}`);
    if (problems.length === 0) deps.log.info(`${product.name}: its tests pass against the packed tarball`);
    return problems.length > 0 ? 1 : 0;
  },
};
