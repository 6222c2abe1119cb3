import { parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { maxBytesOption } from './npm-check';
import { packNpm } from '../release/pack';
import { realDeps } from '../release/real-deps';
import { productOf, readReleaseRun } from '../release/run';

/** `lockstep pack-npm --product P --out DIR [--max-bytes N]`: the product's npm tarball, checked (P4). */
export const packNpmCommand: Command = {
  summary: 'pack an npm or WASM product into a tarball and check its name, version, contents and size',
  usage: 'usage: lockstep pack-npm --product P --out DIR [--max-bytes N]',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['product', 'out', 'max-bytes'] });
    const max = maxBytesOption(args.options['max-bytes']);
    if (!args.options.out) throw new CliError('--out DIR is required', 2);
    const run = readReleaseRun(ctx);
    const deps = realDeps(ctx);
    const packed = await packNpm(run, productOf(run, args.options.product), deps, args.options.out, max);
    for (const p of packed.problems) deps.log.error(`${args.options.product}: ${p}`);
    if (packed.file) deps.log.info(`packed ${packed.file}`);
    return packed.problems.length > 0 ? 1 : 0;
  },
};
