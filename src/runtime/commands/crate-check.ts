import { parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { logQuoted } from '../output';
import { cargoRegistryArgs } from '../registry/crates';
import { endpointsOf } from '../registry/endpoints';
import { checkCrates } from '../release/crate-check';
import { realDeps } from '../release/real-deps';
import { readReleaseRun } from '../release/run';

/**
 * `lockstep crate-check [--max-bytes N]`: every crate still to publish packaged and verified together
 * (P8), and what each would upload (P4), before the approval.
 */
export const crateCheckCommand: Command = {
  summary: 'package and verify every crate still to publish together (cargo package), and check each one\'s contents and size',
  usage: 'usage: lockstep crate-check [--max-bytes N]',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['max-bytes'] });
    const max = Number(args.options['max-bytes'] ?? 10 * 1024 * 1024);
    if (!Number.isInteger(max) || max <= 0) throw new CliError(`--max-bytes: ${logQuoted(args.options['max-bytes'] ?? '')} is not a positive whole number`, 2);
    const deps = realDeps(ctx);
    // The registry the crates go to (LOCKSTEP_CRATES_INDEX_URL), as publish-crates reaches it.
    const checks = await checkCrates(readReleaseRun(ctx), deps, max, cargoRegistryArgs(endpointsOf(ctx.env).crates));
    for (const c of checks) {
      if (c.problems.length === 0) deps.log.info(`${c.crate}: ${c.files} files, ${c.bytes} bytes`);
      for (const p of c.problems) deps.log.error(`${c.crate}: ${p}`);
    }
    return checks.some((c) => c.problems.length > 0) ? 1 : 0;
  },
};
