import { describe, expect, it } from 'vitest';
import { ManifestCache, MemoryRepoReader, PathPattern, Product, buildPlan, discoverProducts, planConfigOf } from '../../src/model';

const files = {
  'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n\n[workspace.package]\nversion = "1.8.4"\n',
  'crates/core/Cargo.toml': '[package]\nname = "core"\nversion.workspace = true\n',
  'crates/server/Cargo.toml': '[package]\nname = "server"\nversion.workspace = true\n\n[dependencies]\ncore = { path = "../core" }\n',
  'crates/tray/Cargo.toml': '[package]\nname = "tray"\nversion = "1.9.0"\n\n[dependencies]\ncore = { path = "../core" }\n',
  'crates/tray/tauri.conf.json': '{ "version": "1.9.0", "identifier": "x" }',
  'crates/tray/py/pyproject.toml': '[build-system]\nbuild-backend = "maturin"\n',
  'sdk/go/go.mod': 'module example.com/m/sdk/go\n',
  'web/package.json': '{ "name": "@m/web", "version": "1.8.4" }',
};

describe('release tracks', () => {
  const repo = new MemoryRepoReader(files);
  const tracks = [
    { name: 'platform', products: [Product.rustCrate({ path: 'crates/core' }), Product.rustCrate({ path: 'crates/server' })] },
    { name: 'tray', products: [Product.rustCrate({ path: 'crates/tray' })] },
  ];

  it('GIVEN two tracks WHEN planned THEN each has its own umbrella prefix and version source', () => {
    const plan = buildPlan(planConfigOf({ tracks, excludeManifests: ['web', 'crates/tray/tauri.conf.json'] }, repo, '0.0.0'), repo);
    expect(plan.tracks.map((t) => [t.name, t.umbrellaTagPrefix, t.versionSource?.file])).toEqual([
      ['platform', 'v', 'Cargo.toml'],
      ['tray', 'tray-v', 'crates/tray/Cargo.toml'],
    ]);
    expect(plan.tracks[0].sites.find((s) => s.role === 'version')).toMatchObject({ products: ['core', 'server'] });
  });

  it('GIVEN tracks whose prefixes overlap WHEN planned THEN the overlap is refused', () => {
    const overlapping = [tracks[0], { ...tracks[1], umbrellaTagPrefix: 'v-tray' }];
    expect(() => buildPlan(planConfigOf({ tracks: overlapping, excludeManifests: ['web', 'crates/tray/tauri.conf.json'] }, repo, '0.0.0'), repo))
      .toThrow(/tag prefix 'v-tray' of track 'tray' starts with 'v' of track 'platform'/);
  });

  it('GIVEN a bad track name WHEN configured THEN the option is named', () => {
    expect(() => planConfigOf({ tracks: [{ name: 'Tray App', products: [] }] }, repo, '0.0.0')).toThrow(/tracks\[0\]\.name: 'Tray App'/);
  });
});

describe('product discovery when no products are declared', () => {
  it('GIVEN crates, a Go module and a versioned npm package WHEN discovered THEN each gets the kind its manifests point to', () => {
    const repo = new MemoryRepoReader({
      ...files,
      'crates/tray/tauri.conf.json': undefined as unknown as string,
      'desktop/src-tauri/Cargo.toml': '[package]\nname = "desk"\nversion = "1.8.4"\n',
      'desktop/src-tauri/tauri.conf.json': '{ "version": "1.8.4" }',
      'desktop/package.json': '{ "name": "desk-ui", "private": true, "version": "1.8.4" }',
      'bindings/node/Cargo.toml': '[package]\nname = "m-node"\nversion = "1.8.4"\n[lib]\ncrate-type = ["cdylib"]\n',
      'bindings/node/package.json': '{ "name": "@m/node", "version": "1.8.4", "napi": { "binaryName": "m" } }',
      'ffi/Cargo.toml': '[package]\nname = "m-ffi"\nversion = "1.8.4"\n[lib]\ncrate-type = ["cdylib", "staticlib"]\n',
    });
    const found = discoverProducts(new ManifestCache(repo), () => true).map((p) => `${p.kind}@${p.path}`);
    expect(found).toEqual([
      'napi@bindings/node',
      'rust-crate@crates/core',
      'rust-crate@crates/server',
      'rust-crate@crates/tray',
      'tauri-app@desktop',
      'c-ffi@ffi',
      'go-module@sdk/go',
      'npm-package@web',
    ]);
  });
});

describe('a one-product track', () => {
  it('GIVEN a track whose umbrella prefix is its product prefix WHEN planned THEN they share one tag', () => {
    const repo = new MemoryRepoReader({ 'tray/Cargo.toml': '[package]\nname = "tray"\nversion = "1.9.0"\n' });
    const plan = buildPlan(planConfigOf({ tracks: [{ name: 'tray', umbrellaTagPrefix: 'tray-v', products: [Product.rustCrate({ path: 'tray' })] }] }, repo, '0.0.0'), repo);
    expect(plan.tracks[0].umbrellaTagPrefix).toBe(plan.tracks[0].products[0].tagPrefix);
  });
});

describe('Cargo workspace membership', () => {
  const root = '[workspace]\nmembers = ["crates/*"]\nexclude = ["crates/legacy"]\n\n[workspace.package]\nversion = "3.0.0"\n';

  it('GIVEN a member by glob WHEN it inherits the version THEN the root carries it', () => {
    const repo = new MemoryRepoReader({ 'Cargo.toml': root, 'crates/a/Cargo.toml': '[package]\nname = "a"\nversion.workspace = true\n' });
    const track = buildPlan(planConfigOf({ products: [Product.rustCrate({ path: 'crates/a' })] }, repo, '0.0.0'), repo).tracks[0];
    expect(track.sites).toEqual([expect.objectContaining({ file: 'Cargo.toml', keyPath: ['workspace', 'package', 'version'], products: ['a'] })]);
  });

  it('GIVEN a crate the root excludes WHEN it claims to inherit the version THEN the error says there is no workspace root', () => {
    const repo = new MemoryRepoReader({ 'Cargo.toml': root, 'crates/legacy/Cargo.toml': '[package]\nname = "legacy"\nversion.workspace = true\n' });
    expect(() => buildPlan(planConfigOf({ products: [Product.rustCrate({ path: 'crates/legacy' })] }, repo, '0.0.0'), repo))
      .toThrow(/crates\/legacy\/Cargo\.toml: says `version\.workspace = true` but no workspace root above it/);
  });
});

describe('npm lockfiles', () => {
  it('B6 GIVEN a workspace entry without `name` (folder name = package name) WHEN planned THEN the link entry names it', () => {
    const repo = new MemoryRepoReader({
      'package.json': '{ "name": "root", "private": true, "workspaces": ["cli"] }',
      'cli/package.json': '{ "name": "cli", "version": "2.0.0" }',
      'package-lock.json': JSON.stringify({
        name: 'root',
        lockfileVersion: 3,
        packages: { '': { name: 'root', workspaces: ['cli'] }, 'cli': { version: '2.0.0' }, 'node_modules/cli': { resolved: 'cli', link: true } },
      }),
    });
    const track = buildPlan(planConfigOf({ products: [Product.npmPackage({ path: 'cli' })] }, repo, '0.0.0'), repo).tracks[0];
    expect(track.lockfiles).toEqual([{ file: 'package-lock.json', tool: 'npm', packages: ['cli'] }]);
  });
});

describe('one glob matcher for workspace members and change detection', () => {
  it('GIVEN members = ["**/crates/*"] WHEN a crate sits at crates/a THEN `**/` matches zero folders, as in Cargo', () => {
    const repo = new MemoryRepoReader({
      'Cargo.toml': '[workspace]\nmembers = ["**/crates/*"]\n\n[workspace.package]\nversion = "3.0.0"\n',
      'crates/a/Cargo.toml': '[package]\nname = "a"\nversion.workspace = true\n',
    });
    const track = buildPlan(planConfigOf({ products: [Product.rustCrate({ path: 'crates/a' })] }, repo, '0.0.0'), repo).tracks[0];
    expect(track.sites[0]).toMatchObject({ file: 'Cargo.toml', keyPath: ['workspace', 'package', 'version'] });
  });

  it('GIVEN a member pattern WHEN matched exactly THEN a folder below a member is not a member', () => {
    expect(PathPattern.parse('crates/*', { below: false }).matches('crates/a')).toBe(true);
    expect(PathPattern.parse('crates/*', { below: false }).matches('crates/a/sub')).toBe(false);
    expect(PathPattern.parse('crates/*').matches('crates/a/sub')).toBe(true);
  });
});
