import { describe, expect, it } from 'vitest';
import { memoryLog } from './helpers';
import { umbrellaRelease } from '../../../src/runtime/release/github-release';
import { NodeFs } from '../../../src/runtime/release/real-deps';
import { RunProduct } from '../../../src/runtime/release/run';
import { FakeGh } from '../../support/fake-gh-releases';
import { tempDir } from '../../support/fixtures';
import { releaseRun } from '../../support/release-run';
import { taggedCheckout } from '../../support/tagged-checkout';

const app: RunProduct = { name: 'tray', kind: 'tauri-app', path: 'app', tag: 'tray-v2.0.0', githubRelease: true, dependsOn: [], settings: {}, packages: [] };
const RUN = releaseRun({ version: '2.0.0', products: [app] });
const OPTIONS = { dryRun: false, repository: 'example/quill', serverUrl: 'https://github.com', updaterManifests: ['tray'] };
const MANIFEST = '{"version":"2.0.0","platforms":{}}\n';
/** The umbrella job's checkout once tag-all pushed v2.0.0: the tags say it may be Latest (P11). */
const RELEASED = taggedCheckout(['v2.0.0']);

function setUp(appRelease: { isDraft: boolean; assets: string[] } | undefined) {
  const ws = tempDir();
  const gh = new FakeGh(ws);
  if (appRelease) gh.releases.set('tray-v2.0.0', { ...appRelease, notes: '', prerelease: false, contents: { 'latest.json': MANIFEST } });
  return { gh, deps: { exec: gh, git: RELEASED.git, fs: new NodeFs(ws), log: memoryLog() } };
}

describe('umbrella release: the updater manifest of the Tauri app goes where releases/latest/download/latest.json finds it (issue 17, P11)', () => {
  it('GIVEN the app\'s live release carrying latest.json WHEN the umbrella is made THEN it is created Latest with a copy of that manifest', async () => {
    const { gh, deps } = setUp({ isDraft: false, assets: ['Tray.AppImage', 'latest.json'] });
    const outcome = await umbrellaRelease(RUN, deps, OPTIONS);
    expect(outcome).toMatchObject({ outcome: 'published' });
    expect(gh.releases.get('v2.0.0')).toMatchObject({ isDraft: false, latest: true, assets: ['latest.json'], contents: { 'latest.json': MANIFEST } });
  });

  it('GIVEN the app\'s release still a draft WHEN the umbrella is made THEN it stays a draft without a manifest; the re-run that publishes it attaches the manifest before it goes live', async () => {
    const { gh, deps } = setUp({ isDraft: true, assets: ['latest.json'] });
    expect(await umbrellaRelease(RUN, deps, OPTIONS)).toMatchObject({ outcome: 'failed', detail: expect.stringMatching(/kept as a draft/) });
    expect(gh.releases.get('v2.0.0')).toMatchObject({ isDraft: true, assets: [] });
    gh.releases.get('tray-v2.0.0')!.isDraft = false;
    expect(await umbrellaRelease(RUN, deps, OPTIONS)).toMatchObject({ outcome: 'published' });
    expect(gh.releases.get('v2.0.0')).toMatchObject({ isDraft: false, latest: true, assets: ['latest.json'] });
    const order = gh.calls.map((c) => c.slice(0, 2).join(' ')).filter((c) => c !== 'release view');
    expect(order.slice(-3)).toEqual(['release download', 'release upload', 'release edit']);
  });

  it('GIVEN a live app release without latest.json WHEN the umbrella would be published THEN it fails in gh\'s words and nothing becomes Latest', async () => {
    const { gh, deps } = setUp({ isDraft: false, assets: ['Tray.AppImage'] });
    const outcome = await umbrellaRelease(RUN, deps, OPTIONS);
    expect(outcome).toMatchObject({ outcome: 'failed', detail: expect.stringMatching(/gh release download tray-v2\.0\.0 exited 1: no assets match/) });
    expect(gh.releases.has('v2.0.0')).toBe(false);
  });

  it('GIVEN a live umbrella made without the manifest WHEN the run is repeated THEN the manifest is added; once there, it is not uploaded again', async () => {
    const { gh, deps } = setUp({ isDraft: false, assets: ['latest.json'] });
    gh.releases.set('v2.0.0', { isDraft: false, assets: [], notes: '', prerelease: false });
    expect(await umbrellaRelease(RUN, deps, OPTIONS)).toMatchObject({ outcome: 'skipped:already-published', detail: 'already there; its links were refreshed, the updater manifest added and it is marked latest' });
    expect(gh.releases.get('v2.0.0')!.assets).toEqual(['latest.json']);
    const uploads = () => gh.calls.filter((c) => c[1] === 'upload').length;
    const before = uploads();
    await umbrellaRelease(RUN, deps, OPTIONS);
    expect(uploads()).toBe(before);
  });

  it('GIVEN a run of another track (the app is not in it) WHEN the umbrella is made THEN no manifest is asked for', async () => {
    const { gh, deps } = setUp(undefined);
    const other = releaseRun({ version: '2.0.0', products: [] });
    expect(await umbrellaRelease(other, deps, OPTIONS)).toMatchObject({ outcome: 'published' });
    expect(gh.calls.some((c) => c[1] === 'download')).toBe(false);
  });
});
