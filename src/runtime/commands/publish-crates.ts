import { PUBLISH_JOB_OF, PublishTarget } from '../../model';
import { parseArgs } from '../args';
import { Command, RuntimeContext } from '../context';
import { cargoRegistryArgs, registryApi } from '../registry/crates';
import { endpointsOf } from '../registry/endpoints';
import { checkTaggedCheckout } from '../release/checkout';
import { finishWithOutcomes, outside, secondsOption } from '../release/command-kit';
import { publishCrates } from '../release/crates';
import { canRequestOidc, oidcTokenMinter, refreshingToken } from '../release/crates-token';
import { realDeps } from '../release/real-deps';
import { readReleaseRun } from '../release/run';

/**
 * `lockstep publish-crates [--visibility-timeout S] [--rate-limit-wait S] [--token-refresh-minutes M] [--dry-run]`:
 * the crates of the release, in dependency order, to the registry `LOCKSTEP_CRATES_INDEX_URL` names
 * (crates.io by default), with the token in `CARGO_REGISTRY_TOKEN`, refreshed before it expires (O6).
 */
export const publishCratesCommand: Command = {
  summary: 'publish the release\'s crates in dependency order, each visible in the index before its dependents',
  usage: 'usage: lockstep publish-crates [--visibility-timeout S] [--rate-limit-wait S] [--token-refresh-minutes M] [--dry-run]',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['visibility-timeout', 'rate-limit-wait', 'token-refresh-minutes'], flags: ['dry-run'] });
    const run = readReleaseRun(ctx);
    const deps = realDeps(ctx);
    const crates = run.products.filter((p) => p.packages.some((k) => k.target === PublishTarget.CRATES_IO));
    const dryRun = args.flags.has('dry-run') || run.dryRun;
    if (!dryRun) await checkTaggedCheckout(run, crates, deps.git);
    const registry = endpointsOf(ctx.env).crates;
    const initial = ctx.env.CARGO_REGISTRY_TOKEN || undefined;
    // O6: inside a job that may request OIDC tokens, a fresh one is exchanged at the registry's API.
    const minter = initial && !dryRun && canRequestOidc(ctx.env)
      ? oidcTokenMinter(ctx.env, await outside('reading the registry\'s config.json', () => registryApi(registry, deps.exec)))
      : undefined;
    const refreshAfterMs = secondsOption(args.options['token-refresh-minutes'], 20, 'token-refresh-minutes') * 60; // minutes, as ms
    const token = refreshingToken(minter, { initial, refreshAfterMs, now: deps.now, log: deps.log });
    try {
      const outcomes = await outside('publishing the crates', () => publishCrates(run, deps, {
        dryRun,
        wait: { timeoutMs: secondsOption(args.options['visibility-timeout'], 600, 'visibility-timeout'), pollMs: 5_000, setting: '--visibility-timeout (release.crateVisibilityTimeout)' },
        rateLimit: { maxWaitMs: secondsOption(args.options['rate-limit-wait'], 600, 'rate-limit-wait'), defaultWaitMs: 60_000, setting: '--rate-limit-wait' },
        cargo: cargoRegistryArgs(registry),
        token,
      }));
      return finishWithOutcomes(deps.fs, deps.log, PUBLISH_JOB_OF[PublishTarget.CRATES_IO], outcomes);
    } finally {
      await token.close();
    }
  },
};
