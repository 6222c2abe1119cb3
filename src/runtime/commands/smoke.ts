import { parseArgs } from '../args';
import { Command, RuntimeContext } from '../context';
import { realDeps } from '../release/real-deps';
import { productOf, readReleaseRun } from '../release/run';
import { smokeTest } from '../release/smoke';

/** `lockstep smoke --product P [--platform X]`: install or load what the build job made, before uploading it. */
export const smokeCommand: Command = {
  summary: 'install a built wheel and import it, or load a napi-rs package with its binary',
  usage: 'usage: lockstep smoke --product P [--platform X]',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['product', 'platform'] });
    const run = readReleaseRun(ctx);
    const deps = realDeps(ctx);
    const problems = await smokeTest(productOf(run, args.options.product), deps);
    for (const p of problems) deps.log.error(`${args.options.product}${args.options.platform ? ` on ${args.options.platform}` : ''}: ${p}`);
    if (problems.length === 0) deps.log.info(`${args.options.product}: installed and loaded`);
    return problems.length > 0 ? 1 : 0;
  },
};
