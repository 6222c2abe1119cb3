import { parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { packFfi } from '../release/pack';
import { realDeps } from '../release/real-deps';
import { productOf, readReleaseRun } from '../release/run';

/** `lockstep pack-ffi --product P --platform X --target T --out DIR`: a C FFI tarball for one platform. */
export const packFfiCommand: Command = {
  summary: 'pack a C FFI library (shared and static library, header) for one platform and check it was built',
  usage: 'usage: lockstep pack-ffi --product P --platform X --target T --out DIR',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['product', 'platform', 'target', 'out'] });
    const { platform, target, out } = args.options;
    if (!platform || !target || !out) throw new CliError('--platform, --target and --out are required', 2);
    const run = readReleaseRun(ctx);
    const deps = realDeps(ctx);
    const packed = await packFfi(run, productOf(run, args.options.product), { platform, target, out }, deps);
    for (const p of packed.problems) deps.log.error(`${args.options.product}: ${p}`);
    if (packed.file) deps.log.info(`packed ${packed.file}`);
    return packed.problems.length > 0 ? 1 : 0;
  },
};
