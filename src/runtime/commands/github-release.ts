import { PUBLISH_JOB_OF, PublishTarget, RELEASE_JOBS } from '../../model';
import { parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { loadPlan } from '../plan-loader';
import { requiredAssetsFromEnv } from '../release/assets';
import { finishWithOutcomes, outside } from '../release/command-kit';
import { productReleases, umbrellaRelease } from '../release/github-release';
import { runNotes } from '../release/notes';
import { readOutcomeDir } from '../release/outcomes';
import { realDeps } from '../release/real-deps';
import { readReleaseRun } from '../release/run';
import { needsFromEnv } from '../release/summary';

/** `lockstep github-release (--assets DIR --artifacts DIR | --umbrella [--updater-manifest APP]) [--outcomes DIR] [--dry-run]`: product releases, or the umbrella. */
export const githubReleaseCommand: Command = {
  summary: 'create each product\'s GitHub Release (draft, assets, published), or the umbrella release (--umbrella)',
  usage: 'usage: lockstep github-release (--assets DIR --artifacts DIR | --umbrella [--updater-manifest APP]) [--outcomes DIR] [--dry-run]',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['assets', 'artifacts', 'outcomes', 'updater-manifest'], flags: ['umbrella', 'dry-run'] });
    const app = args.options['updater-manifest'];
    // Said here, not ignored: the product releases never read it, and a misspelt app would leave the umbrella
    // without a manifest, on every run, with no word of why.
    if (app !== undefined && !args.flags.has('umbrella')) {
      throw new CliError(`--updater-manifest ${app}: the umbrella release carries the updater manifest; give it with --umbrella\n${githubReleaseCommand.usage}`, 2);
    }
    const run = readReleaseRun(ctx);
    const plan = loadPlan(ctx.cwd);
    if (app !== undefined) {
      // Every track's apps: a run of another track has none of them, and asks for nothing then.
      const apps = plan.tracks.flatMap((t) => t.products).filter((p) => p.kind === 'tauri-app').map((p) => p.name);
      if (!apps.includes(app)) {
        throw new CliError(`--updater-manifest ${app}: the release plan has no Tauri app of that name (its Tauri apps: ${apps.length > 0 ? apps.join(', ') : 'none'})`, 2);
      }
    }
    const deps = realDeps(ctx);
    const repository = ctx.env.GITHUB_REPOSITORY || undefined;
    const serverUrl = ctx.env.GITHUB_SERVER_URL || 'https://github.com';
    // The notes start at the previous tag of the same track or product (the checkout has every tag).
    const notes = await outside('writing the release notes', () => runNotes(plan, run, deps, repository && `${serverUrl}/${repository}`));
    const options = {
      umbrellaNotes: notes.umbrella,
      productNotes: notes.products,
      dryRun: args.flags.has('dry-run') || run.dryRun,
      repository,
      serverUrl,
      // P12: with the publish jobs' outcomes, a release goes live only when its packages are out.
      published: args.options.outcomes === undefined
        ? undefined
        : { outcomes: readOutcomeDir(deps.fs, args.options.outcomes), needs: needsFromEnv(ctx.env) },
      // Issue 17: the Tauri app whose updater manifest the umbrella carries.
      updaterManifest: app,
    };
    if (args.flags.has('umbrella')) {
      return finishWithOutcomes(deps.fs, deps.log, RELEASE_JOBS.umbrella, [await umbrellaRelease(run, deps, options)]);
    }
    if (!args.options.assets || !args.options.artifacts) throw new CliError('give --assets DIR and --artifacts DIR (the product releases), or --umbrella', 2);
    const releases = { ...options, assetsDir: args.options.assets, artifactsDir: args.options.artifacts, required: requiredAssetsFromEnv(ctx.env) };
    const outcomes = await outside('making the GitHub Releases', () => productReleases(run, deps, releases));
    return finishWithOutcomes(deps.fs, deps.log, PUBLISH_JOB_OF[PublishTarget.GITHUB_RELEASE], outcomes);
  },
};
