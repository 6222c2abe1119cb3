import { describe, expect, it } from 'vitest';
import { memoryLog } from './helpers';
import { umbrellaRelease } from '../../../src/runtime/release/github-release';
import { NodeFs } from '../../../src/runtime/release/real-deps';
import { RunProduct } from '../../../src/runtime/release/run';
import { FakeGh } from '../../support/fake-gh-releases';
import { tempDir } from '../../support/fixtures';
import { releaseRun } from '../../support/release-run';
import { taggedCheckout } from '../../support/tagged-checkout';

const tauri = (name: string): RunProduct => ({ name, kind: 'tauri-app', path: name, tag: `${name}-v2.0.0`, githubRelease: true, dependsOn: [], settings: {}, packages: [] });
const OPTIONS = { dryRun: false, repository: 'example/quill', serverUrl: 'https://github.com' };
const manifest = (app: string) => `{"version":"2.0.0","notes":"${app}","platforms":{}}\n`;
/** The umbrella job's checkout once tag-all pushed v2.0.0: the tags say it may be Latest (P11). */
const RELEASED = taggedCheckout(['v2.0.0']);

/** Live releases of the `apps`, each carrying its manifest. */
function setUp(apps: string[]) {
  const ws = tempDir();
  const gh = new FakeGh(ws);
  for (const a of apps) gh.releases.set(`${a}-v2.0.0`, { isDraft: false, assets: ['latest.json'], notes: '', prerelease: false, contents: { 'latest.json': manifest(a) } });
  return { gh, deps: { exec: gh, git: RELEASED.git, fs: new NodeFs(ws), log: memoryLog() } };
}

describe('umbrella release: the updater channels of its apps (issue 17)', () => {
  it('P12 GIVEN a live umbrella while a package of the release is not out WHEN the run is repeated THEN its links are refreshed, but no manifest is taken, added or put on a channel', async () => {
    const { gh, deps } = setUp(['tray']);
    const node: RunProduct = { name: 'node', kind: 'napi', path: 'node', tag: 'node-v2.0.0', githubRelease: false, dependsOn: [], settings: {}, packages: [{ target: 'npm', name: '@quill/node', version: '2.0.0', state: 'missing' }] };
    const run = releaseRun({ version: '2.0.0', products: [tauri('tray'), node] });
    gh.releases.set('v2.0.0', { isDraft: false, assets: [], notes: '', prerelease: false });
    const npmFailed = { product: 'node', target: 'npm', subject: '@quill/node', version: '2.0.0', outcome: 'failed' as const, detail: 'npm publish exited 1' };
    const outcome = await umbrellaRelease(run, deps, { ...OPTIONS, updaterManifest: 'tray', published: { outcomes: [npmFailed], needs: {} } });
    expect(outcome).toMatchObject({ outcome: 'skipped:already-published', detail: 'already there; its links were refreshed' });
    expect(gh.calls.some((c) => c[1] === 'download' || c[1] === 'upload')).toBe(false);
    expect(gh.releases.get('v2.0.0')!.assets).toEqual([]);
    expect(gh.api.branches.size).toBe(0);
  });
});
