import { TAURI_CONFIG_OUTPUT, TAURI_UPDATER_ARTIFACTS_FLAG as UPDATER_ARTIFACTS_FLAG, tauriReleaseConfig, withUpdaterArtifacts } from '../../model';
import { parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { jsonText, setStepOutputs } from '../output';
import { realDeps } from '../release/real-deps';
import { readReleaseRun } from '../release/run';

/**
 * `lockstep tauri-config`: the configuration a desktop build merges into the app's own for this release
 * (B8): the Windows installer's MSI version (`bundle.windows.wix.version`), so a semver prerelease such as
 * `1.2.0-alpha.3` builds an MSI while tauri.conf.json keeps the semver version. With `--updater-artifacts`
 * (issue 17: an app that signs its updates but leaves `bundle.createUpdaterArtifacts` out of tauri.conf.json,
 * so a local build needs no key), also `bundle.createUpdaterArtifacts: true`.
 */
export const tauriConfigCommand: Command = {
  summary: 'write the configuration `tauri build --config` merges for this release (the MSI version, the updater artifacts)',
  usage: 'usage: lockstep tauri-config [--updater-artifacts]',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: [], flags: [UPDATER_ARTIFACTS_FLAG] });
    const run = readReleaseRun(ctx);
    let config: Record<string, unknown>;
    try {
      config = tauriReleaseConfig(run.version);
    } catch (e) {
      throw new CliError(`${(e as Error).message} Release a version the Windows installer can carry.`);
    }
    if (args.flags.has(UPDATER_ARTIFACTS_FLAG)) config = withUpdaterArtifacts(config);
    const text = jsonText(config);
    realDeps(ctx).log.info(`tauri build --config: ${text}`);
    setStepOutputs(ctx, { [TAURI_CONFIG_OUTPUT]: text });
    return 0;
  },
};
