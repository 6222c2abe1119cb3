import * as path from 'path';
import { ARTIFACTS_DIR } from '../../model';
import { parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { realDeps } from '../release/real-deps';
import { productOf, readReleaseRun } from '../release/run';
import { updaterManifest, updaterManifestText } from '../release/updater-manifest';

/** `lockstep updater-manifest --product NAME --out FILE [--artifacts DIR]`: a Tauri app's updater manifest (issue 17). */
export const updaterManifestCommand: Command = {
  summary: 'write a Tauri app\'s updater manifest (latest.json) from its signed updater bundles',
  usage: 'usage: lockstep updater-manifest --product NAME --out FILE [--artifacts DIR]',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['product', 'artifacts', 'out'] });
    if (!args.options.product || !args.options.out) throw new CliError('--product and --out are required', 2);
    const repository = ctx.env.GITHUB_REPOSITORY;
    if (!repository) throw new CliError('GITHUB_REPOSITORY is empty: the manifest names the release assets\' URLs in that repository (GitHub sets it in every job).', 2);
    const run = readReleaseRun(ctx);
    const product = productOf(run, args.options.product);
    const deps = realDeps(ctx);
    const manifest = updaterManifest(deps.fs, args.options.artifacts ?? ARTIFACTS_DIR, {
      product: product.name,
      version: run.version,
      tag: product.tag,
      repository,
      serverUrl: ctx.env.GITHUB_SERVER_URL || 'https://github.com',
      now: new Date(deps.now()),
    });
    deps.fs.write(args.options.out, updaterManifestText(manifest));
    for (const [key, p] of Object.entries(manifest.platforms)) deps.log.info(`${key}: ${p.url}`);
    deps.log.info(`${product.name}: ${Object.keys(manifest.platforms).length} updater platform(s) written to ${path.posix.normalize(args.options.out)}`);
    return 0;
  },
};
