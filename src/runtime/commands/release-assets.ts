import { ownValue } from '../../model';
import { parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { gatherAssets } from '../release/assets';
import { realDeps } from '../release/real-deps';
import { readReleaseRun } from '../release/run';

/** `lockstep release-assets --artifacts DIR --out DIR`: each product's release assets, from the build artifacts. */
export const releaseAssetsCommand: Command = {
  summary: 'gather each product\'s GitHub Release assets from the downloaded build artifacts',
  usage: 'usage: lockstep release-assets --artifacts DIR --out DIR',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['artifacts', 'out'] });
    if (!args.options.artifacts || !args.options.out) throw new CliError('--artifacts and --out are required', 2);
    const run = readReleaseRun(ctx);
    const deps = realDeps(ctx);
    const gathered = gatherAssets(run, deps.fs, args.options.artifacts, args.options.out);
    for (const p of run.products.filter((x) => x.githubRelease)) {
      deps.log.info(`${p.name}: ${(ownValue(gathered, p.name) ?? []).join(', ') || 'no assets'}`);
    }
    return 0;
  },
};
