import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/runtime/main';
import { NodeFs } from '../../../src/runtime/release/real-deps';
import { UpdaterManifestSource, updaterManifest } from '../../../src/runtime/release/updater-manifest';
import { tempDir, writeRepo } from '../../support/fixtures';
import { releaseRun, releaseRunEnv } from '../../support/release-run';

/** Minisign signatures as `tauri signer sign` writes them (base64 of the text), one per bundle. */
const sig = (bundle: string) => `${Buffer.from(`untrusted comment: signature from tauri secret key\nfile:${bundle}\n`).toString('base64')}\n`;

/** The files of a leg as upload-artifact keeps them (paths below the target's bundle directory), each bundle with its `.sig`. */
function leg(platform: string, target: string, bundles: Record<string, string>, unsigned: string[] = []): Record<string, string> {
  const at = (f: string) => `.lockstep/artifacts/desktop.tray.${platform}/${target}/release/bundle/${f}`;
  return Object.fromEntries([
    ...Object.entries(bundles).flatMap(([dir, name]) => [[at(`${dir}/${name}`), 'bundle'], [at(`${dir}/${name}.sig`), sig(name)]]),
    ...unsigned.map((f) => [at(f), 'installer']),
  ]);
}

/** Tauri 2 bundles (`createUpdaterArtifacts: true`) of the three default legs. */
const V2 = {
  ...leg('linux-x64', 'x86_64-unknown-linux-gnu', { appimage: 'Tray_1.2.0_amd64.AppImage' }, ['deb/Tray_1.2.0_amd64.deb']),
  ...leg('macos-arm64', 'aarch64-apple-darwin', { macos: 'Tray.app.tar.gz' }, ['dmg/Tray_1.2.0_aarch64.dmg']),
  ...leg('windows-x64', 'x86_64-pc-windows-msvc', { msi: 'Tray_1.2.0_x64_en-US.msi', nsis: 'Tray_1.2.0_x64-setup.exe' }),
};

const SOURCE: UpdaterManifestSource = {
  product: 'tray', version: '1.2.0', tag: 'tray-v1.2.0', repository: 'acme/tray', serverUrl: 'https://github.com', now: new Date('2026-12-03T21:00:00.123Z'),
};

const DOWNLOAD = 'https://github.com/acme/tray/releases/download/tray-v1.2.0';

function manifestOf(files: Record<string, string>, source = SOURCE) {
  const dir = writeRepo(files);
  return updaterManifest(new NodeFs(dir), '.lockstep/artifacts', source);
}

describe('updater manifest: each signed updater bundle under its Tauri platform key', () => {
  it('GIVEN Tauri 2 bundles of Linux, macOS and Windows WHEN the manifest is made THEN each installer has its key and the plain key its first choice, with the .sig content and the release URL', () => {
    const m = manifestOf(V2);
    expect(m.version).toBe('1.2.0');
    expect(m.pub_date).toBe('2026-12-03T21:00:00Z');
    expect(Object.keys(m.platforms)).toEqual([
      'darwin-aarch64', 'darwin-aarch64-app', 'linux-x86_64', 'linux-x86_64-appimage', 'windows-x86_64', 'windows-x86_64-msi', 'windows-x86_64-nsis',
    ]);
    expect(m.platforms['linux-x86_64-appimage']).toEqual({ signature: sig('Tray_1.2.0_amd64.AppImage').trim(), url: `${DOWNLOAD}/Tray_1.2.0_amd64.AppImage` });
    expect(m.platforms['darwin-aarch64'].url).toBe(`${DOWNLOAD}/Tray.app.tar.gz`);
    expect(m.platforms['windows-x86_64-nsis'].url).toBe(`${DOWNLOAD}/Tray_1.2.0_x64-setup.exe`);
    // tauri-action's default for the plain key: the MSI.
    expect(m.platforms['windows-x86_64']).toEqual(m.platforms['windows-x86_64-msi']);
  });

  it('GIVEN "v1Compatible" archives beside Tauri 2 bundles WHEN the manifest is made THEN v2 apps get the bundles per installer and the plain key (all v1 apps read) gets the archives', () => {
    const m = manifestOf({
      ...leg('linux-x64', 'x86_64-unknown-linux-gnu', { 'appimage': 'Tray_1.2.0_amd64.AppImage', 'appimage/': 'Tray_1.2.0_amd64.AppImage.tar.gz' }),
      ...leg('windows-x64', 'x86_64-pc-windows-msvc', { 'msi': 'Tray_1.2.0_x64_en-US.msi.zip', 'nsis': 'Tray_1.2.0_x64-setup.nsis.zip', 'msi/': 'Tray_1.2.0_x64_en-US.msi' }),
    });
    expect(m.platforms['linux-x86_64'].url).toBe(`${DOWNLOAD}/Tray_1.2.0_amd64.AppImage.tar.gz`);
    expect(m.platforms['linux-x86_64-appimage'].url).toBe(`${DOWNLOAD}/Tray_1.2.0_amd64.AppImage`);
    expect(m.platforms['windows-x86_64'].url).toBe(`${DOWNLOAD}/Tray_1.2.0_x64_en-US.msi.zip`);
    expect(m.platforms['windows-x86_64-msi'].url).toBe(`${DOWNLOAD}/Tray_1.2.0_x64_en-US.msi`);
    // Only v1's NSIS archive was signed: it serves both keys' readers.
    expect(m.platforms['windows-x86_64-nsis'].url).toBe(`${DOWNLOAD}/Tray_1.2.0_x64-setup.nsis.zip`);
  });

  it('GIVEN only v1 archives signed WHEN the installers beside them have no .sig THEN the archives stand in for them and nothing is refused', () => {
    const m = manifestOf(leg('linux-x64', 'x86_64-unknown-linux-gnu', { appimage: 'Tray_1.2.0_amd64.AppImage.tar.gz' }, ['appimage/Tray_1.2.0_amd64.AppImage']));
    expect(m.platforms).toEqual({
      'linux-x86_64': { signature: sig('Tray_1.2.0_amd64.AppImage.tar.gz').trim(), url: `${DOWNLOAD}/Tray_1.2.0_amd64.AppImage.tar.gz` },
      'linux-x86_64-appimage': { signature: sig('Tray_1.2.0_amd64.AppImage.tar.gz').trim(), url: `${DOWNLOAD}/Tray_1.2.0_amd64.AppImage.tar.gz` },
    });
  });

  it('GIVEN a productName with a space and a tag with a + WHEN the manifest is made THEN the URL names the asset as GitHub renames it, URL-encoded', () => {
    const m = manifestOf(leg('linux-arm64', 'aarch64-unknown-linux-gnu', { appimage: 'My Tray_1.2.0+b1_aarch64.AppImage' }), { ...SOURCE, tag: 'tray-v1.2.0+b1' });
    expect(m.platforms['linux-aarch64-appimage'].url).toBe('https://github.com/acme/tray/releases/download/tray-v1.2.0%2Bb1/My.Tray_1.2.0%2Bb1_aarch64.AppImage');
  });
});

describe('updater manifest: what is refused before the tag', () => {
  it('GIVEN an AppImage without its .sig WHEN the manifest is made THEN it is refused naming the leg and the file', () => {
    expect(() => manifestOf({ ...V2, ...leg('linux-x64', 'x86_64-unknown-linux-gnu', {}, ['appimage/Other_1.2.0_amd64.AppImage']) }))
      .toThrow(/desktop\.tray\.linux-x64: Other_1\.2\.0_amd64\.AppImage has no Other_1\.2\.0_amd64\.AppImage\.sig; .*signing\.updater/);
  });

  it('GIVEN an empty .sig WHEN the manifest is made THEN it is refused naming the file and the key secret', () => {
    const files = { ...V2, '.lockstep/artifacts/desktop.tray.macos-arm64/aarch64-apple-darwin/release/bundle/macos/Tray.app.tar.gz.sig': '\n' };
    expect(() => manifestOf(files)).toThrow(/desktop\.tray\.macos-arm64: Tray\.app\.tar\.gz\.sig is empty.*TAURI_SIGNING_PRIVATE_KEY/);
  });

  it('GIVEN a .sig without its bundle, or of a file the updater does not install WHEN the manifest is made THEN each is refused', () => {
    expect(() => manifestOf({ ...V2, '.lockstep/artifacts/desktop.tray.linux-x64/x/Gone.AppImage.sig': sig('Gone.AppImage') }))
      .toThrow(/Gone\.AppImage\.sig has no Gone\.AppImage beside it/);
    expect(() => manifestOf({ ...V2, '.lockstep/artifacts/desktop.tray.macos-arm64/x/Tray.dmg': 'dmg', '.lockstep/artifacts/desktop.tray.macos-arm64/x/Tray.dmg.sig': sig('Tray.dmg') }))
      .toThrow(/Tray\.dmg\.sig signs Tray\.dmg, which is no bundle Tauri's updater installs/);
  });

  it('GIVEN a leg of a platform the updater has no key for, or a leg without any signed bundle WHEN the manifest is made THEN it is refused', () => {
    expect(() => manifestOf(leg('freebsd-x64', 't', { appimage: 'Tray.AppImage' }))).toThrow(/desktop\.tray\.freebsd-x64: no Tauri updater platform is known for the leg 'freebsd-x64' \(known: linux-x64, /);
    expect(() => manifestOf(leg('linux-x64', 't', {}, ['deb/Tray.deb']))).toThrow(/desktop\.tray\.linux-x64: no signed updater bundle, so apps installed on this platform could never update\..*bundle\.targets/);
  });

  it('GIVEN a Linux bundle in the Windows leg, or no desktop artifact at all WHEN the manifest is made THEN it is refused', () => {
    expect(() => manifestOf(leg('windows-x64', 't', { appimage: 'Tray.AppImage' }))).toThrow(/Tray\.AppImage is a linux bundle in the windows-x86_64 leg/);
    expect(() => manifestOf({ '.lockstep/artifacts/desktop.other.linux-x64/a.AppImage': 'x' })).toThrow(/tray: no desktop build artifact \(desktop\.tray\.<platform>\)/);
  });

  it('GIVEN an asset name GitHub would rename in an undocumented way WHEN the manifest is made THEN it is refused naming the productName', () => {
    expect(() => manifestOf(leg('linux-x64', 't', { appimage: 'Träy.AppImage' }))).toThrow(/GitHub renames an asset .* productName/);
  });
});

describe('lockstep updater-manifest: the release job\'s step', () => {
  function runProduct() {
    return { name: 'tray', kind: 'tauri-app', path: 'app', tag: 'tray-v1.2.0', githubRelease: true, dependsOn: [], settings: {}, packages: [] };
  }

  it('GIVEN the downloaded desktop artifacts WHEN the command runs THEN latest.json is written with the run\'s version and the repository\'s URLs', async () => {
    const dir = writeRepo(V2);
    let out = '';
    const env = { GITHUB_REPOSITORY: 'acme/tray', ...releaseRunEnv(releaseRun({ version: '1.2.0', products: [runProduct()] })) };
    const code = await main(['updater-manifest', '--product', 'tray', '--out', '.lockstep/updater/latest.json'], { cwd: dir, env, stdout: (t) => (out += t), stderr: (t) => (out += t) });
    expect(code).toBe(0);
    const written = JSON.parse(fs.readFileSync(path.join(dir, '.lockstep/updater/latest.json'), 'utf8'));
    expect(written.version).toBe('1.2.0');
    expect(written.platforms['windows-x86_64-msi'].url).toBe(`${DOWNLOAD}/Tray_1.2.0_x64_en-US.msi`);
    expect(out).toMatch(/tray: 7 updater platform\(s\) written/);
  });

  it('GIVEN a leg missing a signature WHEN the command runs THEN it exits 1 with the message and writes no manifest', async () => {
    const dir = writeRepo({ ...V2, ...leg('linux-x64', 'x86_64-unknown-linux-gnu', {}, ['appimage/Other.AppImage']) });
    let err = '';
    const env = { GITHUB_REPOSITORY: 'acme/tray', ...releaseRunEnv(releaseRun({ version: '1.2.0', products: [runProduct()] })) };
    const code = await main(['updater-manifest', '--product', 'tray', '--out', 'latest.json'], { cwd: dir, env, stdout: () => undefined, stderr: (t) => (err += t) });
    expect(code).toBe(1);
    expect(err).toMatch(/Other\.AppImage has no Other\.AppImage\.sig/);
    expect(err).not.toMatch(/internal error|at .*\.ts:\d+/);
    expect(fs.existsSync(path.join(dir, 'latest.json'))).toBe(false);
  });

  it('GIVEN no GITHUB_REPOSITORY WHEN the command runs THEN it is a usage error naming the variable', async () => {
    let err = '';
    const env = releaseRunEnv(releaseRun({ products: [runProduct()] }));
    const code = await main(['updater-manifest', '--product', 'tray', '--out', 'latest.json'], { cwd: tempDir(), env, stdout: () => undefined, stderr: (t) => (err += t) });
    expect(code).toBe(2);
    expect(err).toMatch(/GITHUB_REPOSITORY is empty/);
  });
});
