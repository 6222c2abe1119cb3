import { parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { logQuoted } from '../output';
import { DEFAULT_MAX_NPM_BYTES, checkNpmPackages } from '../release/npm-check';
import { realDeps } from '../release/real-deps';
import { readReleaseRun } from '../release/run';

/**
 * `lockstep npm-check [--max-bytes N]`: every npm package still to publish, as `npm pack --dry-run` lists
 * it, checked for contents and size before the approval (P4, P13).
 */
export const npmCheckCommand: Command = {
  summary: 'check the contents and size of every npm package still to publish (npm pack --dry-run), napi-rs main and platform packages included',
  usage: 'usage: lockstep npm-check [--max-bytes N]',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['max-bytes'] });
    const max = maxBytesOption(args.options['max-bytes']);
    const deps = realDeps(ctx);
    const checks = await checkNpmPackages(readReleaseRun(ctx), deps, max);
    for (const c of checks) {
      if (c.problems.length === 0) deps.log.info(`${c.product} (${c.dir}): ${c.files} files, ${c.bytes} bytes unpacked`);
      for (const p of c.problems) deps.log.error(`${c.product} (${c.dir}): ${p}`);
    }
    if (checks.length === 0) deps.log.info('no npm package to check: none is left to publish, or only WASM packages (checked in their build job)');
    return checks.some((c) => c.problems.length > 0) ? 1 : 0;
  },
};

/** `--max-bytes`: a positive whole number of bytes, by default DEFAULT_MAX_NPM_BYTES. */
export function maxBytesOption(value: string | undefined): number {
  const max = Number(value ?? DEFAULT_MAX_NPM_BYTES);
  if (!Number.isInteger(max) || max <= 0) throw new CliError(`--max-bytes: ${logQuoted(value ?? '')} is not a positive whole number`, 2);
  return max;
}
