import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { FsRepoReader, Product, buildPlan, planConfigOf } from '../../src/model';
import { synthRelease } from '../components/release-publish-support';
import { lockstep, planOf, repoOnDisk } from '../runtime/bump/helpers';
import { writeRepo } from '../support/fixtures';
import { copyRealFixture, realFixture } from '../support/real-repos';

/**
 * Issue 11, item 7: a Tauri app whose tauri.conf.json sits beside its Cargo.toml (no `src-tauri/`, as
 * StarStats' tray) is declared with `Product.tauriApp({ path })` like the `src-tauri/` layout.
 */
const flat = {
  'tray/Cargo.toml': '[package]\nname = "tray"\nversion = "1.9.0"\nedition = "2021"\n',
  'tray/tauri.conf.json': '{\n  "productName": "Tray",\n  "version": "1.9.0",\n  "identifier": "app.tray"\n}\n',
};
const nested = {
  'desk/package.json': '{ "name": "desk-ui", "private": true, "version": "1.9.0" }\n',
  'desk/src-tauri/Cargo.toml': '[package]\nname = "desk"\nversion = "1.9.0"\nedition = "2021"\n',
  'desk/src-tauri/tauri.conf.json': '{ "version": "1.9.0", "identifier": "app.desk" }\n',
};

describe('Tauri app layouts', () => {
  it('GIVEN tauri.conf.json beside Cargo.toml WHEN planned THEN the app owns both, each a version site', () => {
    const { track } = planOf(flat, { products: [Product.tauriApp({ path: 'tray' })] });
    expect(track.products[0]).toMatchObject({ name: 'tray', kind: 'tauri-app', manifests: ['tray/Cargo.toml', 'tray/tauri.conf.json'] });
    expect(track.sites.map((s) => [s.file, s.keyPath.join('.'), s.scheme])).toEqual([['tray/Cargo.toml', 'package.version', 'semver'], ['tray/tauri.conf.json', 'version', 'tauri']]);
  });

  it('GIVEN the src-tauri/ layout WHEN planned THEN it is read as before, the frontend package.json included', () => {
    const { track } = planOf(nested, { products: [Product.tauriApp({ path: 'desk' })] });
    expect(track.products[0].manifests).toEqual(['desk/package.json', 'desk/src-tauri/Cargo.toml', 'desk/src-tauri/tauri.conf.json']);
  });

  it('GIVEN a path with no tauri.conf.json in either place WHEN planned THEN the error names both places and the option', () => {
    expect(() => planOf({ 'tray/Cargo.toml': flat['tray/Cargo.toml'] }, { products: [Product.tauriApp({ path: 'tray' })] })).toThrow(
      "products[0] (tauri-app at 'tray'): neither tray/src-tauri/tauri.conf.json nor tray/tauri.conf.json found. " +
        "A tauri-app product needs a tauri.conf.json beside its Cargo.toml, in `src-tauri/` of its `path` or in `path` itself; fix the product's `path`.",
    );
  });

  it('GIVEN the flat layout WHEN bumped THEN Cargo.toml and tauri.conf.json both carry the new version', async () => {
    const dir = repoOnDisk(flat, { products: [Product.tauriApp({ path: 'tray' })] });
    const r = await lockstep(dir, 'bump', '1.10.0');
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'tray/Cargo.toml'), 'utf8')).toContain('version = "1.10.0"');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'tray/tauri.conf.json'), 'utf8')).version).toBe('1.10.0');
    expect((await lockstep(dir, 'verify')).code).toBe(0);
  });

  it('GIVEN the flat layout outside any workspace WHEN release.yml is generated THEN the installers are collected from the crate\'s own target/', () => {
    const { wf } = synthRelease(writeRepo(flat), { products: [Product.tauriApp({ path: 'tray' })] });
    const upload = wf.jobs['build-tray'].steps.find((s: any) => s.name === 'Keep the installers');
    expect(upload.with.path.split('\n')).toContain('tray/target/${{ matrix.target }}/release/bundle/msi/*.msi');
    expect(upload.with.path).not.toContain('src-tauri');
  });

  it('GIVEN StarStats\' tray track as declared in configs.ts (crates/starstats-client, no src-tauri/) WHEN planned THEN the tray owns its Cargo.toml and tauri.conf.json', () => {
    const repo = new FsRepoReader(copyRealFixture('starstats'));
    const plan = buildPlan(planConfigOf(realFixture('starstats').options(), repo, '0.0.0'), repo);
    const tray = plan.tracks.find((t) => t.name === 'tray')!;
    expect(tray.products[0]).toMatchObject({ name: 'starstats-client', manifests: ['crates/starstats-client/Cargo.toml', 'crates/starstats-client/tauri.conf.json'] });
  });
});
