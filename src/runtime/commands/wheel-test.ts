import { parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { realDeps } from '../release/real-deps';
import { productOf, readReleaseRun } from '../release/run';
import { testWheel } from '../release/wheel-test';

const USAGE = 'usage: lockstep wheel-test --product P --dist DIR --tests PATH [--requirements "REQ ..."] [--platform X]';

/** `lockstep wheel-test`: the product's own tests with pytest against its built wheel, installed, before the approval. */
export const wheelTestCommand: Command = {
  summary: 'install a built wheel and run the product\'s own tests against it with pytest',
  usage: USAGE,
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['product', 'dist', 'tests', 'requirements', 'platform'] });
    const { dist, tests } = args.options;
    if (!dist || !tests) throw new CliError(`give --dist (the built wheels) and --tests (the product's tests); ${USAGE}`, 2);
    const run = readReleaseRun(ctx);
    const product = productOf(run, args.options.product);
    const deps = realDeps(ctx);
    const requirements = (args.options.requirements ?? '').split(/\s+/).filter((r) => r !== '');
    const problems = await testWheel(product, { dist, tests, requirements }, deps);
    const where = args.options.platform ? ` on ${args.options.platform}` : '';
    for (const p of problems) deps.log.error(`${product.name}${where}: ${p}`);
    if (problems.length === 0) deps.log.info(`${product.name}${where}: its tests pass against the installed wheel`);
    return problems.length > 0 ? 1 : 0;
  },
};
