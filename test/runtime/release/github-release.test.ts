import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { memoryLog } from './helpers';
import { gatherAssets, requiredAssetsFromEnv } from '../../../src/runtime/release/assets';
import { productReleases, umbrellaRelease } from '../../../src/runtime/release/github-release';
import { NodeFs } from '../../../src/runtime/release/real-deps';
import { ReleaseRun, RunProduct } from '../../../src/runtime/release/run';
import { lockstep } from '../../support/cli';
import { FakeGh } from '../../support/fake-gh-releases';
import { copyExample, tempDir } from '../../support/fixtures';
import { releaseRun, releaseRunEnv } from '../../support/release-run';
import { taggedCheckout } from '../../support/tagged-checkout';

const product = (name: string, kind = 'c-ffi'): RunProduct => ({ name, kind, path: name, tag: `${name}-v2.0.0`, githubRelease: true, dependsOn: [], settings: {}, packages: [{ target: 'github-release', name, version: `${name}-v2.0.0`, state: 'missing' }] });
const RUN = releaseRun({
  version: '2.0.0',
  commit: 'b'.repeat(40),
  products: [product('ffi'), product('desktop', 'tauri-app')],
});
const options = { dryRun: false, repository: 'example/quill', serverUrl: 'https://github.com' };
/** The umbrella job's checkout once tag-all pushed v2.0.0 (P11: the tags say whether it may be Latest). */
const RELEASED = taggedCheckout(['v2.0.0']);
/** The same once a higher version was released too. */
const OVERTAKEN = taggedCheckout(['v2.0.0', 'v2.1.0']);
/** The artifacts each release must carry, as release.yml lists them for the workspace below. */
const REQUIRED = { ffi: ['ffi.ffi.linux-x64', 'ffi.ffi.windows-x64'], desktop: ['desktop.desktop.linux-x64'] };
const releaseOptions = { ...options, assetsDir: 'assets', artifactsDir: 'artifacts', required: REQUIRED };

function workspace(): { ws: string; fsys: NodeFs } {
  const ws = tempDir();
  for (const [dir, file] of [['ffi.ffi.linux-x64', 'ffi-2.0.0-linux-x64.tar.gz'], ['ffi.ffi.windows-x64', 'ffi-2.0.0-windows-x64.tar.gz'], ['desktop.desktop.linux-x64', 'deb/quill_2.0.0_amd64.deb'], ['wheels.other.linux-x64', 'x.whl']]) {
    fs.mkdirSync(path.dirname(path.join(ws, 'artifacts', dir, file)), { recursive: true });
    fs.writeFileSync(path.join(ws, 'artifacts', dir, file), 'bytes');
  }
  return { ws, fsys: new NodeFs(ws) };
}

describe('GitHub Releases: draft, assets, published; then the umbrella', () => {
  it('GIVEN build artifacts WHEN gathered THEN each product gets its own files, and products outside the run are ignored', () => {
    const { ws, fsys } = workspace();
    expect(gatherAssets(RUN, fsys, 'artifacts', 'assets')).toEqual({ ffi: ['ffi-2.0.0-linux-x64.tar.gz', 'ffi-2.0.0-windows-x64.tar.gz'], desktop: ['quill_2.0.0_amd64.deb'] });
    expect(fs.readdirSync(path.join(ws, 'assets')).sort()).toEqual(['desktop', 'ffi']);
  });

  it('GIVEN two artifacts with the same file name WHEN gathered THEN it fails naming both', () => {
    const { ws, fsys } = workspace();
    fs.mkdirSync(path.join(ws, 'artifacts', 'ffi.ffi.macos-arm64'));
    fs.writeFileSync(path.join(ws, 'artifacts', 'ffi.ffi.macos-arm64', 'ffi-2.0.0-linux-x64.tar.gz'), 'other');
    expect(() => gatherAssets(RUN, fsys, 'artifacts', 'assets')).toThrow(/ffi: two artifacts hold an asset named ffi-2\.0\.0-linux-x64\.tar\.gz \(ffi\.ffi\.linux-x64 and ffi\.ffi\.macos-arm64\)/);
  });

  it('GIVEN no releases WHEN made THEN each is created as a draft, gets its assets, then is published, in that order', async () => {
    const { ws, fsys } = workspace();
    gatherAssets(RUN, fsys, 'artifacts', 'assets');
    const gh = new FakeGh(ws);
    const outcomes = await productReleases(RUN, { exec: gh, fs: fsys, log: memoryLog() }, releaseOptions);
    expect(outcomes.map((o) => [o.subject, o.outcome])).toEqual([['ffi-v2.0.0', 'published'], ['desktop-v2.0.0', 'published']]);
    expect(gh.calls.filter((c) => c[2] === 'ffi-v2.0.0').map((c) => c[1])).toEqual(['view', 'create', 'upload', 'edit']);
    expect(gh.calls.find((c) => c[1] === 'create')).toEqual(expect.arrayContaining(['--draft', '--verify-tag']));
    expect(gh.releases.get('ffi-v2.0.0')).toMatchObject({ isDraft: false, assets: ['ffi-2.0.0-linux-x64.tar.gz', 'ffi-2.0.0-windows-x64.tar.gz'] });
  });

  it('P1 GIVEN a published release WHEN re-run THEN it is left alone; a draft from an interrupted run is finished', async () => {
    const { ws, fsys } = workspace();
    gatherAssets(RUN, fsys, 'artifacts', 'assets');
    const gh = new FakeGh(ws);
    gh.releases.set('ffi-v2.0.0', { isDraft: false, assets: ['old'], notes: '', prerelease: false });
    gh.releases.set('desktop-v2.0.0', { isDraft: true, assets: [], notes: '', prerelease: false });
    const outcomes = await productReleases(RUN, { exec: gh, fs: fsys, log: memoryLog() }, releaseOptions);
    expect(outcomes.map((o) => o.outcome)).toEqual(['skipped:already-published', 'published']);
    expect(gh.calls.some((c) => c[2] === 'ffi-v2.0.0' && c[1] !== 'view')).toBe(false);
    expect(gh.calls.filter((c) => c[2] === 'desktop-v2.0.0').map((c) => c[1])).toEqual(['view', 'upload', 'edit']);
  });

  it('P1 GIVEN a draft holding part of an interrupted upload WHEN re-run THEN the upload replaces what is there (GitHub refuses a second asset of one name without --clobber)', async () => {
    const { ws, fsys } = workspace();
    gatherAssets(RUN, fsys, 'artifacts', 'assets');
    const gh = new FakeGh(ws);
    gh.releases.set('desktop-v2.0.0', { isDraft: true, assets: ['quill_2.0.0_amd64.deb'], notes: '', prerelease: false, contents: { 'quill_2.0.0_amd64.deb': 'part' } });
    const outcomes = await productReleases(RUN, { exec: gh, fs: fsys, log: memoryLog() }, releaseOptions);
    expect(outcomes.map((o) => o.outcome)).toEqual(['published', 'published']);
    expect(gh.releases.get('desktop-v2.0.0')).toMatchObject({ isDraft: false, assets: ['quill_2.0.0_amd64.deb'], contents: { 'quill_2.0.0_amd64.deb': 'bytes' } });
  });

  it('P6 GIVEN an upload that fails WHEN made THEN that product fails and stays a draft, and the next product goes on', async () => {
    const { ws, fsys } = workspace();
    gatherAssets(RUN, fsys, 'artifacts', 'assets');
    const gh = new FakeGh(ws);
    gh.failUpload = true;
    const outcomes = await productReleases(RUN, { exec: gh, fs: fsys, log: memoryLog() }, releaseOptions);
    expect(outcomes[0]).toMatchObject({ outcome: 'failed' });
    expect(outcomes[0].detail).toMatch(/gh release upload ffi-v2\.0\.0 exited 1: HTTP 502/);
    expect(gh.releases.get('ffi-v2.0.0')!.isDraft).toBe(true);
    expect(outcomes[1].subject).toBe('desktop-v2.0.0');
  });

  it('P7 GIVEN a dry run WHEN made THEN gh only looks', async () => {
    const { ws, fsys } = workspace();
    const gh = new FakeGh(ws);
    const outcomes = await productReleases(RUN, { exec: gh, fs: fsys, log: memoryLog() }, { ...releaseOptions, dryRun: true });
    expect(outcomes.map((o) => o.outcome)).toEqual(['dry-run', 'dry-run']);
    expect(gh.calls.every((c) => c[1] === 'view')).toBe(true);
    expect(gh.releases.size).toBe(0);
  });

  it('P14 GIVEN one leg\'s artifact missing WHEN the releases are made THEN that product\'s release is not created, naming the artifact, and the others are published', async () => {
    const { ws, fsys } = workspace();
    fs.rmSync(path.join(ws, 'artifacts', 'ffi.ffi.windows-x64'), { recursive: true });
    gatherAssets(RUN, fsys, 'artifacts', 'assets');
    const gh = new FakeGh(ws);
    const outcomes = await productReleases(RUN, { exec: gh, fs: fsys, log: memoryLog() }, releaseOptions);
    expect(outcomes[0]).toMatchObject({ subject: 'ffi-v2.0.0', outcome: 'failed', detail: expect.stringMatching(/^not published: the build artifacts ffi\.ffi\.windows-x64 are missing/) });
    expect(gh.releases.has('ffi-v2.0.0')).toBe(false);
    expect(outcomes[1]).toMatchObject({ subject: 'desktop-v2.0.0', outcome: 'published' });
  });

  it('P14 GIVEN an artifact folder that is there but empty WHEN the releases are made THEN it counts as missing: zero assets is never a release', async () => {
    const { ws, fsys } = workspace();
    fs.rmSync(path.join(ws, 'artifacts', 'desktop.desktop.linux-x64', 'deb'), { recursive: true });
    const outcomes = await productReleases(RUN, { exec: new FakeGh(ws), fs: fsys, log: memoryLog() }, releaseOptions);
    expect(outcomes[1]).toMatchObject({ subject: 'desktop-v2.0.0', outcome: 'failed', detail: expect.stringMatching(/desktop\.desktop\.linux-x64 are missing/) });
  });

  it('P14 GIVEN the release job\'s list of required artifacts WHEN read THEN it is parsed, and a malformed one is refused naming the variable', () => {
    expect(requiredAssetsFromEnv({ LOCKSTEP_RELEASE_ASSETS: JSON.stringify(REQUIRED) })).toEqual(REQUIRED);
    expect(() => requiredAssetsFromEnv({})).toThrow(/LOCKSTEP_RELEASE_ASSETS is empty/);
    expect(() => requiredAssetsFromEnv({ LOCKSTEP_RELEASE_ASSETS: '{"ffi": ["not-an-artifact"]}' })).toThrow(/LOCKSTEP_RELEASE_ASSETS must map each product to its artifact names/);
  });

  it('GIVEN one product release still missing WHEN the umbrella is made THEN it stays a draft naming it, never Latest; once that release is live the re-run publishes the umbrella and marks it Latest', async () => {
    const { ws, fsys } = workspace();
    const gh = new FakeGh(ws);
    gh.releases.set('ffi-v2.0.0', { isDraft: false, assets: [], notes: '', prerelease: false });
    const outcome = await umbrellaRelease(RUN, { exec: gh, git: RELEASED.git, fs: fsys, log: memoryLog() }, options);
    expect(outcome).toMatchObject({
      outcome: 'failed',
      detail: 'kept as a draft: not every product of the release is out (the GitHub Release of desktop); dispatch the release again once they are',
    });
    expect(gh.releases.get('v2.0.0')).toMatchObject({ isDraft: true, latest: false });
    const notes = gh.releases.get('v2.0.0')!.notes;
    expect(notes).toContain('- [ffi 2.0.0](https://github.com/example/quill/releases/tag/ffi-v2.0.0)');
    expect(notes).toContain('- desktop 2.0.0: not released yet');
    gh.releases.set('desktop-v2.0.0', { isDraft: false, assets: [], notes: '', prerelease: false });
    const again = await umbrellaRelease(RUN, { exec: gh, git: RELEASED.git, fs: fsys, log: memoryLog() }, options);
    expect(again).toMatchObject({ outcome: 'published', detail: 'the draft an earlier run kept is published; it links 2 product release(s)' });
    expect(gh.releases.get('v2.0.0')).toMatchObject({ isDraft: false, latest: true });
    expect(gh.releases.get('v2.0.0')!.notes).toContain('- [desktop 2.0.0](https://github.com/example/quill/releases/tag/desktop-v2.0.0)');
    // A third run finds it live: the links are refreshed, nothing else.
    const third = await umbrellaRelease(RUN, { exec: gh, git: RELEASED.git, fs: fsys, log: memoryLog() }, options);
    expect(third).toMatchObject({ outcome: 'skipped:already-published', detail: 'already there; its links were refreshed and it is marked latest' });
  });

  it('GIVEN notes of the track and of each product WHEN the releases are made THEN each body carries its own notes below the links, and GitHub generates none (it would start at any previous tag)', async () => {
    const { ws, fsys } = workspace();
    const gh = new FakeGh(ws);
    const withNotes = { umbrellaNotes: '## Changes to track default since `v1.0.0`\n\n- fix: x (abc)\n', productNotes: { ffi: '## Changes to product ffi since `ffi-v1.0.0`\n' } };
    await productReleases(RUN, { exec: gh, fs: fsys, log: memoryLog() }, { ...releaseOptions, ...withNotes, assetsDir: 'none', required: {} });
    await umbrellaRelease(RUN, { exec: gh, git: RELEASED.git, fs: fsys, log: memoryLog() }, { ...options, ...withNotes });
    expect(gh.releases.get('ffi-v2.0.0')!.notes).toBe('ffi 2.0.0, part of the lockstep release [v2.0.0](https://github.com/example/quill/releases/tag/v2.0.0).\n\n## Changes to product ffi since `ffi-v1.0.0`\n');
    expect(gh.releases.get('desktop-v2.0.0')!.notes).toBe('desktop 2.0.0, part of the lockstep release [v2.0.0](https://github.com/example/quill/releases/tag/v2.0.0).');
    expect(gh.releases.get('v2.0.0')!.notes).toMatch(/- \[desktop 2\.0\.0\]\([^)]+\)\n\n## Changes to track default since `v1\.0\.0`\n\n- fix: x \(abc\)\n$/);
    expect(gh.calls.some((c) => c.includes('--generate-notes'))).toBe(false);
  });

  it('GIVEN a prerelease WHEN released THEN product and umbrella releases are marked prerelease', async () => {
    const { ws, fsys } = workspace();
    const gh = new FakeGh(ws);
    const pre = { ...RUN, version: '2.0.0-rc.1', umbrellaTag: 'v2.0.0-rc.1', products: [product('ffi')] };
    await productReleases(pre, { exec: gh, fs: fsys, log: memoryLog() }, { ...releaseOptions, assetsDir: 'none', required: {} });
    await umbrellaRelease(pre, { exec: gh, git: RELEASED.git, fs: fsys, log: memoryLog() }, options);
    expect(gh.releases.get('v2.0.0-rc.1')!.prerelease).toBe(true);
    expect(gh.releases.get('ffi-v2.0.0')!.prerelease).toBe(true);
  });

  const napiWithRelease = (): RunProduct => ({ ...product('node', 'napi'), packages: [{ target: 'npm', name: '@quill/node', version: '2.0.0', state: 'missing' }, { target: 'github-release', name: 'node', version: 'node-v2.0.0', state: 'missing' }] });
  const npmFailed = { product: 'node', target: 'npm', subject: '@quill/node', version: '2.0.0', outcome: 'failed' as const, detail: 'npm publish exited 1' };
  const npmOut = { ...npmFailed, outcome: 'published' as const, detail: 'published under dist-tag latest' };

  it('P12 GIVEN a product whose npm package failed WHEN its GitHub Release is made THEN it stays a draft with its assets, and a re-run after the package is out publishes it', async () => {
    const { ws, fsys } = workspace();
    gatherAssets(RUN, fsys, 'artifacts', 'assets');
    const gh = new FakeGh(ws);
    const run = { ...RUN, products: [napiWithRelease(), product('ffi')] };
    const deps = { exec: gh, git: RELEASED.git, fs: fsys, log: memoryLog() };
    const held = await productReleases(run, deps, { ...releaseOptions, published: { outcomes: [npmFailed], needs: {} } });
    expect(held[0]).toMatchObject({ subject: 'node-v2.0.0', outcome: 'failed' });
    expect(held[0].detail).toMatch(/^kept as a draft with 0 asset\(s\): not every package is published \(npm @quill\/node\)/);
    expect(gh.releases.get('node-v2.0.0')!.isDraft).toBe(true);
    expect(held[1]).toMatchObject({ subject: 'ffi-v2.0.0', outcome: 'published' });
    const again = await productReleases(run, deps, { ...releaseOptions, published: { outcomes: [npmOut], needs: {} } });
    expect(again[0]).toMatchObject({ subject: 'node-v2.0.0', outcome: 'published' });
    expect(gh.releases.get('node-v2.0.0')!.isDraft).toBe(false);
  });

  it('P12 GIVEN a release whose npm publishing failed WHEN the umbrella is made THEN it stays a draft and says why; once everything is out, the re-run publishes it and marks it Latest', async () => {
    const { ws, fsys } = workspace();
    const gh = new FakeGh(ws);
    const run = { ...RUN, products: [napiWithRelease()] };
    gh.releases.set('node-v2.0.0', { isDraft: false, assets: [], notes: '', prerelease: false });
    const deps = { exec: gh, git: RELEASED.git, fs: fsys, log: memoryLog() };
    const first = await umbrellaRelease(run, deps, { ...options, published: { outcomes: [npmFailed], needs: {} } });
    expect(first).toMatchObject({
      outcome: 'failed',
      detail: 'kept as a draft: not every product of the release is out (npm @quill/node); dispatch the release again once they are',
    });
    expect(gh.calls.find((c) => c[1] === 'create' && c[2] === 'v2.0.0')).toContain('--draft');
    expect(gh.releases.get('v2.0.0')).toMatchObject({ isDraft: true, latest: false });
    const out = { outcomes: [npmOut], needs: {} };
    const second = await umbrellaRelease(run, { exec: gh, git: RELEASED.git, fs: fsys, log: memoryLog() }, { ...options, published: out });
    expect(second.outcome).toBe('published');
    expect(gh.calls.find((c) => c[1] === 'edit' && c[2] === 'v2.0.0')).toEqual(expect.arrayContaining(['--draft=false', '--latest']));
    expect(gh.releases.get('v2.0.0')).toMatchObject({ isDraft: false, latest: true });
  });

  it('GIVEN a product held back by its dependsOn WHEN the releases are made THEN its release and the umbrella stay drafts, reported as held back, not failed', async () => {
    const { ws, fsys } = workspace();
    const gh = new FakeGh(ws);
    const run = { ...RUN, products: [napiWithRelease()] };
    const deps = { exec: gh, git: RELEASED.git, fs: fsys, log: memoryLog() };
    const npmHeld = { ...npmFailed, outcome: 'held-back' as const, detail: 'held back: it is published after sdk (its dependsOn), and PyPI does not list it yet' };
    const published = { outcomes: [npmHeld], needs: {} };
    const [release] = await productReleases(run, deps, { ...releaseOptions, assetsDir: 'none', required: {}, published });
    expect(release).toMatchObject({ subject: 'node-v2.0.0', outcome: 'held-back' });
    const umbrella = await umbrellaRelease(run, deps, { ...options, published: { outcomes: [npmHeld, release], needs: {} } });
    expect(umbrella).toMatchObject({ outcome: 'held-back', detail: expect.stringMatching(/^kept as a draft: not every product of the release is out \(the GitHub Release of node\)/) });
    expect([gh.releases.get('node-v2.0.0')!.isDraft, gh.releases.get('v2.0.0')!.isDraft]).toEqual([true, true]);
  });

  it('GIVEN an umbrella already live (made by an older lockstep) WHEN a product is still missing THEN it is left live with its links refreshed, and not marked Latest', async () => {
    const { ws, fsys } = workspace();
    const gh = new FakeGh(ws);
    gh.releases.set('v2.0.0', { isDraft: false, assets: [], notes: 'old', prerelease: false, latest: false });
    const outcome = await umbrellaRelease(RUN, { exec: gh, git: RELEASED.git, fs: fsys, log: memoryLog() }, options);
    expect(outcome).toMatchObject({ outcome: 'skipped:already-published', detail: 'already there; its links were refreshed' });
    expect(gh.releases.get('v2.0.0')).toMatchObject({ isDraft: false, latest: false });
    expect(gh.releases.get('v2.0.0')!.notes).toContain('- ffi 2.0.0: not released yet');
  });

  it('GIVEN no repository named WHEN the releases are made THEN gh finds it from the checkout (no --repo) and the links name OWNER/REPO', async () => {
    const { ws, fsys } = workspace();
    const gh = new FakeGh(ws, null);
    const { repository: _, ...fromCheckout } = releaseOptions;
    const outcomes = await productReleases(RUN, { exec: gh, fs: fsys, log: memoryLog() }, { ...fromCheckout, assetsDir: 'none', required: {} });
    expect(outcomes.map((o) => o.outcome)).toEqual(['published', 'published']);
    expect(gh.releases.get('ffi-v2.0.0')!.notes).toBe('ffi 2.0.0, part of the lockstep release [v2.0.0](https://github.com/OWNER/REPO/releases/tag/v2.0.0).');
  });

  it('GIVEN gh cannot read the releases (not "release not found") WHEN made THEN each product and the umbrella failed with gh\'s own words; nothing is created', async () => {
    const { ws, fsys } = workspace();
    const gh = new FakeGh(ws);
    gh.viewError = 'HTTP 401: Bad credentials (https://api.github.com/graphql)';
    const outcomes = await productReleases(RUN, { exec: gh, fs: fsys, log: memoryLog() }, releaseOptions);
    expect(outcomes[0]).toEqual({
      product: 'ffi',
      target: 'github-release',
      subject: 'ffi-v2.0.0',
      version: '2.0.0',
      outcome: 'failed',
      detail: 'gh release view ffi-v2.0.0 exited 1: HTTP 401: Bad credentials (https://api.github.com/graphql)',
    });
    expect(await umbrellaRelease(RUN, { exec: gh, git: RELEASED.git, fs: fsys, log: memoryLog() }, options)).toEqual({
      product: '(umbrella)',
      target: 'umbrella',
      subject: 'v2.0.0',
      version: '2.0.0',
      outcome: 'failed',
      detail: 'gh release view ffi-v2.0.0 exited 1: HTTP 401: Bad credentials (https://api.github.com/graphql)',
    });
    expect(gh.releases.size).toBe(0);
  });

  it('P7 GIVEN a dry run WHEN made THEN each outcome says what would be done: create or finish a draft, how many assets; refresh or create the umbrella', async () => {
    const { ws, fsys } = workspace();
    gatherAssets(RUN, fsys, 'artifacts', 'assets');
    const gh = new FakeGh(ws);
    gh.releases.set('desktop-v2.0.0', { isDraft: true, assets: [], notes: '', prerelease: false });
    const deps = { exec: gh, git: RELEASED.git, fs: fsys, log: memoryLog() };
    const outcomes = await productReleases(RUN, deps, { ...releaseOptions, dryRun: true });
    expect(outcomes.map((o) => [o.outcome, o.detail])).toEqual([
      ['dry-run', 'would create a draft, upload 2 asset(s), publish'],
      ['dry-run', 'would finish the draft, upload 1 asset(s), publish'],
    ]);
    expect(await umbrellaRelease(RUN, deps, { ...options, dryRun: true })).toMatchObject({ outcome: 'dry-run', detail: 'would create the umbrella linking 2 release(s)' });
    gh.releases.set('v2.0.0', { isDraft: true, assets: [], notes: '', prerelease: false });
    expect(await umbrellaRelease(RUN, deps, { ...options, dryRun: true })).toMatchObject({ outcome: 'dry-run', detail: 'would refresh the umbrella linking 2 release(s)' });
    expect(gh.calls.every((c) => c[1] === 'view')).toBe(true);
  });

  it('GIVEN a product without a GitHub Release WHEN the releases are made THEN it gets none and the umbrella does not list it', async () => {
    const { ws, fsys } = workspace();
    const gh = new FakeGh(ws);
    const run = { ...RUN, products: [{ ...product('cli'), githubRelease: false }, product('ffi')] };
    const deps = { exec: gh, git: RELEASED.git, fs: fsys, log: memoryLog() };
    expect((await productReleases(run, deps, { ...releaseOptions, assetsDir: 'none', required: {} })).map((o) => o.subject)).toEqual(['ffi-v2.0.0']);
    expect(await umbrellaRelease(run, deps, options)).toMatchObject({ outcome: 'published', detail: 'links 1 product release(s)' });
    expect(gh.releases.get('v2.0.0')!.notes).toBe([
      'Lockstep release 2.0.0 of track default: every product below carries this version.',
      '',
      '- [ffi 2.0.0](https://github.com/example/quill/releases/tag/ffi-v2.0.0)',
      '',
    ].join('\n'));
    expect(gh.calls.some((c) => c[2] === 'cli-v2.0.0')).toBe(false);
    // gh would make a missing tag at the default branch's head: every release is of a tag lockstep pushed.
    expect(gh.calls.filter((c) => c[1] === 'create').every((c) => c.includes('--verify-tag'))).toBe(true);
  });

  it('GIVEN a stable version WHEN a product release is made THEN it is titled by product and version, carries its assets, is not a prerelease, and says how many assets it has; a published one is left alone with a notice', async () => {
    const { ws, fsys } = workspace();
    gatherAssets(RUN, fsys, 'artifacts', 'assets');
    const gh = new FakeGh(ws);
    gh.releases.set('desktop-v2.0.0', { isDraft: false, assets: [], notes: '', prerelease: false });
    const log = memoryLog();
    const outcomes = await productReleases(RUN, { exec: gh, fs: fsys, log }, releaseOptions);
    expect(outcomes).toEqual([
      { product: 'ffi', target: 'github-release', subject: 'ffi-v2.0.0', version: '2.0.0', outcome: 'published', detail: 'published with 2 asset(s)' },
      { product: 'desktop', target: 'github-release', subject: 'desktop-v2.0.0', version: '2.0.0', outcome: 'skipped:already-published', detail: 'already published' },
    ]);
    expect(gh.releases.get('ffi-v2.0.0')).toMatchObject({ title: 'ffi 2.0.0', prerelease: false, isDraft: false });
    expect(log.lines).toContain('::notice::the GitHub Release desktop-v2.0.0 is already published; left as it is.');
  });

  it('P14 GIVEN every artifact of a product missing WHEN made THEN its outcome names them all', async () => {
    const { ws, fsys } = workspace();
    fs.rmSync(path.join(ws, 'artifacts', 'ffi.ffi.windows-x64'), { recursive: true });
    fs.rmSync(path.join(ws, 'artifacts', 'ffi.ffi.linux-x64'), { recursive: true });
    const [ffi] = await productReleases(RUN, { exec: new FakeGh(ws), fs: fsys, log: memoryLog() }, releaseOptions);
    expect(ffi.detail).toBe('not published: the build artifacts ffi.ffi.linux-x64, ffi.ffi.windows-x64 are missing (did their build job run and succeed?); re-run the failed jobs');
  });

  it('P12 GIVEN a product with one package held back and another failed WHEN its release is made THEN it stays a draft naming both, and it failed (a failure is not waiting)', async () => {
    const { ws, fsys } = workspace();
    const gh = new FakeGh(ws);
    const sys = { target: 'crates-io' as const, name: 'quill-node-sys', version: '2.0.0', state: 'missing' as const };
    const node = { ...napiWithRelease(), packages: [...napiWithRelease().packages, sys] };
    const run = { ...RUN, products: [node] };
    const crateHeld = { product: 'node', target: 'crates-io', subject: 'quill-node-sys', version: '2.0.0', outcome: 'held-back' as const, detail: 'held back' };
    // A failed tag is not a package: it does not keep the release a draft on its own.
    const tagFailed = { product: 'node', target: 'tag', subject: 'node-v2.0.0', version: '2.0.0', outcome: 'failed' as const, detail: 'push refused' };
    const published = { outcomes: [npmFailed, crateHeld, tagFailed], needs: {} };
    const [release] = await productReleases(run, { exec: gh, fs: fsys, log: memoryLog() }, { ...releaseOptions, assetsDir: 'none', required: {}, published });
    expect(release).toMatchObject({ outcome: 'failed', detail: 'kept as a draft with 0 asset(s): not every package is published (npm @quill/node, crates-io quill-node-sys); dispatch the release again once they are' });
    const onlyTag = await productReleases(run, { exec: gh, fs: fsys, log: memoryLog() }, {
      ...releaseOptions, assetsDir: 'none', required: {}, published: { outcomes: [npmOut, { ...crateHeld, outcome: 'published' as const }, tagFailed], needs: {} },
    });
    expect(onlyTag[0]).toMatchObject({ outcome: 'published' });
  });

  it('P12 GIVEN the umbrella waits for a held-back package and a failed one WHEN made THEN it stays a draft naming both, and it failed', async () => {
    const { ws, fsys } = workspace();
    const gh = new FakeGh(ws);
    const cli = { ...product('cli', 'rust-crate'), githubRelease: false, packages: [{ target: 'crates-io' as const, name: 'quill-cli', version: '2.0.0', state: 'missing' as const }] };
    const run = { ...RUN, products: [napiWithRelease(), cli] };
    gh.releases.set('node-v2.0.0', { isDraft: false, assets: [], notes: '', prerelease: false });
    const cliHeld = { product: 'cli', target: 'crates-io', subject: 'quill-cli', version: '2.0.0', outcome: 'held-back' as const, detail: 'held back' };
    const published = { outcomes: [npmFailed, cliHeld], needs: {} };
    const umbrella = await umbrellaRelease(run, { exec: gh, git: RELEASED.git, fs: fsys, log: memoryLog() }, { ...options, published });
    expect(umbrella).toMatchObject({ outcome: 'failed', detail: 'kept as a draft: not every product of the release is out (npm @quill/node, crates-io quill-cli); dispatch the release again once they are' });
  });

  it('GIVEN an umbrella draft an earlier run kept WHEN a product is still not out THEN its notes are refreshed and it stays a draft', async () => {
    const { ws, fsys } = workspace();
    const gh = new FakeGh(ws);
    gh.releases.set('v2.0.0', { isDraft: true, assets: [], notes: 'old', prerelease: false });
    gh.releases.set('ffi-v2.0.0', { isDraft: false, assets: [], notes: '', prerelease: false });
    const outcome = await umbrellaRelease(RUN, { exec: gh, git: RELEASED.git, fs: fsys, log: memoryLog() }, options);
    expect(outcome).toMatchObject({ outcome: 'failed', detail: 'kept as a draft: not every product of the release is out (the GitHub Release of desktop); dispatch the release again once they are' });
    expect(gh.releases.get('v2.0.0')!.isDraft).toBe(true);
    expect(gh.calls.filter((c) => c[2] === 'v2.0.0').map((c) => c[1])).toEqual(['view', 'edit']);
    expect(gh.releases.get('v2.0.0')!.notes).toContain('- desktop 2.0.0: not released yet (see the release run)');
  });

  it('GIVEN a prerelease WHEN its umbrella waits for a product, and then when a re-run finishes the draft THEN it is a prerelease draft, then a published prerelease, never Latest', async () => {
    const { ws, fsys } = workspace();
    const gh = new FakeGh(ws);
    const pre = { ...RUN, version: '2.0.0-rc.1', umbrellaTag: 'v2.0.0-rc.1', products: [{ ...product('ffi'), tag: 'ffi-v2.0.0-rc.1' }] };
    const log = memoryLog();
    expect(await umbrellaRelease(pre, { exec: gh, git: RELEASED.git, fs: fsys, log }, options)).toMatchObject({ outcome: 'failed' });
    expect(gh.releases.get('v2.0.0-rc.1')).toMatchObject({ isDraft: true, prerelease: true, title: '2.0.0-rc.1' });
    expect(gh.calls.find((c) => c[1] === 'create')).toContain('--verify-tag');
    gh.releases.set('ffi-v2.0.0-rc.1', { isDraft: false, assets: [], notes: '', prerelease: true });
    expect(await umbrellaRelease(pre, { exec: gh, git: RELEASED.git, fs: fsys, log }, options)).toMatchObject({ outcome: 'published' });
    expect(gh.releases.get('v2.0.0-rc.1')).toMatchObject({ isDraft: false, prerelease: true, latest: false });
    expect(log.lines.filter((l) => l.startsWith('::notice::'))).toEqual([]);
  });

  it('P11 GIVEN a live umbrella WHEN re-run THEN it is marked Latest only for a stable version that is the newest, with every product out', async () => {
    const { ws, fsys } = workspace();
    const live = (gh: FakeGh, tag: string) => gh.releases.set(tag, { isDraft: false, assets: [], notes: '', prerelease: false, latest: false });
    const rerun = async (run: ReleaseRun, checkout = RELEASED) => {
      const gh = new FakeGh(ws);
      live(gh, run.umbrellaTag);
      for (const p of run.products) live(gh, p.tag);
      const outcome = await umbrellaRelease(run, { exec: gh, git: checkout.git, fs: fsys, log: memoryLog() }, options);
      return [outcome.detail, gh.releases.get(run.umbrellaTag)!.latest];
    };
    expect(await rerun(RUN)).toEqual(['already there; its links were refreshed and it is marked latest', true]);
    expect(await rerun(RUN, OVERTAKEN)).toEqual(['already there; its links were refreshed', false]);
    const pre = { ...RUN, version: '2.0.0-rc.1', umbrellaTag: 'v2.0.0-rc.1', products: [{ ...product('ffi'), tag: 'ffi-v2.0.0-rc.1' }] };
    expect(await rerun(pre)).toEqual(['already there; its links were refreshed', false]);
  });

  it('P11 GIVEN a higher version already released WHEN the umbrella is published THEN a notice and the outcome\'s detail (what the summary shows) say why it is not Latest; the newest stable one gets neither', async () => {
    const { ws, fsys } = workspace();
    const publish = async (run: ReleaseRun, checkout = RELEASED) => {
      const gh = new FakeGh(ws);
      for (const p of run.products) gh.releases.set(p.tag, { isDraft: false, assets: [], notes: '', prerelease: false });
      const log = memoryLog();
      const outcome = await umbrellaRelease(run, { exec: gh, git: checkout.git, fs: fsys, log }, options);
      return [outcome.outcome, outcome.detail, log.lines.filter((l) => l.startsWith('::notice::'))];
    };
    expect(await publish(RUN, OVERTAKEN)).toEqual([
      'published',
      `links ${RUN.products.length} product release(s); not marked latest: a higher version is already released (v2.1.0)`,
      ['::notice::v2.0.0 is not marked latest: a higher version is already released (v2.1.0).'],
    ]);
    expect(await publish(RUN)).toEqual(['published', `links ${RUN.products.length} product release(s)`, []]);
  });

  it('P11 GIVEN a higher version is already released WHEN an older release is re-run and completed THEN its umbrella is never marked latest', async () => {
    const { ws, fsys } = workspace();
    const gh = new FakeGh(ws);
    const run = { ...RUN, products: [napiWithRelease()] };
    gh.releases.set('node-v2.0.0', { isDraft: false, assets: [], notes: '', prerelease: false });
    const out = { outcomes: [npmOut], needs: {} };
    await umbrellaRelease(run, { exec: gh, git: OVERTAKEN.git, fs: fsys, log: memoryLog() }, { ...options, published: out });
    expect(gh.calls.find((c) => c[1] === 'create' && c[2] === 'v2.0.0')).toContain('--latest=false');
    expect(gh.releases.get('v2.0.0')!.latest).toBe(false);
  });
});

describe('lockstep github-release --updater-manifest: what the release job asks for', () => {
  it('GIVEN --updater-manifest without --umbrella, or naming no Tauri app of the plan WHEN run THEN it is a usage error (exit 2) naming what to give, before gh is called', async () => {
    const dir = copyExample();
    const env = { ...releaseRunEnv(releaseRun({ version: '2.0.0', products: [] })), GITHUB_REPOSITORY: 'example/quill', PATH: '' };
    const without = await lockstep(dir, ['github-release', '--updater-manifest', 'quill-desktop', '--assets', 'a', '--artifacts', 'b'], env);
    expect([without.code, without.err]).toEqual([2, expect.stringMatching(/--updater-manifest quill-desktop: the umbrella release carries the updater manifest; give it with --umbrella/)]);
    const misspelt = await lockstep(dir, ['github-release', '--umbrella', '--updater-manifest', 'quill-dekstop'], env);
    expect([misspelt.code, misspelt.err]).toEqual([2, expect.stringMatching(/--updater-manifest quill-dekstop: the release plan has no Tauri app of that name \(its Tauri apps: quill-desktop\)/)]);
  });
});
