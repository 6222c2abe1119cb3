import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { synthRelease } from './release-publish-support';
import { chapter, synthDoc } from './trusted-publishing-support';
import { Product } from '../../src';
import { DOC_ANCHORS } from '../../src/model';
import { exampleProducts } from '../support/example-products';
import { copyExample } from '../support/fixtures';

const PUBKEY = 'dW50cnVzdGVkIGNvbW1lbnQ6IG1pbmlzaWduIHB1YmxpYyBrZXkK';

/** The example with its Tauri app looking for updates where release.yml publishes them. */
function updaterExample(): string {
  const dir = copyExample();
  const file = path.join(dir, 'desktop/src-tauri/tauri.conf.json');
  const conf = JSON.parse(fs.readFileSync(file, 'utf8'));
  conf.plugins = { updater: { pubkey: PUBKEY, endpoints: ['https://github.com/example/quill/releases/latest/download/latest.json'] } };
  fs.writeFileSync(file, JSON.stringify(conf, null, 2));
  return dir;
}

const products = (signing?: { updater: {} }) => [...exampleProducts().filter((p) => p.path !== 'desktop'), Product.tauriApp({ path: 'desktop', signing })];
const runsOf = (job: any): string[] => job.steps.map((s: any) => s.run).filter(Boolean);

describe('release.yml: the updater manifest of a Tauri app that signs its updates (issue 17)', () => {
  const { wf } = synthRelease(updaterExample(), { products: products({ updater: {} }), trustedPublishing: { repository: 'example/quill' } });
  const job = wf.jobs['updater-manifest-quill-desktop'];

  it('GIVEN updater signing WHEN synthesized THEN a job after the desktop build writes latest.json with lockstep and keeps it, reading only (no secret, no environment)', () => {
    expect(job).toMatchObject({ needs: ['plan', 'build-quill-desktop'], permissions: { contents: 'read' } });
    expect(job.environment).toBeUndefined();
    expect(JSON.stringify(job)).not.toMatch(/secrets\./);
    expect(runsOf(job).filter((r) => r.includes('updater-manifest'))).toEqual([
      'npx --no-install lockstep updater-manifest --product quill-desktop --artifacts .lockstep/artifacts --out .lockstep/updater/latest.json',
    ]);
    const downloads = job.steps.filter((s: any) => s.uses?.startsWith('actions/download-artifact@')).map((s: any) => s.with.pattern ?? s.with.name);
    expect(downloads).toEqual(expect.arrayContaining(['desktop.quill-desktop.linux-x64', 'desktop.quill-desktop.macos-arm64', 'desktop.quill-desktop.windows-x64']));
    const upload = job.steps.find((s: any) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload.with).toMatchObject({ 'name': 'updater.quill-desktop', 'path': '.lockstep/updater/latest.json', 'if-no-files-found': 'error' });
  });

  it('GIVEN the manifest job WHEN the approval waits THEN tag-all needs it: a missing signature stops the release before anything is tagged', () => {
    expect(wf.jobs['tag-all'].needs).toContain('updater-manifest-quill-desktop');
  });

  it('GIVEN the app\'s GitHub Release WHEN its assets are uploaded THEN latest.json is one it must carry (P14), and the job\'s permissions are what they were', () => {
    const releases = wf.jobs['github-releases'];
    expect(releases.needs).toContain('updater-manifest-quill-desktop');
    expect(JSON.parse(releases.env.LOCKSTEP_RELEASE_ASSETS)['quill-desktop']).toContain('updater.quill-desktop');
    const { wf: unsigned } = synthRelease(copyExample(), { products: products() });
    expect(releases.permissions).toEqual(unsigned.jobs['github-releases'].permissions);
  });

  it('GIVEN the umbrella release (the one marked Latest) WHEN made THEN it is told to carry the app\'s manifest, with the permissions it had', () => {
    const umbrella = wf.jobs['release-umbrella'];
    expect(runsOf(umbrella).find((r) => r.includes('--umbrella'))).toMatch(/github-release --umbrella --outcomes \S+ --updater-manifest quill-desktop$/);
    expect(umbrella.permissions).toEqual({ contents: 'write' });
  });

  it('GIVEN the manifest job WHEN products set up their tools THEN it takes none of the app\'s setup (it builds nothing)', () => {
    expect(job.steps.filter((s: any) => /setup-(node|python|go)|pnpm\/action-setup|rust-toolchain/.test(s.uses ?? '')).map((s: any) => s.uses.split('@')[0])).toEqual(['actions/setup-node']);
  });

  it('GIVEN no updater signing WHEN synthesized THEN there is no manifest job and the umbrella carries none', () => {
    const { wf: unsigned } = synthRelease(copyExample(), { products: products() });
    expect(Object.keys(unsigned.jobs).filter((j) => j.startsWith('updater-manifest'))).toEqual([]);
    expect(JSON.stringify(unsigned.jobs)).not.toMatch(/--updater-manifest/);
  });
});

describe('docs/release-secrets.md: where installed apps find their updates (issue 17)', () => {
  it('GIVEN updater signing and the repository WHEN the doc is generated THEN it names the manifest job release.yml has and the exact endpoint to put in tauri.conf.json', () => {
    const { doc, texts } = synthDoc(updaterExample(), { products: products({ updater: {} }), trustedPublishing: { repository: 'example/quill' } });
    const section = chapter(doc, DOC_ANCHORS.signing);
    expect(section).toContain('written by the job `updater-manifest-quill-desktop` from every platform\'s signed bundles, before the approval');
    expect(section).toContain('`https://github.com/example/quill/releases/latest/download/latest.json` always serves the newest stable manifest. Put that URL in `plugins.updater.endpoints`');
    expect(section).toContain('`https://raw.githubusercontent.com/example/quill/lockstep-updater/quill-desktop/beta.json` for `-beta.N` ones');
    expect(section).toContain('A stable version also moves each prerelease channel of the app that is behind it, so an app on the beta channel gets 2.0.0 once it is out');
    // The job the doc names is the one release.yml runs.
    expect(texts['release.yml']).toMatch(/^ {2}updater-manifest-quill-desktop:$/m);
  });

  it('GIVEN no updater signing WHEN the doc is generated THEN it says nothing of a manifest', () => {
    const { doc } = synthDoc(copyExample(), { products: products() });
    expect(doc).not.toContain('latest.json');
  });
});
