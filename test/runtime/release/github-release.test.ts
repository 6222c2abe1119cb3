import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { memoryLog } from './helpers';
import { gatherAssets, requiredAssetsFromEnv } from '../../../src/runtime/release/assets';
import { productReleases, umbrellaRelease } from '../../../src/runtime/release/github-release';
import { Exec, ExecResult } from '../../../src/runtime/release/ports';
import { NodeFs } from '../../../src/runtime/release/real-deps';
import { ReleaseRun, RunProduct } from '../../../src/runtime/release/run';
import { tempDir } from '../../support/fixtures';

/** The GitHub API behind the gh CLI, faked in memory: GitHub cannot be reached from the tests (the one fake the runtime tests allow). */
class FakeGh implements Exec {
  public readonly releases = new Map<string, { isDraft: boolean; assets: string[]; notes: string; prerelease: boolean; latest?: boolean }>();
  public readonly calls: string[][] = [];
  public failUpload = false;
  constructor(private readonly ws: string) {}
  public async run(command: string, all: readonly string[]): Promise<ExecResult> {
    if (command !== 'gh') throw new Error(`unexpected ${command}`);
    const r = all.indexOf('--repo');
    if (r < 0 || all[r + 1] !== 'example/quill') return { code: 1, stdout: '', stderr: 'no --repo example/quill' };
    const args = all.filter((_, i) => i !== r && i !== r + 1);
    this.calls.push([...args]);
    const [, verb, tag] = args;
    const rel = this.releases.get(tag);
    const ok = (stdout = ''): ExecResult => ({ code: 0, stdout, stderr: '' });
    switch (verb) {
      case 'view':
        return rel ? ok(JSON.stringify({ isDraft: rel.isDraft, assets: rel.assets.map((name) => ({ name })) })) : { code: 1, stdout: '', stderr: 'release not found' };
      case 'create': {
        const notesFile = args.indexOf('--notes-file');
        const notes = notesFile > 0 ? fs.readFileSync(path.join(this.ws, args[notesFile + 1]), 'utf8') : args[args.indexOf('--notes') + 1];
        this.releases.set(tag, { isDraft: args.includes('--draft'), assets: [], notes, prerelease: args.includes('--prerelease'), latest: args.includes('--latest') });
        return ok();
      }
      case 'upload':
        if (this.failUpload) return { code: 1, stdout: '', stderr: 'HTTP 502: Bad Gateway (https://uploads.github.com/...)' };
        rel!.assets.push(...args.slice(3).filter((a) => !a.startsWith('--')).map((a) => path.basename(a)));
        return ok();
      case 'edit':
        if (args.includes('--draft=false')) rel!.isDraft = false;
        if (args.includes('--latest')) rel!.latest = true;
        if (args.includes('--notes-file')) rel!.notes = fs.readFileSync(path.join(this.ws, args[args.indexOf('--notes-file') + 1]), 'utf8');
        return ok();
      default:
        return { code: 1, stdout: '', stderr: `unknown gh release ${verb}` };
    }
  }
}

const product = (name: string, kind = 'c-ffi'): RunProduct => ({ name, kind, path: name, tag: `${name}-v2.0.0`, githubRelease: true, dependsOn: [], settings: {}, packages: [{ target: 'github-release', name, version: `${name}-v2.0.0`, state: 'missing' }] });
const RUN: ReleaseRun = {
  schema: 1,
  release: true,
  reason: 't',
  dryRun: false,
  event: 'push',
  track: 'default',
  version: '2.0.0',
  commit: 'b'.repeat(40),
  umbrellaTag: 'v2.0.0',
  releaseBranch: 'main',
  products: [product('ffi'), product('desktop', 'tauri-app')],
  publishWaves: [['ffi', 'desktop']],
  todo: ['github-release'],
};
const options = { dryRun: false, repository: 'example/quill', serverUrl: 'https://github.com' };
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
    const outcome = await umbrellaRelease(RUN, { exec: gh, fs: fsys, log: memoryLog() }, options);
    expect(outcome).toMatchObject({
      outcome: 'failed',
      detail: 'kept as a draft: not every product of the release is out (the GitHub Release of desktop); dispatch the release again once they are',
    });
    expect(gh.releases.get('v2.0.0')).toMatchObject({ isDraft: true, latest: false });
    const notes = gh.releases.get('v2.0.0')!.notes;
    expect(notes).toContain('- [ffi 2.0.0](https://github.com/example/quill/releases/tag/ffi-v2.0.0)');
    expect(notes).toContain('- desktop 2.0.0: not released yet');
    gh.releases.set('desktop-v2.0.0', { isDraft: false, assets: [], notes: '', prerelease: false });
    const again = await umbrellaRelease(RUN, { exec: gh, fs: fsys, log: memoryLog() }, options);
    expect(again).toMatchObject({ outcome: 'published', detail: 'the draft an earlier run kept is published; it links 2 product release(s)' });
    expect(gh.releases.get('v2.0.0')).toMatchObject({ isDraft: false, latest: true });
    expect(gh.releases.get('v2.0.0')!.notes).toContain('- [desktop 2.0.0](https://github.com/example/quill/releases/tag/desktop-v2.0.0)');
    // A third run finds it live: the links are refreshed, nothing else.
    const third = await umbrellaRelease(RUN, { exec: gh, fs: fsys, log: memoryLog() }, options);
    expect(third).toMatchObject({ outcome: 'skipped:already-published', detail: 'already there; its links were refreshed and it is marked latest' });
  });

  it('GIVEN notes of the track and of each product WHEN the releases are made THEN each body carries its own notes below the links, and GitHub generates none (it would start at any previous tag)', async () => {
    const { ws, fsys } = workspace();
    const gh = new FakeGh(ws);
    const withNotes = { umbrellaNotes: '## Changes to track default since `v1.0.0`\n\n- fix: x (abc)\n', productNotes: { ffi: '## Changes to product ffi since `ffi-v1.0.0`\n' } };
    await productReleases(RUN, { exec: gh, fs: fsys, log: memoryLog() }, { ...releaseOptions, ...withNotes, assetsDir: 'none', required: {} });
    await umbrellaRelease(RUN, { exec: gh, fs: fsys, log: memoryLog() }, { ...options, ...withNotes });
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
    await umbrellaRelease(pre, { exec: gh, fs: fsys, log: memoryLog() }, options);
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
    const deps = { exec: gh, fs: fsys, log: memoryLog() };
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
    const deps = { exec: gh, fs: fsys, log: memoryLog() };
    const first = await umbrellaRelease(run, deps, { ...options, published: { outcomes: [npmFailed], needs: {} } });
    expect(first).toMatchObject({
      outcome: 'failed',
      detail: 'kept as a draft: not every product of the release is out (npm @quill/node); dispatch the release again once they are',
    });
    expect(gh.calls.find((c) => c[1] === 'create' && c[2] === 'v2.0.0')).toContain('--draft');
    expect(gh.releases.get('v2.0.0')).toMatchObject({ isDraft: true, latest: false });
    const second = await umbrellaRelease(run, { exec: gh, fs: fsys, log: memoryLog() }, { ...options, published: { outcomes: [npmOut], needs: {} } });
    expect(second.outcome).toBe('published');
    expect(gh.calls.find((c) => c[1] === 'edit' && c[2] === 'v2.0.0')).toEqual(expect.arrayContaining(['--draft=false', '--latest']));
    expect(gh.releases.get('v2.0.0')).toMatchObject({ isDraft: false, latest: true });
  });

  it('GIVEN a product held back by its dependsOn WHEN the releases are made THEN its release and the umbrella stay drafts, reported as held back, not failed', async () => {
    const { ws, fsys } = workspace();
    const gh = new FakeGh(ws);
    const run = { ...RUN, products: [napiWithRelease()] };
    const deps = { exec: gh, fs: fsys, log: memoryLog() };
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
    const outcome = await umbrellaRelease(RUN, { exec: gh, fs: fsys, log: memoryLog() }, options);
    expect(outcome).toMatchObject({ outcome: 'skipped:already-published', detail: 'already there; its links were refreshed' });
    expect(gh.releases.get('v2.0.0')).toMatchObject({ isDraft: false, latest: false });
    expect(gh.releases.get('v2.0.0')!.notes).toContain('- ffi 2.0.0: not released yet');
  });

  it('P11 GIVEN a higher version is already released WHEN an older release is re-run and completed THEN its umbrella is never marked latest', async () => {
    const { ws, fsys } = workspace();
    const gh = new FakeGh(ws);
    const run = { ...RUN, newest: false, products: [napiWithRelease()] };
    gh.releases.set('node-v2.0.0', { isDraft: false, assets: [], notes: '', prerelease: false });
    await umbrellaRelease(run, { exec: gh, fs: fsys, log: memoryLog() }, { ...options, published: { outcomes: [npmOut], needs: {} } });
    expect(gh.calls.find((c) => c[1] === 'create' && c[2] === 'v2.0.0')).toContain('--latest=false');
    expect(gh.releases.get('v2.0.0')!.latest).toBe(false);
  });
});
