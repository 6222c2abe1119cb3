import { FsRepoReader } from '../../model';
import { parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { findDrift } from '../drift/drift';
import { loadPlan } from '../plan-loader';

/**
 * `lockstep drift [--plan FILE]`: fails when the committed plan and generated files are out of step with
 * `.projenrc.ts` or the manifests, naming what differs and the command that fixes it. It needs only Node
 * and this CLI, so it runs in CI where the consumer's own projen toolchain is not installed.
 */
export const driftCommand: Command = {
  summary: 'check that the committed plan and workflows are in step with .projenrc.ts and the manifests (for CI)',
  usage: 'usage: lockstep drift [--plan FILE]',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['plan'], flags: [] });
    if (args.positionals.length > 0) throw new CliError(`unexpected argument '${args.positionals[0]}'; usage: lockstep drift [--plan FILE]`, 2);
    const plan = loadPlan(ctx.cwd, args.options.plan);
    const drift = findDrift(plan, new FsRepoReader(ctx.cwd));
    if (drift.problems.length === 0) {
      ctx.stdout(`${plan.planFile} and the generated workflows are in step with .projenrc.ts and the manifests\n`);
      return 0;
    }
    ctx.stderr(
      `the generated files are out of date:\n${drift.problems.map((p) => `  ${p}`).join('\n')}\n` +
        'Run `npx projen` and commit the regenerated files.\n',
    );
    return 1;
  },
};
