import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { FsRepoReader, buildPlan, planConfigOf } from '../../src/model';
import { exampleProducts } from '../support/example-products';
import { EXAMPLE_DIR, copyExample, synthIn } from '../support/fixtures';

describe('the example monorepo plan', () => {
  const dir = copyExample();
  const repo = new FsRepoReader(dir);
  const plan = buildPlan(planConfigOf({ products: exampleProducts() }, repo, '0.0.0'), repo);
  const track = plan.tracks[0];

  it('GIVEN the example WHEN planned THEN every product has its tag prefix, Go under sdk/go/v', () => {
    expect(track.products.map((p) => [p.name, p.tagPrefix])).toEqual([
      ['quill', 'quill-v'],
      ['quill-ffi', 'quill-ffi-v'],
      ['quill-ask', 'quill-ask-v'],
      ['quill-mcp', 'quill-mcp-v'],
      ['quill-py', 'quill-py-v'],
      ['quill-node', 'quill-node-v'],
      ['quill-wasm', 'quill-wasm-v'],
      ['sdk-go', 'sdk/go/v'],
      ['quill-desktop', 'quill-desktop-v'],
      ['quill-notes', 'quill-notes-v'],
    ]);
    expect(track.umbrellaTagPrefix).toBe('v');
  });

  it('GIVEN path dependencies WHEN planned THEN publish waves put every dependency first', () => {
    expect(track.publishWaves).toEqual([
      ['quill', 'sdk-go'],
      ['quill-ffi', 'quill-ask', 'quill-py', 'quill-node', 'quill-wasm', 'quill-desktop'],
      ['quill-mcp', 'quill-notes'],
    ]);
    expect(track.products.find((p) => p.name === 'quill-mcp')!.dependsOn.sort()).toEqual(['quill', 'quill-ask']);
    expect(track.products.find((p) => p.name === 'quill-notes')!.dependsOn).toEqual(['quill-node']);
  });

  it('GIVEN each Cargo pin form WHEN planned THEN each is a pin site at the same key path', () => {
    const pins = track.sites.filter((s) => s.role === 'pin').map((s) => `${s.file} ${s.keyPath.join('.')} -> ${s.target}`);
    expect(pins).toEqual([
      'Cargo.toml workspace.dependencies.quill-engine.version -> quill',
      'desktop/src-tauri/Cargo.toml target.cfg(not(target_os = "ios")).dependencies.quill-engine.version -> quill',
      'examples/notes/package.json dependencies.@quill-db/quill -> quill-node',
      'quill-ask/Cargo.toml dependencies.quill-engine.version -> quill',
      'quill-ffi/Cargo.toml dependencies.quill-engine.version -> quill',
      'quill-mcp/Cargo.toml dependencies.quill-ask.version -> quill-ask',
      'sdk/nodejs/Cargo.toml dependencies.quill-engine.version -> quill',
      'sdk/python/Cargo.toml dependencies.quill-engine.version -> quill',
      'sdk/wasm/Cargo.toml dependencies.quill-engine.version -> quill',
    ]);
  });

  it('GIVEN version.workspace = true WHEN planned THEN the root [workspace.package].version carries that crate', () => {
    const site = track.sites.find((s) => s.keyPath.join('.') === 'workspace.package.version')!;
    expect(site).toMatchObject({ file: 'Cargo.toml', role: 'version', products: ['quill-mcp'] });
  });

  it('GIVEN the Python and Tauri manifests WHEN planned THEN they use their own schemes', () => {
    expect(track.sites.find((s) => s.file === 'sdk/python/pyproject.toml')).toMatchObject({ keyPath: ['project', 'version'], scheme: 'pep440' });
    expect(track.sites.find((s) => s.file === 'desktop/src-tauri/tauri.conf.json')).toMatchObject({ keyPath: ['version'], scheme: 'tauri' });
  });

  it('GIVEN a nested workspace WHEN planned THEN its Cargo.lock is a lockfile of the plan (B6)', () => {
    expect(track.lockfiles).toEqual([
      { file: 'Cargo.lock', tool: 'cargo', packages: ['quill-ask', 'quill-desktop', 'quill-engine', 'quill-ffi', 'quill-mcp', 'quill-node', 'quill-py'] },
      { file: 'package-lock.json', tool: 'npm', packages: ['@quill-db/quill', 'quill-desktop', 'quill-notes'] },
      { file: 'sdk/wasm/Cargo.lock', tool: 'cargo', packages: ['quill-engine', 'quill-wasm'] },
    ]);
  });

  it('GIVEN registries WHEN planned THEN each product names the package it publishes', () => {
    const packages = Object.fromEntries(track.products.map((p) => [p.name, p.packages.map((k) => `${k.registry}:${k.name}`)]));
    expect(packages).toMatchObject({
      'quill': ['crates-io:quill-engine'],
      'quill-py': ['pypi:quill-db'],
      'quill-node': ['npm:@quill-db/quill'],
      'quill-wasm': ['npm:@quill-db/quill-wasm'],
      'sdk-go': ['go:github.com/example/quill/sdk/go'],
      'quill-ffi': [],
      'quill-desktop': [],
    });
  });

  it('GIVEN the example WHEN synthesized THEN the plan file is exactly the plan', () => {
    const out = synthIn(copyExample(), { products: exampleProducts() });
    const written = out['.lockstep/release-plan.json'];
    const { '//': _marker, source, ...rest } = written;
    expect(rest).toEqual({ ...plan, generator: { ...plan.generator, version: written.generator.version } });
    expect(source.options.products).toHaveLength(exampleProducts().length);
    expect(Object.keys(source.projenrc)).toEqual(['.projenrc.ts']);
  });
});

describe('the test helper mirrors the example', () => {
  it('GIVEN exampleProducts() WHEN planned THEN the plan equals the one examples/polyglot/.projenrc.ts committed', () => {
    const repo = new FsRepoReader(EXAMPLE_DIR);
    const committed = JSON.parse(fs.readFileSync(path.join(EXAMPLE_DIR, '.lockstep/release-plan.json'), 'utf8'));
    delete committed['//'];
    delete committed.source;
    const fromHelper = buildPlan(planConfigOf({ products: exampleProducts() }, repo, committed.generator.version), repo);
    expect(committed).toEqual(JSON.parse(JSON.stringify(fromHelper)));
  });
});
