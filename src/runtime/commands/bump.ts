import { trackOf } from '../../model/plan-file';
import { TrackPlan } from '../../model/plan-types';
import { nextReleaseVersion, ReleaseBump } from '../../model/release-pr';
import { FsRepoReader } from '../../model/repo';
import { parseArgs } from '../args';
import { currentVersion } from '../bump/current-version';
import { spawnRunner } from '../bump/lockfile-tools';
import { diffOf, summaryOf } from '../bump/report';
import { runBump } from '../bump/run-bump';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { jsonText, logQuoted } from '../output/log';
import { loadPlan } from '../plan-loader';

const USAGE = 'usage: lockstep bump <version|major|minor|patch> [--dry-run] [--allow-same] [--allow-downgrade] [--track NAME] [--json] [--plan FILE]';

/**
 * `lockstep bump <version>`: rewrites every version field and internal pin of a track and refreshes its
 * lockfiles, all or nothing. `--dry-run` prints the diff and writes nothing; `--json` prints the result,
 * whose `changedFiles` is exactly what the release commit adds (B7).
 */
export const bumpCommand: Command = {
  summary: 'set every manifest, pin and lockfile of a track to one version (--dry-run shows the diff)',
  usage: USAGE,
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['track', 'plan'], flags: ['dry-run', 'allow-same', 'allow-downgrade', 'json'] });
    if (args.positionals.length !== 1) throw new CliError(`expected one version, got ${args.positionals.length}\n${USAGE}`, 2);
    const plan = loadPlan(ctx.cwd, args.options.plan);
    if (args.options.track === undefined && plan.tracks.length > 1) {
      throw new CliError(`the plan has ${plan.tracks.length} tracks (${plan.tracks.map((t) => t.name).join(', ')}); pass --track NAME.`, 2);
    }
    let track;
    try {
      track = trackOf(plan, args.options.track);
    } catch (e) {
      throw new CliError((e as Error).message, 2);
    }
    const request = {
      version: resolveVersion(args.positionals[0], track, ctx.cwd),
      dryRun: args.flags.has('dry-run'),
      allowSame: args.flags.has('allow-same'),
      allowDowngrade: args.flags.has('allow-downgrade'),
    };
    const { result, edits } = await runBump(track, request, { root: ctx.cwd, repo: new FsRepoReader(ctx.cwd), runTool: spawnRunner });
    if (args.flags.has('json')) ctx.stdout(`${jsonText(result)}\n`);
    else ctx.stdout(`${summaryOf(result, edits)}\n${request.dryRun && result.changedFiles.length > 0 ? `\n${diffOf(edits)}\n` : ''}`);
    return 0;
  },
};

const BUMP_KINDS: readonly string[] = [ReleaseBump.MAJOR, ReleaseBump.MINOR, ReleaseBump.PATCH];

/** `major`, `minor` or `patch` (as `npm version` takes them) become the next version after the current one. */
function resolveVersion(arg: string, track: TrackPlan, root: string): string {
  if (!BUMP_KINDS.includes(arg)) return arg;
  const current = currentVersion(track, new FsRepoReader(root));
  if (!('value' in current) || !current.valid) {
    const where = 'value' in current ? `${current.file}: ${logQuoted(current.value)} is not a release version` : `${current.file}: ${current.reason}`;
    throw new CliError(`cannot compute the ${arg} bump: ${where}. Give the version explicitly.`, 2);
  }
  return nextReleaseVersion(current.value, arg as ReleaseBump);
}
