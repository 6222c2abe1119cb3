import { Command } from '../context';

/** Loads one command's module: the CLI starts faster when it loads only the command it runs. */
export type CommandLoader = () => Promise<Command>;

/**
 * Every `lockstep` subcommand. Each lives in its own file under commands/ and is registered here with
 * one line; its module is loaded only when the command runs (or when usage lists every summary).
 */
export const COMMANDS: Record<string, CommandLoader> = {
  'affected': async () => (await import('./affected.js')).affectedCommand,
  'bump': async () => (await import('./bump.js')).bumpCommand,
  'ci-result': async () => (await import('./ci-result.js')).ciResultCommand,
  'crate-check': async () => (await import('./crate-check.js')).crateCheckCommand,
  'drift': async () => (await import('./drift.js')).driftCommand,
  'github-release': async () => (await import('./github-release.js')).githubReleaseCommand,
  'go-proxy-warm': async () => (await import('./go-proxy-warm.js')).goProxyWarmCommand,
  'image-probe': async () => (await import('./image-probe.js')).imageProbeCommand,
  'notes': async () => (await import('./notes.js')).notesCommand,
  'npm-check': async () => (await import('./npm-check.js')).npmCheckCommand,
  'npm-test': async () => (await import('./npm-test.js')).npmTestCommand,
  'pack-ffi': async () => (await import('./pack-ffi.js')).packFfiCommand,
  'pack-npm': async () => (await import('./pack-npm.js')).packNpmCommand,
  'plan': async () => (await import('./plan.js')).planCommand,
  'pre-publish': async () => (await import('./pre-publish.js')).prePublishCommand,
  'preflight': async () => (await import('./preflight.js')).preflightCommand,
  'probe': async () => (await import('./probe.js')).probeCommand,
  'provenance': async () => (await import('./provenance.js')).provenanceCommand,
  'publish-crates': async () => (await import('./publish-crates.js')).publishCratesCommand,
  'publish-npm': async () => (await import('./publish-npm.js')).publishNpmCommand,
  'publish-pypi': async () => (await import('./publish-pypi.js')).publishPypiCommand,
  'pypi-check': async () => (await import('./pypi-check.js')).pypiCheckCommand,
  'record-outcome': async () => (await import('./record-outcome.js')).recordOutcomeCommand,
  'rehearse': async () => (await import('./rehearse.js')).rehearseCommand,
  'release-assets': async () => (await import('./release-assets.js')).releaseAssetsCommand,
  'release-plan': async () => (await import('./release-plan.js')).releasePlanCommand,
  'release-pr': async () => (await import('./release-pr.js')).releasePrCommand,
  'smoke': async () => (await import('./smoke.js')).smokeCommand,
  'summary': async () => (await import('./summary.js')).summaryCommand,
  'tag': async () => (await import('./tag.js')).tagCommand,
  'tauri-config': async () => (await import('./tauri-config.js')).tauriConfigCommand,
  'updater-manifest': async () => (await import('./updater-manifest.js')).updaterManifestCommand,
  'verify': async () => (await import('./verify.js')).verifyCommand,
  'wheel-test': async () => (await import('./wheel-test.js')).wheelTestCommand,
};
