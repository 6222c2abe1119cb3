import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { memoryLog } from './helpers';
import { umbrellaRelease } from '../../../src/runtime/release/github-release';
import { NodeFs } from '../../../src/runtime/release/real-deps';
import { RunProduct } from '../../../src/runtime/release/run';
import { carriesUpdaterManifest, writeChannel } from '../../../src/runtime/release/umbrella-updater';
import { FakeGh } from '../../support/fake-gh-releases';
import { tempDir } from '../../support/fixtures';
import { releaseRun } from '../../support/release-run';
import { taggedCheckout } from '../../support/tagged-checkout';

const app: RunProduct = { name: 'tray', kind: 'tauri-app', path: 'tray', tag: 'tray-v2.0.0', githubRelease: true, dependsOn: [], settings: {}, packages: [] };
const RUN = releaseRun({ version: '2.0.0', products: [app] });
const OPTIONS = { dryRun: false, repository: 'example/quill', serverUrl: 'https://github.com', updaterManifest: 'tray' };
const MANIFEST = '{"version":"2.0.0","platforms":{}}\n';
/** The umbrella job's checkout once tag-all pushed v2.0.0: the tags say it may be Latest (P11). */
const RELEASED = taggedCheckout(['v2.0.0']);

function setUp() {
  const ws = tempDir();
  const gh = new FakeGh(ws);
  gh.releases.set('tray-v2.0.0', { isDraft: false, assets: ['Tray.AppImage', 'latest.json'], notes: '', prerelease: false, contents: { 'latest.json': MANIFEST } });
  return { ws, gh, deps: { exec: gh, git: RELEASED.git, fs: new NodeFs(ws), log: memoryLog() } };
}

describe('umbrella updater: where the copied manifest is kept, and what counts as one (issue 17)', () => {
  it('GIVEN a checkout whose app directory has a latest.json of its own WHEN the umbrella copies the app\'s manifest THEN the copy is kept under .lockstep/updater and the checkout\'s file is untouched', async () => {
    const { ws, gh, deps } = setUp();
    fs.mkdirSync(path.join(ws, 'tray'));
    fs.writeFileSync(path.join(ws, 'tray', 'latest.json'), '{"the app\'s own":"file"}\n');
    expect(await umbrellaRelease(RUN, deps, OPTIONS)).toMatchObject({ outcome: 'published' });
    expect(fs.readFileSync(path.join(ws, '.lockstep', 'updater', 'tray', 'latest.json'), 'utf8')).toBe(MANIFEST);
    expect(fs.readFileSync(path.join(ws, 'tray', 'latest.json'), 'utf8')).toBe('{"the app\'s own":"file"}\n');
    expect(gh.releases.get('v2.0.0')!.contents).toEqual({ 'latest.json': MANIFEST });
  });

  it('GIVEN a live umbrella with assets but no latest.json WHEN the run is repeated THEN the manifest is still added', async () => {
    const { gh, deps } = setUp();
    gh.releases.set('v2.0.0', { isDraft: false, assets: ['SHA256SUMS'], notes: '', prerelease: false });
    expect(await umbrellaRelease(RUN, deps, OPTIONS)).toMatchObject({
      outcome: 'skipped:already-published',
      detail: 'already there; its links were refreshed, the updater manifest added and it is marked latest; the stable updater manifest of tray is on lockstep-updater',
    });
    expect(gh.releases.get('v2.0.0')!.assets).toEqual(['SHA256SUMS', 'latest.json']);
  });

  it('GIVEN assets WHEN asked whether they carry the updater manifest THEN only one named latest.json counts', () => {
    expect(carriesUpdaterManifest([{ name: 'SHA256SUMS' }, { name: 'latest.json.sig' }])).toBe(false);
    expect(carriesUpdaterManifest([])).toBe(false);
    expect(carriesUpdaterManifest([{ name: 'SHA256SUMS' }, { name: 'latest.json' }])).toBe(true);
  });

  it('GIVEN a manifest file not there after its download WHEN the channels are written THEN it fails naming the file, and the branch is not made', async () => {
    const { gh, deps } = setUp();
    await expect(writeChannel(deps, 'example/quill', '2.0.0', { product: 'tray', file: '.lockstep/updater/tray/latest.json' }))
      .rejects.toThrow(new Error('.lockstep/updater/tray/latest.json is not there after its download'));
    expect(gh.calls).toEqual([]);
    expect(gh.api.branches.size).toBe(0);
  });
});

describe('umbrella updater: the words for the prerelease channels a stable version moved (issue 17)', () => {
  const manifest = (version: string) => `{"version":"${version}","platforms":{}}\n`;
  /** Writes the channels of tray's 2.0.0 manifest over a branch holding `files`, and returns what is said. */
  async function said(files: Array<[string, string]>) {
    const { ws, gh, deps } = setUp();
    fs.mkdirSync(path.join(ws, '.lockstep', 'updater', 'tray'), { recursive: true });
    fs.writeFileSync(path.join(ws, '.lockstep', 'updater', 'tray', 'latest.json'), MANIFEST);
    gh.api.branches.set('lockstep-updater', new Map(files.map(([f, v], i) => [f, { sha: `s${i}`, text: manifest(v) }])));
    return writeChannel(deps, 'example/quill', '2.0.0', { product: 'tray', file: '.lockstep/updater/tray/latest.json' });
  }

  it('GIVEN one prerelease channel behind WHEN the stable version is written THEN the words name that one channel, in the singular', async () => {
    expect(await said([['tray/stable.json', '1.0.0'], ['tray/beta.json', '2.0.0-beta.3']]))
      .toBe('the stable updater manifest of tray is on lockstep-updater, and its beta channel moved forward to it');
  });

  it('GIVEN three prerelease channels behind WHEN the stable version is written THEN the words list them, the last after "and"', async () => {
    expect(await said([['tray/stable.json', '1.0.0'], ['tray/alpha.json', '2.0.0-alpha.1'], ['tray/beta.json', '2.0.0-beta.3'], ['tray/rc.json', '2.0.0-rc.1']]))
      .toBe('the stable updater manifest of tray is on lockstep-updater, and its alpha, beta and rc channels moved forward to it');
  });

  it('GIVEN the stable channel ahead and one prerelease channel behind WHEN the stable version is written THEN the words say stable stays and the channel moved', async () => {
    expect(await said([['tray/stable.json', '2.1.0'], ['tray/beta.json', '2.0.0-beta.3']]))
      .toBe('the stable updater manifest of tray stays at 2.1.0 (never moved back), and its beta channel moved forward to it');
  });
});

describe('umbrella updater: copying an app\'s manifest again (issue 17)', () => {
  it('GIVEN a re-run in a workspace that holds the copy of an earlier run WHEN the umbrella copies the app\'s manifest THEN gh is told to overwrite it (gh refuses an existing file without --clobber)', async () => {
    const { ws, gh, deps } = setUp();
    fs.mkdirSync(path.join(ws, '.lockstep', 'updater', 'tray'), { recursive: true });
    fs.writeFileSync(path.join(ws, '.lockstep', 'updater', 'tray', 'latest.json'), '{"version":"1.9.0","platforms":{}}\n');
    expect(await umbrellaRelease(RUN, deps, OPTIONS)).toMatchObject({ outcome: 'published' });
    expect(gh.calls.find((c) => c[1] === 'download')).toEqual(['release', 'download', 'tray-v2.0.0', '--pattern', 'latest.json', '--dir', '.lockstep/updater/tray', '--clobber']);
    expect(fs.readFileSync(path.join(ws, '.lockstep', 'updater', 'tray', 'latest.json'), 'utf8')).toBe(MANIFEST);
  });
});
