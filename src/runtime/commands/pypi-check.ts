import { parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { logQuoted } from '../output';
import { checkDistributions } from '../release/pypi-check';
import { realDeps } from '../release/real-deps';

const USAGE = 'usage: lockstep pypi-check --product P --dist DIR [--sdist true|false]';

/**
 * `lockstep pypi-check --product P --dist DIR [--sdist true|false]`: `twine check` on every wheel and
 * sdist a build leg made, and an sdist where the leg builds one, before the approval.
 */
export const pypiCheckCommand: Command = {
  summary: 'run twine check on every built Python distribution (and require the sdist where it is built)',
  usage: USAGE,
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['product', 'dist', 'sdist'] });
    const { product, dist } = args.options;
    if (!product || !dist) throw new CliError(`--product and --dist are required\n${USAGE}`, 2);
    const sdist = args.options.sdist ?? 'false';
    if (sdist !== 'true' && sdist !== 'false') throw new CliError(`--sdist: ${logQuoted(sdist)} is not true or false`, 2);
    const deps = realDeps(ctx);
    const { checks, problems } = await checkDistributions(dist, sdist === 'true', deps);
    for (const p of problems) deps.log.error(`${product}: ${p}`);
    for (const c of checks) {
      if (c.problems.length === 0) deps.log.info(`${product}: ${c.file}: twine check passed`);
      for (const p of c.problems) deps.log.error(`${product}: ${c.file}: ${p}`);
    }
    return problems.length > 0 || checks.some((c) => c.problems.length > 0) ? 1 : 0;
  },
};
