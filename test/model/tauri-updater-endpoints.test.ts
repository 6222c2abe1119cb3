import { describe, expect, it } from 'vitest';
import { MemoryRepoReader, PlanOptions, Product, buildPlan, planConfigOf } from '../../src/model';
import { libraryVersion } from '../../src/model/library-version';
import { errorOf } from '../support/fixtures';

const PUBKEY = 'dW50cnVzdGVkIGNvbW1lbnQ6IG1pbmlzaWduIHB1YmxpYyBrZXkK';
const STABLE = 'https://github.com/acme/tray/releases/latest/download/latest.json';

/** A Tauri 2 app at `dir` whose tauri.conf.json carries the updater key and `updater` (endpoints). */
function app(dir: string, updater: Record<string, unknown>): Record<string, string> {
  return {
    [`${dir}/Cargo.toml`]: `[package]\nname = "${dir}"\nversion = "1.9.0"\nedition = "2021"\n`,
    [`${dir}/tauri.conf.json`]: `${JSON.stringify({ productName: 'Tray', version: '1.9.0', identifier: `app.${dir}`, plugins: { updater: { pubkey: PUBKEY, ...updater } } }, null, 2)}\n`,
  };
}

function plan(files: Record<string, string>, options: PlanOptions, repository?: string) {
  const repo = new MemoryRepoReader(files);
  return buildPlan({ ...planConfigOf(options, repo, libraryVersion()), repository }, repo);
}

const signed = (path = 'tray', extra = {}) => Product.tauriApp({ path, signing: { updater: { password: false } }, ...extra });

describe('updater endpoints: a Tauri app that signs its updates must look where release.yml publishes them (issue 17)', () => {
  it('GIVEN the stable URL of the configured repository WHEN planned THEN the app is accepted', () => {
    expect(plan(app('tray', { endpoints: [STABLE] }), { products: [signed()] }, 'acme/tray').tracks[0].products[0].signing?.updater).toBe(true);
  });

  it('GIVEN no endpoints at all WHEN planned THEN it is refused naming the file, the key and the exact URL to add', () => {
    expect(errorOf(() => plan(app('tray', {}), { products: [signed()] }, 'acme/tray')).message).toBe(
      `products[0] (tauri-app 'tray'): tray/tauri.conf.json sets no plugins.updater.endpoints, so installed apps would never find an update. Add "${STABLE}" to plugins.updater.endpoints in tray/tauri.conf.json.`,
    );
    expect(errorOf(() => plan(app('tray', { endpoints: [] }), { products: [signed()] })).message).toMatch(/sets no plugins\.updater\.endpoints.*"https:\/\/github\.com\/OWNER\/REPO\/releases\/latest\/download\/latest\.json" \(with your repository's owner and name; set trustedPublishing\.repository/);
  });

  it('GIVEN an endpoint on the repository\'s GitHub Releases that release.yml never writes WHEN planned THEN it is refused naming it and the URL to put in its place', () => {
    const wrong = 'https://github.com/acme/tray/releases/latest/download/update.json';
    expect(errorOf(() => plan(app('tray', { endpoints: [wrong] }), { products: [signed()] }, 'acme/tray')).message).toBe(
      `products[0] (tauri-app 'tray'): tray/tauri.conf.json's plugins.updater.endpoints names ${wrong}, which release.yml never writes: the release GitHub marks Latest carries latest.json. ` +
        `Put "${STABLE}" in its place in plugins.updater.endpoints of tray/tauri.conf.json.`,
    );
    // Another repository's releases are hosting of the maintainer's own (a repository that moved, as StarStats' did).
    expect(() => plan(app('tray', { endpoints: ['https://github.com/acme/old-tray/releases/latest/download/latest.json'] }), { products: [signed()] }, 'acme/tray')).not.toThrow();
  });

  it('GIVEN no configured repository WHEN an endpoint is the stable URL of some repository THEN it is accepted', () => {
    expect(() => plan(app('tray', { endpoints: ['https://github.com/someone/tray/releases/latest/download/latest.json'] }), { products: [signed()] })).not.toThrow();
  });

  it('GIVEN an endpoint the maintainer hosts elsewhere (StarStats\' manifest on a branch) WHEN planned THEN it is theirs and accepted', () => {
    const branch = 'https://raw.githubusercontent.com/acme/tray/main/release-manifests/tray-live.json';
    expect(() => plan(app('tray', { endpoints: [branch] }), { products: [signed()] }, 'acme/tray')).not.toThrow();
  });

  it('GIVEN several tracks WHEN the app\'s only endpoints are on the repository\'s GitHub Releases (the Latest URL too) THEN it is refused naming the file, the key and the channel URL to add; with that URL, or one hosted elsewhere, it is accepted', () => {
    const core = { 'core/Cargo.toml': '[package]\nname = "core"\nversion = "1.9.0"\nedition = "2021"\n' };
    const tracks = [{ name: 'core', products: [Product.rustCrate({ path: 'core' })] }, { name: 'tray', umbrellaTagPrefix: 'tray-v', products: [signed()] }];
    const pinned = 'https://github.com/acme/tray/releases/download/pinned/latest.json';
    const channel = 'https://raw.githubusercontent.com/acme/tray/lockstep-updater/tray/stable.json';
    const withEndpoints = (endpoints: string[]) => plan({ ...core, ...app('tray', { endpoints }) }, { tracks }, 'acme/tray');
    expect(errorOf(() => withEndpoints([STABLE])).message).toBe(
      `tracks[1].products[0] (tauri-app 'tray'): tray/tauri.conf.json's plugins.updater.endpoints names only the repository's GitHub Releases (${STABLE}), but this repository has several tracks and the release GitHub marks Latest is sometimes another track's umbrella. ` +
        `Add "${channel}" (the stable channel on lockstep-updater, or another channel's file) to plugins.updater.endpoints in tray/tauri.conf.json.`,
    );
    expect(errorOf(() => withEndpoints([pinned, STABLE])).message).toMatch(/names only the repository's GitHub Releases/);
    expect(() => withEndpoints([STABLE, channel])).not.toThrow();
    expect(() => withEndpoints([pinned, 'https://updates.example.com/tray/latest.json'])).not.toThrow();
    expect(errorOf(() => plan({ ...core, ...app('tray', {}) }, { tracks }, 'acme/tray')).message).toMatch(/sets no plugins\.updater\.endpoints/);
  });

  it('GIVEN updater signing and githubRelease: false WHEN planned THEN it is refused: the bundles and the manifest live on the app\'s GitHub Release', () => {
    expect(errorOf(() => plan(app('tray', { endpoints: [STABLE] }), { products: [signed('tray', { githubRelease: false })] }, 'acme/tray')).message)
      .toMatch(/^products\[0\] \(tauri-app 'tray'\): signing\.updater makes updater bundles and their manifest \(latest\.json\).*Remove githubRelease: false, or remove signing\.updater\.$/);
  });

  it('GIVEN two apps that sign their updates WHEN planned THEN it is refused: the Latest release carries one latest.json', () => {
    const files = { ...app('tray', { endpoints: [STABLE] }), ...app('admin', { endpoints: [STABLE] }) };
    expect(errorOf(() => plan(files, { products: [signed('tray'), signed('admin')] }, 'acme/tray')).message).toMatch(/^(tray and admin|admin and tray) both sign their updates \(signing\.updater\).*one latest\.json/);
  });

  it('GIVEN an endpoint on the lockstep-updater branch WHEN it names this app\'s channel file THEN it is accepted; another file there is refused naming the one to use', () => {
    const channel = (p: string) => `https://raw.githubusercontent.com/acme/tray/lockstep-updater/${p}`;
    expect(() => plan(app('tray', { endpoints: [channel('tray/beta.json')] }), { products: [signed()] }, 'acme/tray')).not.toThrow();
    // A prerelease identifier may hold '-' (2.0.0-release-candidate.1 is on the release-candidate channel).
    expect(() => plan(app('tray', { endpoints: [channel('tray/release-candidate.json')] }), { products: [signed()] }, 'acme/tray')).not.toThrow();
    expect(errorOf(() => plan(app('tray', { endpoints: [channel('desktop/stable.json')] }), { products: [signed()] }, 'acme/tray')).message).toBe(
      `products[0] (tauri-app 'tray'): tray/tauri.conf.json's plugins.updater.endpoints names ${channel('desktop/stable.json')}, which the release never writes: ` +
        `lockstep-updater holds tray/<channel>.json (stable, or a prerelease identifier such as beta). Use ${channel('tray/stable.json')} or another channel's file instead.`,
    );
  });
});
