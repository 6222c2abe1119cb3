import { describe, expect, it } from 'vitest';
import { memoryLog } from './helpers';
import { umbrellaRelease } from '../../../src/runtime/release/github-release';
import { NodeFs } from '../../../src/runtime/release/real-deps';
import { RunProduct } from '../../../src/runtime/release/run';
import { writeChannelManifest } from '../../../src/runtime/release/updater-channel';
import { FakeGh } from '../../support/fake-gh-releases';
import { tempDir } from '../../support/fixtures';
import { releaseRun } from '../../support/release-run';
import { taggedCheckout } from '../../support/tagged-checkout';

const app: RunProduct = { name: 'tray', kind: 'tauri-app', path: 'app', tag: 'tray-v2.0.0', githubRelease: true, dependsOn: [], settings: {}, packages: [] };
const RUN = releaseRun({ version: '2.0.0', products: [app] });
const OPTIONS = { dryRun: false, repository: 'example/quill', serverUrl: 'https://github.com', updaterManifest: 'tray' };
const MANIFEST = '{"version":"2.0.0","platforms":{}}\n';
/** The umbrella job's checkout once tag-all pushed v2.0.0: the tags say it may be Latest (P11). */
const RELEASED = taggedCheckout(['v2.0.0']);
/** The same checkout once 2.1.0 was released too: a re-run of the 2.0.0 release, whose run file still says 2.0.0. */
const OVERTAKEN = taggedCheckout(['v2.0.0', 'v2.1.0']);

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
    const order = gh.calls.filter((c) => c[0] === 'release').map((c) => c.slice(0, 2).join(' ')).filter((c) => c !== 'release view');
    expect(order.slice(-3)).toEqual(['release download', 'release upload', 'release edit']);
  });

  it('GIVEN a live app release without latest.json WHEN the umbrella would be published THEN it fails in gh\'s words and nothing becomes Latest', async () => {
    const { gh, deps } = setUp({ isDraft: false, assets: ['Tray.AppImage'] });
    const outcome = await umbrellaRelease(RUN, deps, OPTIONS);
    expect(outcome).toMatchObject({ outcome: 'failed', detail: expect.stringMatching(/^the updater manifest of tray could not be taken from its release tray-v2\.0\.0: gh release download tray-v2\.0\.0 exited 1: no assets match/) });
    expect(gh.releases.has('v2.0.0')).toBe(false);
  });

  it('GIVEN a live umbrella made without the manifest WHEN the run is repeated THEN the manifest is added; once there, it is not uploaded again', async () => {
    const { gh, deps } = setUp({ isDraft: false, assets: ['latest.json'] });
    gh.releases.set('v2.0.0', { isDraft: false, assets: [], notes: '', prerelease: false });
    expect(await umbrellaRelease(RUN, deps, OPTIONS)).toMatchObject({ outcome: 'skipped:already-published', detail: 'already there; its links were refreshed, the updater manifest added and it is marked latest; the stable updater manifest of tray is on lockstep-updater' });
    expect(gh.releases.get('v2.0.0')!.assets).toEqual(['latest.json']);
    const uploads = () => gh.calls.filter((c) => c[1] === 'upload').length;
    const before = uploads();
    await umbrellaRelease(RUN, deps, OPTIONS);
    expect(uploads()).toBe(before);
  });

  it('GIVEN a live umbrella of a release made before lockstep wrote manifests WHEN that release is run again THEN it stays as it was, with a notice, not a failure', async () => {
    const { gh, deps } = setUp({ isDraft: false, assets: ['Tray.AppImage'] });
    gh.releases.set('v2.0.0', { isDraft: false, assets: [], notes: '', prerelease: false });
    const log = memoryLog();
    expect(await umbrellaRelease(RUN, { ...deps, log }, OPTIONS)).toMatchObject({ outcome: 'skipped:already-published', detail: 'already there; its links were refreshed and it is marked latest' });
    expect(log.lines.join('\n')).toMatch(/v2\.0\.0: the updater manifest of tray could not be taken from its release tray-v2\.0\.0: .*; the live umbrella is left without it\./);
    expect(gh.api.branches.size).toBe(0);
    // An app release without any asset: gh says it in other words, and it is the same missing manifest.
    gh.releases.get('tray-v2.0.0')!.assets = [];
    expect(await umbrellaRelease(RUN, { ...deps, log }, OPTIONS)).toMatchObject({ outcome: 'skipped:already-published' });
    expect(log.lines.join('\n')).toMatch(/tray-v2\.0\.0: .*no assets to download; the live umbrella is left without it\./);
  });

  it('GIVEN a live umbrella WHEN the re-run\'s download of the app\'s manifest fails for another reason (a 502) THEN the umbrella fails in gh\'s words, not already-published, and the channel is left for the next re-run', async () => {
    const { gh, deps } = setUp({ isDraft: false, assets: ['latest.json'] });
    gh.releases.set('v2.0.0', { isDraft: false, assets: ['latest.json'], notes: '', prerelease: false });
    gh.downloadError = 'HTTP 502: Bad Gateway (https://api.github.com/repos/example/quill/releases/assets/1)';
    const log = memoryLog();
    expect(await umbrellaRelease(RUN, { ...deps, log }, OPTIONS)).toMatchObject({
      outcome: 'failed',
      detail: expect.stringMatching(/^the updater manifest of tray could not be taken from its release tray-v2\.0\.0: gh release download tray-v2\.0\.0 exited 1: HTTP 502: Bad Gateway/),
    });
    expect(log.lines.join('\n')).not.toMatch(/left without it/);
    expect(gh.api.branches.size).toBe(0);
    gh.downloadError = undefined;
    expect(await umbrellaRelease(RUN, deps, OPTIONS)).toMatchObject({ outcome: 'skipped:already-published', detail: expect.stringMatching(/the stable updater manifest of tray is on lockstep-updater$/) });
  });

  it('P11 GIVEN the checkout\'s tags show a higher version released WHEN the older umbrella is published THEN it still carries its manifest, is not Latest, and the stable channel stays on the higher version', async () => {
    const { gh, deps } = setUp({ isDraft: false, assets: ['latest.json'] });
    gh.api.branches.set('lockstep-updater', new Map([['tray/stable.json', { sha: 'b21', text: '{"version":"2.1.0","platforms":{}}\n' }]]));
    const log = memoryLog();
    expect(await umbrellaRelease(RUN, { ...deps, git: OVERTAKEN.git, log }, OPTIONS)).toMatchObject({
      outcome: 'published',
      detail: 'links 1 product release(s); the stable updater manifest of tray stays at 2.1.0 (never moved back); not marked latest: a higher version is already released (v2.1.0)',
    });
    expect(gh.releases.get('v2.0.0')).toMatchObject({ isDraft: false, latest: false, assets: ['latest.json'], contents: { 'latest.json': MANIFEST } });
    expect(gh.calls.find((c) => c[1] === 'create')).toContain('--latest=false');
    expect(log.lines).toContain('::notice::v2.0.0 is not marked latest: a higher version is already released (v2.1.0).');
  });

  it('GIVEN a run of another track (the app is not in it) WHEN the umbrella is made THEN no manifest is asked for', async () => {
    const { gh, deps } = setUp(undefined);
    const other = releaseRun({ version: '2.0.0', products: [] });
    expect(await umbrellaRelease(other, deps, OPTIONS)).toMatchObject({ outcome: 'published' });
    expect(gh.calls.some((c) => c[1] === 'download')).toBe(false);
  });
});

describe('updater channels: each channel\'s manifest on the lockstep-updater branch, moving only forward (issue 17, P11)', () => {
  const manifest = (version: string) => `{"version":"${version}","platforms":{}}\n`;

  it('GIVEN no updater branch WHEN the first umbrella is published THEN the branch starts with the stable manifest, a commit of its own', async () => {
    const { gh, deps } = setUp({ isDraft: false, assets: ['latest.json'] });
    expect(await umbrellaRelease(RUN, deps, OPTIONS)).toMatchObject({ outcome: 'published', detail: 'links 1 product release(s); the stable updater manifest of tray is on lockstep-updater' });
    expect(gh.api.branches.get('lockstep-updater')?.get('tray/stable.json')?.text).toBe(MANIFEST);
    expect([...gh.api.branches.get('lockstep-updater')!.keys()]).toEqual(['tray/stable.json']);
  });

  it('GIVEN the branch WHEN prereleases and stable versions are written THEN each goes to its channel, and an older version never replaces a newer one', async () => {
    const { gh, deps } = setUp(undefined);
    const write = (version: string) => writeChannelManifest(deps, 'example/quill', 'tray', version, manifest(version));
    expect(await write('2.0.0')).toEqual({ channel: 'stable', path: 'tray/stable.json', result: 'written' });
    expect(await write('2.1.0-alpha.1')).toEqual({ channel: 'alpha', path: 'tray/alpha.json', result: 'written' });
    expect(await write('2.1.0-alpha.2')).toEqual({ channel: 'alpha', path: 'tray/alpha.json', result: 'written', before: '2.1.0-alpha.1' });
    // A re-run of an older release (P11), and a re-run of the same one.
    expect(await write('1.9.3')).toEqual({ channel: 'stable', path: 'tray/stable.json', result: 'kept', before: '2.0.0' });
    expect(await write('2.1.0-alpha.2')).toMatchObject({ result: 'kept', before: '2.1.0-alpha.2' });
    const files = gh.api.branches.get('lockstep-updater')!;
    expect(JSON.parse(files.get('tray/stable.json')!.text).version).toBe('2.0.0');
    expect(JSON.parse(files.get('tray/alpha.json')!.text).version).toBe('2.1.0-alpha.2');
  });

  it('GIVEN the channel file on the branch has a version that is not semver (edited by hand) WHEN the umbrella is published, and again THEN it is overwritten and the outcome says what it replaced, not a comparison error on every re-run', async () => {
    const { gh, deps } = setUp({ isDraft: false, assets: ['latest.json'] });
    gh.api.branches.set('lockstep-updater', new Map([['tray/stable.json', { sha: 'hand', text: '{"version":"nightly","platforms":{}}\n' }]]));
    expect(await umbrellaRelease(RUN, deps, OPTIONS)).toMatchObject({
      outcome: 'published',
      detail: "links 1 product release(s); the stable updater manifest of tray is on lockstep-updater, replacing one whose version 'nightly' is not semver",
    });
    expect(gh.api.branches.get('lockstep-updater')!.get('tray/stable.json')!.text).toBe(MANIFEST);
    expect(await umbrellaRelease(RUN, deps, OPTIONS)).toMatchObject({ outcome: 'skipped:already-published', detail: expect.stringMatching(/the stable updater manifest of tray stays at 2\.0\.0 \(never moved back\)$/) });
  });

  it('GIVEN beta and rc channels behind a stable version, and an alpha channel ahead of it WHEN that stable version is published THEN beta and rc move forward to it, alpha stays, and the outcome says so', async () => {
    const { gh, deps } = setUp({ isDraft: false, assets: ['latest.json'] });
    gh.api.branches.set('lockstep-updater', new Map([
      ['tray/stable.json', { sha: 's', text: manifest('1.0.0') }],
      ['tray/beta.json', { sha: 'b', text: manifest('2.0.0-beta.3') }],
      ['tray/rc.json', { sha: 'r', text: manifest('1.5.0-rc.1') }],
      ['tray/alpha.json', { sha: 'a', text: manifest('2.1.0-alpha.1') }],
      ['other/beta.json', { sha: 'o', text: manifest('1.0.0-beta.1') }],
    ]));
    expect(await umbrellaRelease(RUN, deps, OPTIONS)).toMatchObject({
      outcome: 'published',
      detail: 'links 1 product release(s); the stable updater manifest of tray is on lockstep-updater, and its beta and rc channels moved forward to it',
    });
    const files = gh.api.branches.get('lockstep-updater')!;
    expect(['tray/stable.json', 'tray/beta.json', 'tray/rc.json', 'tray/alpha.json', 'other/beta.json'].map((f) => JSON.parse(files.get(f)!.text).version))
      .toEqual(['2.0.0', '2.0.0', '2.0.0', '2.1.0-alpha.1', '1.0.0-beta.1']);
    // Once moved, a re-run moves nothing.
    expect(await umbrellaRelease(RUN, deps, OPTIONS)).toMatchObject({ detail: expect.stringMatching(/the stable updater manifest of tray stays at 2\.0\.0 \(never moved back\)$/) });
  });

  it('GIVEN a prerelease version WHEN written THEN it touches only its own channel, not the stable one', async () => {
    const { gh, deps } = setUp(undefined);
    gh.api.branches.set('lockstep-updater', new Map([['tray/stable.json', { sha: 's', text: manifest('1.0.0') }]]));
    expect(await writeChannelManifest(deps, 'example/quill', 'tray', '2.0.0-beta.1', manifest('2.0.0-beta.1'))).toEqual({ channel: 'beta', path: 'tray/beta.json', result: 'written' });
    expect(JSON.parse(gh.api.branches.get('lockstep-updater')!.get('tray/stable.json')!.text).version).toBe('1.0.0');
  });

  it('GIVEN no updater branch and an API answer that is not JSON (a proxy\'s error page) WHEN the channel is written THEN the error names the route, not a bare JSON parse error', async () => {
    const { gh, deps } = setUp(undefined);
    const run = gh.api.run.bind(gh.api);
    gh.api.run = (args, cwd) => (args.some((a) => a.endsWith('/git/trees')) ? { code: 0, stdout: '<html>502</html>', stderr: '' } : run(args, cwd));
    await expect(writeChannelManifest(deps, 'example/quill', 'tray', '2.0.0', manifest('2.0.0'))).rejects.toThrow(/^repos\/example\/quill\/git\/trees: invalid JSON: /);
  });

  it('GIVEN the file changed since it was read (another write won) WHEN written THEN the contents API refuses and the umbrella says it is out but the channel is not', async () => {
    const { gh, deps } = setUp({ isDraft: false, assets: ['latest.json'] });
    gh.api.branches.set('lockstep-updater', new Map([['tray/stable.json', { sha: 'old', text: manifest('1.0.0') }]]));
    const run = gh.api.run.bind(gh.api);
    gh.api.run = (args, cwd) => {
      // Another run writes between this run's read and its write.
      if (args.includes('--method') && args.includes('PUT')) gh.api.branches.get('lockstep-updater')!.set('tray/stable.json', { sha: 'newer', text: manifest('1.5.0') });
      return run(args, cwd);
    };
    const outcome = await umbrellaRelease(RUN, deps, OPTIONS);
    expect(outcome).toMatchObject({ outcome: 'failed', detail: expect.stringMatching(/^the umbrella release is out, but the updater channel was not written \(a re-run writes it\): gh api repos\/example\/quill\/contents\/tray\/stable\.json exited 1: .*HTTP 409/) });
    expect(gh.releases.get('v2.0.0')).toMatchObject({ isDraft: false, latest: true });
  });
});
