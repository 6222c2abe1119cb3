import { LockstepConfigError } from './errors';
import type { TauriConfig } from './manifests';
import { productSlug } from './release-workflow';
import { GithubRepository } from './secrets-doc-facts';

/**
 * Issue 17: the updater manifest Tauri's updater plugin reads (its "static JSON" form). release.yml writes
 * it before the approval from the signed updater bundles of the desktop legs, the app's GitHub Release
 * carries it, and the umbrella release (the one GitHub marks Latest, P11) carries a copy, so
 * `releases/latest/download/latest.json` is always the manifest of the highest stable release.
 */

/** The manifest's asset name: what tauri-action writes and the updater docs' GitHub endpoint names. */
export const UPDATER_MANIFEST_ASSET = 'latest.json';

/**
 * The release jobs' working directory for updater files: the manifest job's output, the manifests the
 * umbrella job copies from the apps' releases, and its request bodies for the updater branch.
 */
export const UPDATER_WORK_DIR = '.lockstep/updater';

/**
 * Tauri's platform key (`<os>-<arch>`, os linux | darwin | windows, arch x86_64 | aarch64 | i686 | armv7)
 * of each desktop leg release.yml builds (`release.desktopPlatforms`): the leg, not the file name, says
 * the architecture (Tauri names the macOS updater bundle after the app only).
 */
export const UPDATER_PLATFORM_OF_LEG: Readonly<Record<string, string>> = {
  'linux-x64': 'linux-x86_64',
  'linux-arm64': 'linux-aarch64',
  'macos-arm64': 'darwin-aarch64',
  'macos-x64': 'darwin-x86_64',
  'windows-x64': 'windows-x86_64',
};

/**
 * The endpoint that always answers with the manifest of the release GitHub marks Latest: the umbrella
 * release of the highest stable version (P11). `OWNER/REPO` stands in when the repository is not configured.
 */
export function stableUpdaterEndpoint(repository: GithubRepository | undefined, serverUrl = 'https://github.com'): string {
  const repo = repository ? `${repository.owner}/${repository.name}` : 'OWNER/REPO';
  return `${serverUrl}/${repo}/releases/latest/download/${UPDATER_MANIFEST_ASSET}`;
}

/** Whether `url` is that endpoint of some GitHub repository (when the repository itself is not known). */
export function isStableUpdaterEndpointOfSomeRepository(url: string): boolean {
  return /^https:\/\/github\.com\/[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+\/releases\/latest\/download\/latest\.json$/.test(url);
}

/** What the endpoint check needs to know of a Tauri app. */
export interface UpdaterAppFacts {
  readonly option: string;
  readonly name: string;
  readonly githubRelease: boolean;
  readonly signing?: { readonly updater: boolean };
  readonly tauri: readonly TauriConfig[];
}

/** Whether `url` is a file of the GitHub Releases of `repository` (of any repository when it is not known). */
function onGithubReleases(url: string, repository: GithubRepository | undefined): boolean {
  const m = /^https:\/\/github\.com\/([^/]+)\/([^/]+)\/releases\//i.exec(url);
  if (!m) return false;
  return repository === undefined || (m[1].toLowerCase() === repository.owner.toLowerCase() && m[2].toLowerCase() === repository.name.toLowerCase());
}

/**
 * Issue 17: a Tauri app that signs its updates must look for them somewhere. The app's GitHub Release
 * carries the bundles and latest.json, and the umbrella release, the one GitHub marks Latest, a copy of it,
 * which `https://github.com/<owner>/<repo>/releases/latest/download/latest.json` serves. Refused at synth:
 * no `plugins.updater.endpoints` at all (the updater would never find an update), and an endpoint on the
 * repository's GitHub Releases that is not that URL (a file release.yml never writes there), and one on the
 * updater branch that is not this app's `<app>/<channel>.json` (see UPDATER_CHANNELS_BRANCH). An endpoint
 * elsewhere is the maintainer's own hosting (StarStats' installed trays read a manifest on a branch of its
 * repository, baked into every installed app) and is left to them. With several tracks GitHub's Latest
 * release is sometimes another track's umbrella, so the Latest URL is not asked for there, and endpoints
 * all on the repository's Releases are refused: one must be the app's channel file on the updater branch
 * (the dependable endpoint) or hosted elsewhere.
 */
export function checkUpdaterEndpoints(p: UpdaterAppFacts, context: { readonly repository?: GithubRepository; readonly multiTrack: boolean }): void {
  const conf = p.tauri[0];
  if (!p.signing?.updater || conf === undefined) return;
  const app = `${p.option} (tauri-app '${p.name}')`;
  const url = stableUpdaterEndpoint(context.repository);
  const add = context.repository ? `"${url}"` : `"${url}" (with your repository's owner and name; set trustedPublishing.repository and lockstep checks the exact URL)`;
  if (!p.githubRelease) {
    throw new LockstepConfigError(`${app}: signing.updater makes updater bundles and their manifest (${UPDATER_MANIFEST_ASSET}), which release.yml publishes on the app's GitHub Release, but the product sets githubRelease: false. Remove githubRelease: false, or remove signing.updater.`);
  }
  const endpoints = conf.updaterEndpoints ?? [];
  if (endpoints.length === 0) {
    throw new LockstepConfigError(`${app}: ${conf.file} sets no plugins.updater.endpoints, so installed apps would never find an update. Add ${add} to plugins.updater.endpoints in ${conf.file}.`);
  }
  checkChannelEndpoints(app, conf.file, p.name, endpoints, context.repository);
  if (context.multiTrack) {
    // GitHub's Latest release is then sometimes another track's umbrella (whose latest.json is not this app's,
    // or missing): an app reading only the repository's Releases would find no update, or a wrong one. An
    // endpoint on the updater branch (checked above to be this app's channel file) or hosted elsewhere is what
    // it can depend on.
    if (endpoints.every((e) => onGithubReleases(e, context.repository))) {
      const channelUrl = channelUpdaterEndpoint(context.repository, p.name, 'stable');
      throw new LockstepConfigError(
        `${app}: ${conf.file}'s plugins.updater.endpoints names only the repository's GitHub Releases (${endpoints.join(', ')}), but this repository has several tracks and the release GitHub marks Latest is sometimes another track's umbrella. ` +
          `Add "${channelUrl}"${context.repository ? '' : ' (with your repository\'s owner and name)'} (the stable channel on ${UPDATER_CHANNELS_BRANCH}, or another channel's file) to plugins.updater.endpoints in ${conf.file}.`,
      );
    }
    return;
  }
  const isStable = (e: string) => (context.repository ? e === url : isStableUpdaterEndpointOfSomeRepository(e));
  const wrong = endpoints.filter((e) => onGithubReleases(e, context.repository) && !isStable(e));
  if (wrong.length > 0 && !endpoints.some(isStable)) {
    throw new LockstepConfigError(
      `${app}: ${conf.file}'s plugins.updater.endpoints names ${wrong.join(', ')}, which release.yml never writes: the release GitHub marks Latest carries ${UPDATER_MANIFEST_ASSET}. ` +
        `Put ${add} in its place in plugins.updater.endpoints of ${conf.file}.`,
    );
  }
}

/**
 * An endpoint on the updater branch (of this repository, or of any when it is not known) must name a file the
 * umbrella job writes there: `<app>/<channel>.json` of this app.
 */
function checkChannelEndpoints(
  app: string, file: string, name: string, endpoints: readonly string[], repository: GithubRepository | undefined,
): void {
  for (const e of endpoints) {
    const m = /^https:\/\/raw\.githubusercontent\.com\/([^/]+)\/([^/]+)\/([^/]+)\/(.+)$/.exec(e);
    if (!m || m[3] !== UPDATER_CHANNELS_BRANCH) continue;
    if (repository && (m[1].toLowerCase() !== repository.owner.toLowerCase() || m[2].toLowerCase() !== repository.name.toLowerCase())) continue;
    // The channel part has channelName's characters: a lowercased prerelease identifier, '-' included.
    if (/^[a-z0-9-]+\/[a-z0-9-]+\.json$/.test(m[4]) && m[4].startsWith(`${productSlug(name)}/`)) continue;
    throw new LockstepConfigError(
      `${app}: ${file}'s plugins.updater.endpoints names ${e}, which the release never writes: ${UPDATER_CHANNELS_BRANCH} holds ${channelManifestPath(name, '<channel>')} ` +
        `(stable, or a prerelease identifier such as beta). Use ${channelUpdaterEndpoint(repository, name, 'stable')} or another channel's file instead.`,
    );
  }
}

/** One Tauri app per repository signs its updates: the Latest release carries one latest.json. */
export function checkOneUpdaterApp(apps: ReadonlyArray<{ readonly name: string; readonly signing?: { readonly updater: boolean } }>): void {
  const signing = apps.filter((a) => a.signing?.updater).map((a) => a.name);
  if (signing.length > 1) {
    throw new LockstepConfigError(`${signing.join(' and ')} both sign their updates (signing.updater), but GitHub's Latest release can carry one ${UPDATER_MANIFEST_ASSET}, which the updater endpoint names; release one of them from this repository with signing.updater.`);
  }
}

/**
 * The branch the umbrella job keeps each channel's updater manifest on (`<app>/<channel>.json`), moving each
 * only forward: a prerelease channel's apps (and, with several tracks, the stable ones) need an endpoint
 * that GitHub's Latest release cannot give them.
 */
export const UPDATER_CHANNELS_BRANCH = 'lockstep-updater';

/** Where a channel's manifest is on that branch. */
export function channelManifestPath(app: string, channel: string): string {
  return `${productSlug(app)}/${channel}.json`;
}

/** The endpoint serving a channel's manifest from that branch (`OWNER/REPO` when the repository is not configured). */
export function channelUpdaterEndpoint(repository: GithubRepository | undefined, app: string, channel: string): string {
  const repo = repository ? `${repository.owner}/${repository.name}` : 'OWNER/REPO';
  return `https://raw.githubusercontent.com/${repo}/${UPDATER_CHANNELS_BRANCH}/${channelManifestPath(app, channel)}`;
}
