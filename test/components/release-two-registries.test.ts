import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { SynthedRelease, exampleRelease, synthRelease } from './release-publish-support';
import { Product, WasmPackTarget } from '../../src';
import { exampleProducts } from '../support/example-products';
import { copyExample, errorOf } from '../support/fixtures';
import { copyRealFixture, handOverOwnFiles, realFixture } from '../support/real-repos';
import { checkWorkflows, formatFindings } from '../support/workflow-gates';

// Issue 17: a product with packages in two registries (publishCrate), and a wasm-pack product whose own
// package.json wraps wasm-pack's output.

/** The example with its WASM product declared as given, and its crate made publishable when asked. */
function exampleWithWasm(wasm: Product, edit: { publishable?: boolean; wrapper?: Record<string, unknown> } = {}): SynthedRelease {
  const dir = copyExample();
  const cargo = path.join(dir, 'sdk/wasm/Cargo.toml');
  // The maintainer who puts the crate on crates.io removes `publish = false` (publishCrate refuses it otherwise).
  if (edit.publishable) fs.writeFileSync(cargo, fs.readFileSync(cargo, 'utf8').replace('publish = false\n', ''));
  if (edit.wrapper) fs.writeFileSync(path.join(dir, 'sdk/wasm/package.json'), `${JSON.stringify(edit.wrapper, undefined, 2)}\n`);
  return synthRelease(dir, { products: [...exampleProducts().filter((p) => p.path !== 'sdk/wasm'), wasm] });
}

/** Every `secrets.<NAME>` a job's YAML reads. */
function secretsOf(job: unknown): string[] {
  return [...new Set([...JSON.stringify(job).matchAll(/secrets\.([A-Za-z0-9_]+)/g)].map((m) => m[1]))].sort();
}

/** The plan the synthesis wrote (projen keeps a JSON file as its object). */
const plan = (r: SynthedRelease) => r.out['.lockstep/release-plan.json'];

describe('release.yml: a wasm-pack crate also published to crates.io (publishCrate)', () => {
  const plain = exampleWithWasm(Product.wasmPack({ path: 'sdk/wasm', npmPackage: '@quill-db/quill-wasm' }), { publishable: true });
  const both = exampleWithWasm(Product.wasmPack({ path: 'sdk/wasm', npmPackage: '@quill-db/quill-wasm', publishCrate: true }), { publishable: true });

  it('GIVEN publishCrate WHEN synthesized THEN no job is added or removed, and every job keeps its needs, permissions and secrets', () => {
    expect(Object.keys(both.wf.jobs)).toEqual(Object.keys(plain.wf.jobs));
    for (const id of Object.keys(plain.wf.jobs)) {
      expect(both.wf.jobs[id].needs, id).toEqual(plain.wf.jobs[id].needs);
      expect(both.wf.jobs[id].permissions, id).toEqual(plain.wf.jobs[id].permissions);
      expect(secretsOf(both.wf.jobs[id]), id).toEqual(secretsOf(plain.wf.jobs[id]));
    }
    // crates.io's job exchanges its own OIDC token; the npm job keeps provenance's.
    expect(both.wf.jobs['publish-crates'].permissions).toEqual({ 'contents': 'read', 'id-token': 'write' });
    expect(both.wf.jobs['publish-npm'].permissions).toEqual({ 'contents': 'read', 'id-token': 'write' });
    expect(both.wf.jobs['publish-crates'].needs).toEqual(['plan', 'tag-all', 'check-crates']);
    expect(both.wf.jobs['publish-npm'].needs).toContain('build-quill-wasm');
  });

  it('GIVEN publishCrate WHEN planned THEN the product has the crate and the npm package, and crates.io publishes it after the engine it depends on', () => {
    const wasm = plan(both).tracks[0].products.find((p: any) => p.name === 'quill-wasm');
    expect(wasm.packages).toEqual([{ registry: 'npm', name: '@quill-db/quill-wasm' }, { registry: 'crates-io', name: 'quill-wasm' }]);
    expect(wasm.dependsOn).toContain('quill');
    const waves: string[][] = plan(both).tracks[0].publishWaves;
    expect(waves.findIndex((w) => w.includes('quill-wasm'))).toBeGreaterThan(waves.findIndex((w) => w.includes('quill')));
  });

  it('GIVEN publishCrate WHEN synthesized THEN the secrets doc registers the crate\'s trusted publisher on crates.io in publish order (after the engine), and its npm package as before', () => {
    const doc = both.out['docs/release-secrets.md'] as string;
    expect(doc).toContain('| Trusted publishers to register | 4 on crates.io, 6 on npm, 1 on PyPI |');
    expect(doc).toContain('4. [crates.io](#crates-io), in this order: [`quill-engine`](#crates-io-quill-engine), [`quill-ask`](#crates-io-quill-ask), [`quill-wasm`](#crates-io-quill-wasm), [`quill-mcp`](#crates-io-quill-mcp).');
    expect(doc).toContain('### crates.io: `quill-wasm`\n\nProduct `quill-wasm` (in `sdk/wasm/`), tags `quill-wasm-v*`, published by the job `publish-crates` of `release.yml`.');
    expect(doc).toContain('cargo publish --locked --manifest-path sdk/wasm/Cargo.toml   # quill-wasm');
    expect(doc).toContain('[`@quill-db/quill-wasm`](#npm-quill-db-quill-wasm)');
    expect(plain.out['docs/release-secrets.md']).toContain('| Trusted publishers to register | 3 on crates.io, 6 on npm, 1 on PyPI |');
  });

  it('GIVEN publishCrate and a system package in setup WHEN synthesized THEN the crate jobs that compile it set the package up too, and the npm job does not', () => {
    const r = exampleWithWasm(Product.wasmPack({ path: 'sdk/wasm', npmPackage: '@quill-db/quill-wasm', publishCrate: true, setup: { aptPackages: ['libssl-dev'] } }), { publishable: true });
    const apt = (job: string) => r.wf.jobs[job].steps.find((s: any) => s.name === 'Install system packages (setup.aptPackages)')?.run;
    for (const job of ['build-quill-wasm', 'check-crates', 'publish-crates']) expect(apt(job), job).toBe('sudo apt-get install --yes --no-install-recommends libssl-dev');
    expect(apt('publish-npm')).toBeUndefined();
  });

  it('GIVEN publishCrate on the example\'s napi crate, which says publish = false WHEN synthesized THEN one synth error names the option', () => {
    const products = exampleProducts().map((p) => (p.path === 'sdk/nodejs' ? Product.napi({ path: 'sdk/nodejs', name: 'quill-node', publishCrate: true }) : p));
    expect(errorOf(() => exampleRelease({ products })).message).toBe(
      'products[5].publishCrate: true, but sdk/nodejs/Cargo.toml says `publish = false`, so cargo would refuse to publish quill-node to crates.io at release time. ' +
        'Remove `publish = false` from sdk/nodejs/Cargo.toml to publish the crate, or drop `publishCrate` from products[5] to publish only its npm package.',
    );
  });
});

describe('release.yml: a wasm-pack product whose own package.json wraps pkg/', () => {
  const wrapper = { name: '@quill-db/quill-wasm', version: '0.3.0', main: 'pkg/quill_wasm.js', files: ['pkg'], repository: { type: 'git', url: 'git+https://github.com/example/quill.git' } };

  it('GIVEN the wrapper and target web WHEN synthesized THEN its build job sets up Rust for wasm32 and wasm-pack, builds for the web, and packs; npm publishes it with provenance', () => {
    const r = exampleWithWasm(Product.wasmPack({ path: 'sdk/wasm', target: WasmPackTarget.WEB }), { wrapper });
    const build = r.wf.jobs['build-quill-wasm'];
    const runs = build.steps.map((s: any) => s.run).filter(Boolean);
    expect(runs).toContain('cargo install wasm-pack --locked --version "$WASM_PACK_VERSION"');
    expect(build.steps.find((s: any) => s.name === 'Build the WASM package')).toMatchObject({ 'run': 'wasm-pack build --release --target web', 'working-directory': 'sdk/wasm' });
    expect(JSON.stringify(build.steps)).toContain('wasm32-unknown-unknown');
    expect(runs.some((s: string) => s.includes('pack-npm --product quill-wasm'))).toBe(true);
    expect(build.permissions).toEqual({ contents: 'read' });
    expect(secretsOf(build)).toEqual([]);
    const npm = r.wf.jobs['publish-npm'];
    expect(npm.needs).toContain('build-quill-wasm');
    expect(npm.permissions).toEqual({ 'contents': 'read', 'id-token': 'write' });
    expect(npm.steps.find((s: any) => s.name === 'Publish to npm in dependency order').run).toContain('--provenance auto');
  });

  it('GIVEN the wrapper WHEN synthesized THEN the secrets doc says provenance reads its repository from that package.json; without one the doc is as before', () => {
    const r = exampleWithWasm(Product.wasmPack({ path: 'sdk/wasm' }), { wrapper });
    expect(r.out['docs/release-secrets.md']).toContain(
      '(for a wasm-pack package, `repository` in its Cargo.toml, but in its own package.json for one that wraps wasm-pack\'s `pkg/` (`sdk/wasm/package.json`); napi-rs platform packages copy it from their main package)');
    expect(exampleRelease().out['docs/release-secrets.md']).toContain('(for a wasm-pack package, `repository` in its Cargo.toml; napi-rs platform packages copy it from their main package)');
  });

  it('GIVEN the wrapper WHEN planned THEN its package.json is the product\'s: a version site the bump edits, the npm name, and the directory npm packs', () => {
    const r = exampleWithWasm(Product.wasmPack({ path: 'sdk/wasm' }), { wrapper });
    const track = plan(r).tracks[0];
    const wasm = track.products.find((p: any) => p.name === 'quill-wasm');
    expect(wasm.packages).toEqual([{ registry: 'npm', name: '@quill-db/quill-wasm' }]);
    expect(wasm.settings).toEqual({ npmPackageDir: 'sdk/wasm' });
    expect(track.manifests).toContain('sdk/wasm/package.json');
    expect(track.sites).toContainEqual({ file: 'sdk/wasm/package.json', format: 'json', keyPath: ['version'], role: 'version', scheme: 'semver', products: ['quill-wasm'] });
  });

  it('GIVEN no target WHEN synthesized THEN wasm-pack builds for bundlers, its default, as before', () => {
    const r = exampleWithWasm(Product.wasmPack({ path: 'sdk/wasm' }), { wrapper });
    expect(r.wf.jobs['build-quill-wasm'].steps.find((s: any) => s.name === 'Build the WASM package').run).toBe('wasm-pack build --release --target bundler');
    expect(exampleRelease().wf.jobs['build-quill-wasm'].steps.find((s: any) => s.name === 'Build the WASM package').run).toBe('wasm-pack build --release --target bundler');
  });

  it('GIVEN a target that is not wasm-pack\'s WHEN synthesized THEN one synth error names the option and the targets', () => {
    const products = exampleProducts().map((p) => (p.path === 'sdk/wasm' ? Product.wasmPack({ path: 'sdk/wasm', target: 'web; curl x' as WasmPackTarget }) : p));
    expect(errorOf(() => exampleRelease({ products })).message)
      .toBe("products[6].target: 'web; curl x' is not a wasm-pack target; use one of 'bundler', 'web', 'nodejs', 'no-modules', 'deno' (WasmPackTarget).");
  });
});

describe('release.yml for ruvector\'s real shape: napi and wasm crates on crates.io too, @ruvector/wasm wrapping pkg/', () => {
  const dir = copyRealFixture('ruvector');
  handOverOwnFiles(dir);
  const r = synthRelease(dir, realFixture('ruvector').options());

  it('GIVEN its configuration WHEN synthesized THEN crates.io gets every published crate, napi and wasm ones in dependency order after what they depend on, and npm their packages', () => {
    const track = plan(r).tracks[0];
    const onCrates = track.products.filter((p: any) => p.packages.some((k: any) => k.registry === 'crates-io')).map((p: any) => p.name);
    expect(onCrates).toHaveLength(24);
    expect(onCrates).toEqual(expect.arrayContaining(['node', 'gnn', 'ruvector-wasm', 'ruvector-gnn-wasm', 'ruvector-graph-wasm', 'ruvector-router-wasm', 'ruvector-tiny-dancer-wasm']));
    const wave = (name: string) => track.publishWaves.findIndex((w: string[]) => w.includes(name));
    expect(wave('ruvector-wasm')).toBeGreaterThan(wave('ruvector-core'));
    expect(wave('node')).toBeGreaterThan(wave('ruvector-collections'));
    expect(track.products.find((p: any) => p.name === 'ruvector-wasm').packages).toEqual([{ registry: 'npm', name: '@ruvector/wasm' }, { registry: 'crates-io', name: 'ruvector-wasm' }]);
  });

  it('GIVEN its configuration WHEN synthesized THEN ruvector-wasm builds with the pinned wasm-pack for the web, and the publish jobs keep their own permissions and no stored secret', () => {
    expect(r.wf.jobs['build-ruvector-wasm'].steps.find((s: any) => s.name === 'Build the WASM package').run).toBe('wasm-pack build --release --target web');
    expect(r.wf.jobs['build-ruvector-gnn-wasm'].steps.find((s: any) => s.name === 'Build the WASM package').run).toBe('wasm-pack build --release --target bundler');
    expect(r.wf.jobs['publish-crates'].permissions).toEqual({ 'contents': 'read', 'id-token': 'write' });
    expect(r.wf.jobs['publish-npm'].permissions).toEqual({ 'contents': 'read', 'id-token': 'write' });
    expect(r.wf.jobs['publish-npm'].needs).toEqual(expect.arrayContaining(['build-ruvector-wasm', 'build-node', 'build-gnn']));
    for (const id of Object.keys(r.wf.jobs)) expect(secretsOf(r.wf.jobs[id]), id).toEqual([]);
  });

  it('GIVEN its release.yml WHEN every gate reads it THEN none finds anything', () => {
    const { findings } = checkWorkflows([r.file]);
    expect(findings, formatFindings(findings)).toEqual([]);
  });
});
