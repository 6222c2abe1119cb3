import { COLLECTED_OUTCOMES_DIR } from '../../model';
import { parseArgs } from '../args';
import { Command, RuntimeContext } from '../context';
import { appendStepSummary } from '../output';
import { readOutcomeDir } from '../release/outcomes';
import { realDeps } from '../release/real-deps';
import { ReleaseRun, releaseRunIfAny } from '../release/run';
import { needsFromEnv, summarize } from '../release/summary';

/** `lockstep summary --outcomes DIR`: the outcome table of the run; exits 1 when anything failed (P6) or is held back. */
export const summaryCommand: Command = {
  summary: 'write the table of real release outcomes to the job summary; fail when anything failed or is held back',
  usage: 'usage: lockstep summary --outcomes DIR',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['outcomes'] });
    const deps = realDeps(ctx);
    // No decision means the plan job failed before writing it: the summary still reports, and fails.
    const run: ReleaseRun | undefined = releaseRunIfAny(ctx);
    const needs = needsFromEnv(ctx.env);
    const summary = summarize(run, readOutcomeDir(deps.fs, args.options.outcomes ?? COLLECTED_OUTCOMES_DIR), needs);
    ctx.stdout(summary.markdown.text);
    appendStepSummary(ctx, summary.markdown);
    // A held-back product is not published either: the run is not green until a re-run publishes it.
    return summary.failed || summary.heldBack ? 1 : 0;
  },
};
