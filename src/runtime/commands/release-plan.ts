import { parseArgs } from '../args';
import { Command, RuntimeContext } from '../context';
import { commitShaFrom } from '../git-args';
import { appendStepSummary, setStepOutputs } from '../output';
import { loadPlan } from '../plan-loader';
import { booleanText, outside } from '../release/command-kit';
import { describeRun } from '../release/describe';
import { checkReleaseCommitCli } from '../release/one-cli';
import { realDeps } from '../release/real-deps';
import { planJobOutputs, releasePlan } from '../release/release-plan';
import { writeReleaseRun } from '../release/run';

/** `lockstep release-plan --event E --ref R --sha S [--version V] [--dry-run true|false] [--track T]`: the plan job. */
export const releasePlanCommand: Command = {
  summary: 'decide what a release.yml run releases, check the manifests, ask the registries (plan job)',
  usage: 'usage: lockstep release-plan --event E --ref R --sha S [--version V] [--dry-run true|false] [--track NAME] [--plan FILE]',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['event', 'ref', 'sha', 'version', 'dry-run', 'track', 'plan'] });
    const plan = loadPlan(ctx.cwd, args.options.plan);
    const deps = realDeps(ctx);
    const dryRun = booleanText(args.options['dry-run'], 'dry-run');
    const run = await outside('deciding the release', () => releasePlan(plan, {
      event: args.options.event ?? '',
      ref: args.options.ref ?? '',
      sha: commitShaFrom(args.options.sha ?? '', '--sha'),
      version: args.options.version || undefined,
      track: args.options.track || undefined,
      dryRun,
    }, deps));
    // One lockstep for the whole run: the release commit's, which the later jobs run, must be this one.
    if (run.release) await outside('checking the release commit\'s lockstep', () => checkReleaseCommitCli(deps.git, run.commit, plan.planFile, plan.generator.version, run.version));
    const description = describeRun(run);
    deps.log.info(description.text);
    // Why nothing is released, as an annotation on the run (for a push after an unreleased bump: dispatch it).
    if (!run.release) deps.log.notice(run.reason);
    appendStepSummary(ctx, description);
    // Issue 20: the whole decision grows with the products, so the later jobs get it as a file (an artifact).
    writeReleaseRun(ctx, run);
    setStepOutputs(ctx, planJobOutputs(plan, run));
    return 0;
  },
};
