import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/runtime';
import { affectedProducts } from '../../src/runtime/affected/affected';
import { git } from '../support/fixtures';
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
    const lock = git(h.dir, 'show', 'HEAD:Cargo.lock').replace(/(\[\[package\]\]\nname = "[^"]+"\nversion = ")([^"]+)"/, '$19.9.9"');
    h.write('Cargo.lock', lock).commit('chore: bump tray to 0.2.0, and a dependency');
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
    const lock = git(h.dir, 'show', 'HEAD:Cargo.lock').replace(/(\[\[package\]\]\nname = "[^"]+"\nversion = ")([^"]+)"/, '$19.9.9"');
    const base = h.write('Cargo.lock', lock).commit('chore: update a dependency');
    h.checkout('bump-tray');
    const r = await affected(h.dir, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_HEAD_REF: 'bump-tray', BASE_SHA: base });
    expect(base).not.toBe(forkPoint);
    expect(r.products).toEqual(TRAY);
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
