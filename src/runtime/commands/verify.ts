import { trackOf } from '../../model/plan-file';
import { FsRepoReader } from '../../model/repo';
import { parseArgs } from '../args';
import { formatProblem } from '../bump/text-edits';
import { verifyTrack } from '../bump/verify-track';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { jsonText, logQuoted } from '../output';
import { loadPlan } from '../plan-loader';

/**
 * `lockstep verify [--track NAME] [--json]`: fails unless every manifest field, internal pin and lockfile
 * entry of each track carries the track's one version. For CI on every pull request.
 */
export const verifyCommand: Command = {
  summary: 'check that every manifest, pin and lockfile carries its track\'s one version (for CI)',
  usage: 'usage: lockstep verify [--track NAME] [--json] [--plan FILE]',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['track', 'plan'], flags: ['json'] });
    if (args.positionals.length > 0) throw new CliError(`unexpected argument ${logQuoted(args.positionals[0])}; usage: lockstep verify [--track NAME] [--json] [--plan FILE]`, 2);
    const plan = loadPlan(ctx.cwd, args.options.plan);
    let tracks;
    try {
      tracks = args.options.track === undefined ? plan.tracks : [trackOf(plan, args.options.track)];
    } catch (e) {
      throw new CliError((e as Error).message, 2);
    }
    const repo = new FsRepoReader(ctx.cwd);
    const results = tracks.map((t) => verifyTrack(t, repo));
    const failed = results.some((r) => r.problems.length > 0);
    if (args.flags.has('json')) {
      ctx.stdout(`${jsonText({ ok: !failed, tracks: results })}\n`);
    } else {
      for (const r of results) {
        if (r.problems.length === 0) ctx.stdout(`track ${r.track}: ${r.sites} version sites and ${r.lockfiles} lockfile(s) carry ${r.version}\n`);
        else ctx.stderr(`track ${r.track}: ${r.problems.length} problem(s):\n${r.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`);
      }
    }
    return failed ? 1 : 0;
  },
};
