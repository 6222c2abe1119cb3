import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { FsRepoReader, ManifestCache, MemoryRepoReader, ProductKind, discoverProducts, ownAttributes, ownIgnorePatterns, proposeBootstrap, uniqueNames } from '../../src/model';
import { REAL_FIXTURES_DIR } from '../support/real-repos';

/** What `projen new` proposes for an existing repository (the model half of the bootstrap). */
const propose = (files: Record<string, string>) => proposeBootstrap(new MemoryRepoReader(files), '0.0.0');
const real = (name: string) => proposeBootstrap(new FsRepoReader(path.join(REAL_FIXTURES_DIR, name)), '0.0.0');

describe('bootstrap proposal', () => {
  it('GIVEN SQLRite, whose maturin and napi packages are both named sqlrite WHEN proposed THEN every name is unique and the bindings get kind suffixes', () => {
    const proposal = real('sqlrite');
    const names = proposal.products.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(proposal.products.filter((p) => p.manifestName === 'sqlrite').map((p) => `${p.kind}:${p.path}:${p.name}`)).toEqual([
      'napi:sdk/nodejs:sqlrite-node',
      'maturin:sdk/python:sqlrite-py',
    ]);
    // An example Go module with a local module path (`sqlrite-example-hello`): Go could never serve it.
    expect(proposal.products.filter((p) => p.kind === ProductKind.GO_MODULE).map((p) => p.path)).toEqual(['examples/go-collector', 'sdk/go']);
    // A versioned manifest no product covers is excluded, saying what it carries; a private package.json too.
    expect(proposal.excludeManifests).toEqual([
      { file: 'examples/desktop-journal/demo/package.json', why: '"private": true, so npm never publishes it, and it carries "version": "0.10.1": the bump leaves it as it is (declare a product for it to version it too)' },
      { file: 'examples/python-agent/pyproject.toml', why: expect.stringMatching(/^not a product, but carries project\.version = "[^"]+".*the bump leaves it as it is/) },
      { file: 'web/package.json', why: '"private": true, so npm never publishes it, and it carries "version": "0.1.0": the bump leaves it as it is (declare a product for it to version it too)' },
    ]);
    expect(proposal.products.map((p) => p.path)).not.toContain('web');
  });

  it('GIVEN SQLRite\'s benchmarks crate, publish = false at 0.0.0 with a versioned path dependency on the engine WHEN proposed THEN it is a pin follower, saying why, not a product', () => {
    const proposal = real('sqlrite');
    expect(proposal.pinFollowers).toEqual([{
      file: 'benchmarks/Cargo.toml',
      why: 'publish = false at its own version 0.0.0 (the products are at 0.14.0), but pins sqlrite-engine: the bump moves its pins and keeps its version',
    }]);
    expect(proposal.products.map((p) => p.path)).not.toContain('benchmarks');
    expect(proposal.excludeManifests.map((e) => e.file)).not.toContain('benchmarks/Cargo.toml');
  });

  it('GIVEN an unpublished crate at the products\' version WHEN proposed THEN it stays a product (it follows the version as it is)', () => {
    const proposal = propose({
      'Cargo.toml': '[workspace]\nmembers = ["core", "tool"]\n',
      'core/Cargo.toml': '[package]\nname = "core"\nversion = "1.0.0"\n',
      'tool/Cargo.toml': '[package]\nname = "tool"\nversion = "1.0.0"\npublish = false\n\n[dependencies]\ncore = { path = "../core", version = "1.0.0" }\n',
    });
    expect(proposal.pinFollowers).toEqual([]);
    expect(proposal.products.map((p) => p.path)).toEqual(['core', 'tool']);
  });

  it('GIVEN a crate, a PyPI package and an npm package sharing a name WHEN proposed THEN the crate keeps it and the others are suffixed by kind', () => {
    const proposal = propose({
      'Cargo.toml': '[package]\nname = "x"\nversion = "1.0.0"\n',
      'py/pyproject.toml': '[build-system]\nbuild-backend = "maturin"\n\n[project]\nname = "x"\nversion = "1.0.0"\n',
      'py/Cargo.toml': '[package]\nname = "x-python"\nversion = "1.0.0"\n[lib]\ncrate-type = ["cdylib"]\n',
      'js/package.json': '{ "name": "@scope/x", "version": "1.0.0" }',
    });
    expect(proposal.products.map((p) => `${p.kind}:${p.name}`)).toEqual(['rust-crate:x', 'npm-package:x-js', 'maturin:x-py']);
  });

  it('GIVEN names that stay taken after the kind suffix WHEN made unique THEN the directory tells them apart, deterministically', () => {
    const products = [
      { kind: ProductKind.NPM_PACKAGE, path: 'a/x', name: 'x' },
      { kind: ProductKind.NPM_PACKAGE, path: 'b/x', name: 'x' },
    ];
    expect(uniqueNames(products).map((p) => p.name)).toEqual(['x-js', 'x-js-b-x']);
    expect(uniqueNames(products)).toEqual(uniqueNames(products));
  });

  it('GIVEN flovyn, a napi-rs v2 layout WHEN proposed THEN its npm/<platform> packages are part of the napi product, not products of their own', () => {
    const proposal = real('flovyn-sdk-rust');
    expect(proposal.products.filter((p) => p.path.startsWith('worker-napi')).map((p) => `${p.kind}:${p.path}`)).toEqual(['napi:worker-napi']);
  });

  it('GIVEN dioxide, whose examples carry versions WHEN proposed THEN each example manifest is excluded with why', () => {
    const proposal = real('dioxide');
    expect(proposal.products.map((p) => `${p.kind}:${p.path}`)).toContain('maturin:.');
    expect(proposal.excludeManifests.length).toBeGreaterThan(0);
    expect(proposal.excludeManifests.every((e) => e.file.startsWith('examples/') && /carries project\.version/.test(e.why))).toBe(true);
    expect(proposal.excludeManifests.find((e) => e.file === 'examples/click/pyproject.toml')?.why).toMatch(/pins dioxide at project\.dependencies\[0\]/);
  });

  it('GIVEN StarStats, a pnpm workspace whose Tauri app has no src-tauri/ WHEN proposed THEN the app and the two crates are products and the private packages are excluded', () => {
    const proposal = real('starstats');
    expect(proposal.products.map((p) => `${p.kind}:${p.path}`)).toEqual(['tauri-app:crates/starstats-client', 'rust-crate:crates/starstats-core', 'rust-crate:crates/starstats-server']);
    expect(proposal.excludeManifests.map((e) => e.file)).toEqual([
      'apps/tray-ui/package.json', 'apps/web/package.json', 'package.json',
      'packages/api-client-ts/package.json', 'packages/design-tokens/package.json', 'packages/reference-data/package.json',
    ]);
  });

  it('GIVEN package.json naming Yarn in packageManager WHEN proposed THEN it is refused naming that field', () => {
    const files = { 'Cargo.toml': '[package]\nname = "x"\nversion = "1.0.0"\n', 'package.json': '{ "packageManager": "yarn@4.5.0" }' };
    expect(() => propose(files)).toThrow(/^package\.json: its packageManager field names Yarn, and the generated workflows install them with npm \(package-lock\.json\) or pnpm \(pnpm-lock\.yaml\) only: this library cannot install with Yarn yet\. Nothing was written/);
  });

  it('GIVEN a yarn.lock beside a package-lock.json WHEN proposed THEN npm is what the repository uses and nothing is refused', () => {
    const files = { 'Cargo.toml': '[package]\nname = "x"\nversion = "1.0.0"\n', 'yarn.lock': '' };
    expect(() => propose(files)).toThrow(/^yarn\.lock: .* with Yarn/);
    expect(propose({ ...files, 'package-lock.json': '{}' }).products).toHaveLength(1);
  });

  it('GIVEN a repository with no product WHEN proposed THEN it says so', () => {
    expect(() => propose({ 'README.md': '# nothing to release\n', 'package.json': '{ "private": true }' })).toThrow(/^no product found: /);
  });

  it('GIVEN a crate with its tauri.conf.json beside its Cargo.toml (no src-tauri/) WHEN discovered THEN it is a Tauri app at that directory, as synth accepts it', () => {
    const repo = new MemoryRepoReader({
      'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n',
      'crates/tray/Cargo.toml': '[package]\nname = "tray"\nversion = "1.0.0"\n',
      'crates/tray/tauri.conf.json': JSON.stringify({ productName: 'Tray', version: '1.0.0', identifier: 'dev.example.tray' }),
      'crates/core/Cargo.toml': '[package]\nname = "core"\nversion = "1.0.0"\n',
    });
    expect(discoverProducts(new ManifestCache(repo), () => true).map((p) => `${p.kind}@${p.path}`)).toEqual(['rust-crate@crates/core', 'tauri-app@crates/tray']);
    const proposal = proposeBootstrap(repo, '0.0.0');
    expect(proposal.products.map((p) => `${p.kind}:${p.path}`)).toEqual(['rust-crate:crates/core', 'tauri-app:crates/tray']);
    expect(proposal.excludeManifests).toEqual([]);
  });

  it('GIVEN a .gitignore of the repository WHEN proposed THEN its patterns are carried over in order, comments and blank lines left out', () => {
    expect(ownIgnorePatterns('\uFEFF# secrets\r\n.env\r\n.envrc\r\n\r\n/dist\r\n!dist/keep\r\n.env\r\n')).toEqual(['.env', '.envrc', '/dist', '!dist/keep']);
    expect(ownIgnorePatterns('# ~~ Generated by projen. To modify, edit .projenrc.ts and run "npx projen".\nnode_modules/\n')).toEqual([]);
  });
});

describe('the repository\'s own files at generated paths', () => {
  it('GIVEN SQLRite\'s own ci.yml, release-pr.yml, release.yml and bump script WHEN proposed THEN each is kept: CI and release PR off, the release workflow and bump script written beside them', () => {
    const keep = real('sqlrite').keep;
    expect(keep.ciOff).toMatch(/^the repository's own \.github\/workflows\/ci\.yml stays/);
    expect(keep.releasePrOff).toMatch(/^the repository's own \.github\/workflows\/release-pr\.yml stays/);
    expect(keep.releaseWorkflow?.file).toBe('lockstep-release.yml');
    expect(keep.bumpScript?.file).toBe('scripts/lockstep-bump.sh');
    expect(keep.secretsDocOff).toBeUndefined();
  });

  it('GIVEN an own ci.yml without a workflow_dispatch trigger WHEN proposed THEN the release PR, which dispatches it, is off and says what to add', () => {
    const files = { 'Cargo.toml': '[package]\nname = "x"\nversion = "1.0.0"\n', '.github/workflows/ci.yml': 'on: [push]\njobs: {}\n' };
    expect(propose(files).keep.releasePrOff).toMatch(/has no workflow_dispatch trigger: add one, then remove this/);
    expect(propose({ ...files, '.github/workflows/ci.yml': 'on: [push, workflow_dispatch]\njobs: {}\n' }).keep).toEqual({ ciOff: expect.any(String) });
    // The word in a comment is not a trigger: synth reads the `on:` keys, so bootstrap must too (flovyn's CI).
    expect(propose({ ...files, '.github/workflows/ci.yml': '# runs on push; no workflow_dispatch here\non: [push]\njobs: {}\n' }).keep.releasePrOff)
      .toMatch(/has no workflow_dispatch trigger/);
    // A file projen generated is the project's to replace.
    expect(propose({ ...files, '.github/workflows/ci.yml': '# ~~ Generated by projen. To modify, edit .projenrc.ts and run "npx projen".\n' }).keep).toEqual({});
  });

  it('GIVEN a .gitattributes of the repository WHEN proposed THEN its lines are carried over as pattern and attributes', () => {
    expect(ownAttributes('# eol\n* text=auto eol=lf\n\n*.png binary\n')).toEqual([['*', 'text=auto', 'eol=lf'], ['*.png', 'binary']]);
  });
});

describe('discovery of maturin packages', () => {
  it('GIVEN a root crate and a root pyproject.toml whose manifest-path names another crate WHEN discovered THEN the root crate stays a crate and the maturin package owns the named one', () => {
    const repo = new MemoryRepoReader({
      'Cargo.toml': '[package]\nname = "tool"\nversion = "2.0.0"\n',
      'pyproject.toml': '[build-system]\nbuild-backend = "maturin"\n\n[project]\nname = "tool-py"\nversion = "2.0.0"\n\n[tool.maturin]\nmanifest-path = "bindings/python/Cargo.toml"\n',
      'bindings/python/Cargo.toml': '[package]\nname = "tool-python"\nversion = "2.0.0"\n[lib]\ncrate-type = ["cdylib"]\n',
    });
    expect(discoverProducts(new ManifestCache(repo), () => true).map((p) => `${p.kind}@${p.path}`)).toEqual(['maturin@.', 'rust-crate@.']);
    expect(proposeBootstrap(repo, '0.0.0').products.map((p) => `${p.kind}:${p.name}`)).toEqual(['maturin:tool-py', 'rust-crate:tool']);
  });
});
