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
