import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { FsRepoReader, PlanOptions, Product, buildPlan, planConfigOf, trackOf } from '../../src/model';
import { main } from '../../src/runtime';
import { affectedProducts } from '../../src/runtime/affected/affected';
import { planEdits } from '../../src/runtime/bump/edit-plan';
import { git, tempDir } from '../support/fixtures';
import { ReleaseHistory } from '../support/release-histories';

/**
 * Per-track CI on the StarStats fixture (seed 002): a platform track (starstats-core and starstats-server,
 * the Cargo workspace's version) and a tray track (the Tauri app starstats-client, its own version) share
 * one Cargo workspace, so one Cargo.lock and one root Cargo.toml. A change to one track's files runs only
 * that track's jobs; a release bump of one track, which edits those shared files, too.
 */
const PLATFORM = ['starstats-core', 'starstats-server'];
const TRAY = ['starstats-client'];

async function affected(dir: string, env: Record<string, string>): Promise<{ products: string[]; changed: string[] }> {
  let out = '';
  let err = '';
  const code = await main(['affected', '--json'], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  expect([code, err]).toEqual([0, '']);
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

const push = (before: string) => ({ GITHUB_EVENT_NAME: 'push', BASE_SHA: before });

/** Cargo.lock at HEAD with the first package entry moved to another version: a dependency update, no bump. */
const lockWithDependencyUpdate = (dir: string) =>
  git(dir, 'show', 'HEAD:Cargo.lock').replace(/(\[\[package\]\]\nname = "[^"]+"\nversion = ")([^"]+)"/, '$19.9.9"');

describe('per-track CI on StarStats: one track\'s change runs only that track\'s jobs', () => {
  it('GIVEN a push that releases the tray (its Cargo.toml, tauri.conf.json and its Cargo.lock entry) WHEN detected THEN only the tray runs, not the platform that reads the same Cargo.lock', async () => {
    const h = ReleaseHistory.of('starstats');
    const before = h.head();
    h.setVersion('tray', '0.2.0').commit('chore: bump tray to 0.2.0');
    const r = await affected(h.dir, push(before));
    expect(r.changed).toEqual(expect.arrayContaining(['Cargo.lock', 'crates/starstats-client/Cargo.toml', 'crates/starstats-client/tauri.conf.json']));
    expect(r.products).toEqual(TRAY);
  });

  it('GIVEN a push that releases the platform (the workspace version in the root Cargo.toml and Cargo.lock) WHEN detected THEN only the platform runs', async () => {
    const h = ReleaseHistory.of('starstats');
    const before = h.head();
    h.setVersion('platform', '0.2.0').commit('chore: bump platform to 0.2.0');
    const r = await affected(h.dir, push(before));
    expect(r.changed).toEqual(expect.arrayContaining(['Cargo.lock', 'Cargo.toml']));
    expect(r.products).toEqual(PLATFORM);
  });

  it('GIVEN one squash merge that releases both tracks WHEN detected THEN both run', async () => {
    const h = ReleaseHistory.of('starstats');
    const before = h.head();
    h.branch('bump').setVersion('platform', '0.2.0').setVersion('tray', '0.2.0').commit('chore: bump both');
    h.checkout('main');
    h.squashMerge('bump', 'chore: bump platform and tray to 0.2.0 (#91)');
    expect((await affected(h.dir, push(before))).products).toEqual([...PLATFORM, ...TRAY]);
  });

  it('GIVEN a tray bump that also changes another Cargo.lock entry WHEN detected THEN the lockfile counts as any change: every crate reading it runs', async () => {
    const h = ReleaseHistory.of('starstats');
    const before = h.head();
    h.setVersion('tray', '0.2.0');
    h.write('Cargo.lock', lockWithDependencyUpdate(h.dir)).commit('chore: bump tray to 0.2.0, and a dependency');
    expect((await affected(h.dir, push(before))).products).toEqual([...PLATFORM, ...TRAY]);
  });

  it('GIVEN a pull request that releases the tray WHEN detected against its base THEN only the tray runs', async () => {
    const h = ReleaseHistory.of('starstats');
    const base = h.head();
    h.branch('bump-tray').setVersion('tray', '0.2.0-alpha.1').commit('chore: bump tray to 0.2.0-alpha.1');
    const r = await affected(h.dir, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_HEAD_REF: 'bump-tray', BASE_SHA: base });
    expect(r.products).toEqual(TRAY);
  });

  it('GIVEN a pull request that releases the tray while main moved on with a new Cargo.lock entry WHEN detected THEN only the tray runs: the bump is replayed where the branch left main', async () => {
    const h = ReleaseHistory.of('starstats');
    const forkPoint = h.head();
    h.branch('bump-tray').setVersion('tray', '0.2.0').commit('chore: bump tray to 0.2.0');
    h.checkout('main');
    const base = h.write('Cargo.lock', lockWithDependencyUpdate(h.dir)).commit('chore: update a dependency');
    h.checkout('bump-tray');
    const r = await affected(h.dir, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_HEAD_REF: 'bump-tray', BASE_SHA: base });
    expect(base).not.toBe(forkPoint);
    expect(r.products).toEqual(TRAY);
  });

  it('GIVEN a force push that dropped a commit updating a Cargo.lock entry and releases the tray WHEN detected THEN Cargo.lock is compared with the old tip, where its change is more than the bump: every crate reading it runs', async () => {
    const h = ReleaseHistory.of('starstats');
    const start = h.head();
    const oldTip = h.write('Cargo.lock', lockWithDependencyUpdate(h.dir)).commit('chore: update a dependency');
    git(h.dir, 'reset', '-q', '--hard', start);
    h.setVersion('tray', '0.2.0').commit('chore: bump tray to 0.2.0');
    const r = await affected(h.dir, push(oldTip));
    expect(r.changed).toContain('Cargo.lock');
    expect(r.products).toEqual([...PLATFORM, ...TRAY]);
  });

  it('GIVEN a tray whose version was set by hand to no release version WHEN a push moves it to 0.2.0 THEN only a move between release versions is a release bump: Cargo.lock runs every crate reading it', async () => {
    const h = ReleaseHistory.of('starstats');
    const manifest = 'crates/starstats-client/Cargo.toml';
    const text = fs.readFileSync(path.join(h.dir, manifest), 'utf8');
    const before = h.write(manifest, text.replace(/^version = "[^"]+"$/m, 'version = "0.2.0-dev+local"')).commit('chore: mark the tray as in development');
    h.setVersion('tray', '0.2.0').commit('chore: bump tray to 0.2.0');
    const r = await affected(h.dir, push(before));
    expect(r.changed).toEqual(expect.arrayContaining(['Cargo.lock', manifest]));
    expect(r.products).toEqual([...PLATFORM, ...TRAY]);
  });

  it('GIVEN a push that sets the tray by hand to a version its Tauri app cannot carry (its MSI orders no -gamma) WHEN detected THEN a bump the release would refuse is no release bump: Cargo.lock runs every crate reading it', async () => {
    const h = ReleaseHistory.of('starstats');
    const before = h.head();
    const conf = 'crates/starstats-client/tauri.conf.json';
    const edits = planEdits(trackOf(h.plan, 'tray'), '0.2.0-gamma.1', new FsRepoReader(h.dir));
    expect(edits.problems.map((p) => p.file)).toEqual([conf]);
    // The files the release would have edited, as it edits them; tauri.conf.json by hand.
    for (const f of edits.files) h.write(f.file, f.after);
    h.write(conf, fs.readFileSync(path.join(h.dir, conf), 'utf8').replace(/"version": "[^"]+"/, '"version": "0.2.0-gamma.1"'));
    h.commit('chore: tray 0.2.0-gamma.1');
    const r = await affected(h.dir, push(before));
    expect(r.changed).toEqual(expect.arrayContaining(['Cargo.lock', conf]));
    expect(r.products).toEqual([...PLATFORM, ...TRAY]);
  });

  it('GIVEN a pushed tray bump and an uncommitted change to Cargo.lock in the index WHEN detected THEN the commits decide: only the tray runs', async () => {
    const h = ReleaseHistory.of('starstats');
    const before = h.head();
    h.setVersion('tray', '0.2.0').commit('chore: bump tray to 0.2.0');
    fs.appendFileSync(path.join(h.dir, 'Cargo.lock'), '\n# staged, not committed\n');
    git(h.dir, 'add', 'Cargo.lock');
    expect((await affected(h.dir, push(before))).products).toEqual(TRAY);
  });

  it('GIVEN the tray\'s files WHEN changed THEN only the tray runs: its crate, and its frontend apps/tray-ui (tauri.conf.json builds it into frontendDist)', () => {
    const { plan } = ReleaseHistory.of('starstats');
    expect(affectedProducts(plan, ['crates/starstats-client/src/main.rs']).products).toEqual(TRAY);
    expect(affectedProducts(plan, ['apps/tray-ui/src/App.tsx']).products).toEqual(TRAY);
    expect(affectedProducts(plan, ['crates/starstats-server/src/main.rs']).products).toEqual(['starstats-server']);
    expect(affectedProducts(plan, ['apps/web/app/page.tsx']).products).toEqual([]);
    // The tray reads starstats-core by path: a core change is both tracks' change.
    expect(affectedProducts(plan, ['crates/starstats-core/src/lib.rs']).products).toEqual([...PLATFORM, ...TRAY]);
  });
});

/** Two crates released on tracks of their own that share one Cargo workspace, so one Cargo.lock. */
const WORKSPACE = {
  'Cargo.toml': '[workspace]\nresolver = "2"\nmembers = ["crates/alpha", "crates/xray"]\n',
  'crates/alpha/Cargo.toml': '[package]\nname = "alpha"\nversion = "1.0.0"\nedition = "2021"\n',
  'crates/alpha/src/lib.rs': '',
  'crates/xray/Cargo.toml': '[package]\nname = "xray"\nversion = "1.0.0"\nedition = "2021"\n',
  'crates/xray/src/lib.rs': '',
  'Cargo.lock': '# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\nversion = 3\n\n' +
    '[[package]]\nname = "alpha"\nversion = "1.0.0"\n\n[[package]]\nname = "xray"\nversion = "1.0.0"\n',
};

function workspaceTracks(withWeb: boolean): PlanOptions {
  return {
    tracks: [
      { name: 'alpha', products: [Product.rustCrate({ path: 'crates/alpha' })] },
      { name: 'xray', products: [Product.rustCrate({ path: 'crates/xray' })] },
      ...(withWeb ? [{ name: 'web', products: [Product.npmPackage({ path: 'web' })] }] : []),
    ],
  };
}

describe('a release bump pushed with a new product', () => {
  it('GIVEN a push that releases alpha and adds an npm package on a track of its own WHEN detected THEN the package\'s manifest, missing at the base, gives that track no version there, and alpha\'s bump is still recognised: xray, which reads the same Cargo.lock, does not run', async () => {
    const h = ReleaseHistory.ofFiles(WORKSPACE, workspaceTracks(false));
    const before = h.head();
    h.setVersion('alpha', '1.1.0').write('web/package.json', '{\n  "name": "web-app",\n  "version": "1.0.0"\n}\n').write('web/index.js', '');
    const reader = new FsRepoReader(h.dir);
    const plan = buildPlan(planConfigOf(workspaceTracks(true), reader, '0.0.0'), reader);
    h.write(plan.planFile, `${JSON.stringify(plan, undefined, 2)}\n`).commit('feat: the web app; chore: release alpha 1.1.0');
    const r = await affected(h.dir, push(before));
    expect(r.changed).toEqual(expect.arrayContaining(['Cargo.lock', 'crates/alpha/Cargo.toml', 'web/package.json']));
    expect(r.products).toEqual(['alpha', 'web-app']);
  });
});

describe('a release bump whose base the clone cannot read', () => {
  it('GIVEN a blob-less partial clone whose origin is gone WHEN a push releasing alpha and the web package is detected THEN reading the base fails, and detection stops refining: every crate reading Cargo.lock runs', async () => {
    const h = ReleaseHistory.ofFiles({ ...WORKSPACE, 'web/package.json': '{\n  "name": "web-app",\n  "version": "1.0.0"\n}\n', 'web/index.js': '' }, workspaceTracks(true));
    const before = h.head();
    h.setVersion('alpha', '1.1.0').setVersion('web', '1.1.0').commit('chore: release alpha and web 1.1.0');
    h.push('main');
    // A clone as actions/checkout makes it with `filter: blob:none`: the base's blobs stay on origin, fetched
    // when read. The base's alpha files were read while origin answered; then it is gone, and `git show` of
    // the base's web/package.json fails as a fetch, not as a file that does not exist.
    git(h.remote, 'config', 'uploadpack.allowFilter', 'true');
    const clone = tempDir('lockstep-partial-');
    git(clone, 'clone', '-q', '--filter=blob:none', `file://${h.remote}`, '.');
    for (const file of ['Cargo.lock', 'crates/alpha/Cargo.toml']) git(clone, 'show', `${before}:${file}`);
    git(clone, 'remote', 'set-url', 'origin', path.join(clone, 'gone'));
    expect(() => git(clone, 'show', `${before}:web/package.json`)).toThrow(/could not fetch/);
    const r = await affected(clone, push(before));
    expect(r.changed).toEqual(expect.arrayContaining(['Cargo.lock', 'crates/alpha/Cargo.toml', 'web/package.json']));
    expect(r.products).toEqual(['alpha', 'xray', 'web-app']);
  });
});
