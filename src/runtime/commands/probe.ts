import { parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { logQuoted } from '../output';
import { realDeps } from '../release/real-deps';

const TARGETS = ['crates-io', 'npm', 'pypi', 'go', 'github-release'];

/** `lockstep probe <target> <package> <version>`: what the registry itself says about one version. */
export const probeCommand: Command = {
  summary: 'ask a registry whether a version is published (crates-io, npm, pypi, go, github-release)',
  usage: 'usage: lockstep probe <crates-io|npm|pypi|go|github-release> <package> <version>',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, {});
    const [target, name, version, ...rest] = args.positionals;
    if (version === undefined || rest.length > 0) throw new CliError('usage: lockstep probe <target> <package> <version> (for go and github-release, the version is the tag)', 2);
    if (!TARGETS.includes(target)) throw new CliError(`unknown target ${logQuoted(target)}; one of: ${TARGETS.join(', ')}`, 2);
    let state: string;
    try {
      state = await realDeps(ctx).registry.probe({ target, name, version });
    } catch (e) {
      // A registry error is neither "published" nor "missing" (P2): it fails the command.
      throw new CliError((e as Error).message, 1);
    }
    ctx.stdout(`${state}\n`);
    return 0;
  },
};
