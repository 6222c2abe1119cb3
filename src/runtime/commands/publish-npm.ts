import { ARTIFACTS_DIR, PUBLISH_JOB_OF, PublishTarget } from '../../model';
import { parseArgs } from '../args';
import { Command, RuntimeContext } from '../context';
import { endpointsOf } from '../registry/endpoints';
import { checkTaggedCheckout } from '../release/checkout';
import { finishWithOutcomes, outside, secondsOption } from '../release/command-kit';
import { publishNpm } from '../release/npm';
import { npmTokenEnv } from '../release/npm-auth';
import { provenanceOf } from '../release/provenance';
import { realDeps } from '../release/real-deps';
import { readReleaseRun } from '../release/run';

/**
 * `lockstep publish-npm --artifacts DIR [--rate-limit-wait S] [--dry-run] [--provenance auto|always|never | --no-provenance]`: the
 * npm packages of the release, to npmjs.com with trusted publishing, or to the registry `LOCKSTEP_NPM_REGISTRY`
 * names with the token in `NODE_AUTH_TOKEN`. `--provenance auto` (O5) signs only in a public repository
 * (`LOCKSTEP_REPOSITORY_VISIBILITY`); `--no-provenance` is `--provenance never`. A package npm answers 429
 * waits up to `--rate-limit-wait` seconds in all (P10), then fails as rate-limited.
 */
export const publishNpmCommand: Command = {
  summary: 'publish the release\'s npm packages in dependency order (provenance, dist-tags for prereleases)',
  usage: 'usage: lockstep publish-npm --artifacts DIR [--rate-limit-wait S] [--dry-run] [--provenance auto|always|never | --no-provenance]',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['artifacts', 'provenance', 'rate-limit-wait'], flags: ['dry-run', 'no-provenance'] });
    const run = readReleaseRun(ctx);
    const deps = realDeps(ctx);
    const dryRun = args.flags.has('dry-run') || run.dryRun;
    if (!dryRun) await checkTaggedCheckout(run, run.products.filter((p) => p.packages.some((k) => k.target === PublishTarget.NPM)), deps.git);
    // O5: decided before anything is published; `auto` without the repository's visibility is refused.
    const provenance = provenanceOf(args.flags.has('no-provenance') ? 'never' : args.options.provenance, ctx.env);
    deps.log.info(`provenance: ${provenance.why}`);
    const registryUrl = endpointsOf(ctx.env).npmRegistry;
    const outcomes = await outside('publishing to npm', () => publishNpm(run, deps, {
      artifactsDir: args.options.artifacts ?? ARTIFACTS_DIR,
      dryRun,
      provenance: provenance.npm,
      registryUrl,
      npmEnv: npmTokenEnv(registryUrl, ctx.env),
      rateLimit: { maxWaitMs: secondsOption(args.options['rate-limit-wait'], 600, 'rate-limit-wait'), defaultWaitMs: 60_000, setting: '--rate-limit-wait' },
    }));
    return finishWithOutcomes(deps.fs, deps.log, PUBLISH_JOB_OF[PublishTarget.NPM], outcomes);
  },
};
