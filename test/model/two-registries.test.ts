import { describe, expect, it } from 'vitest';
import { MemoryRepoReader, PlanOptions, Product, ProductPlan, ReleasePlan, WasmPackTarget, buildPlan, ciMatrices, optionsOfRecord, planConfigOf, planSourceOf } from '../../src/model';

/**
 * Issue 17: a product with packages in more than one registry (a napi or wasm-pack crate also published to
 * crates.io, `publishCrate`), and a wasm-pack product whose own package.json wraps wasm-pack's output.
 */

const crate = (name: string, extra = '') => `[package]\nname = "${name}"\nversion = "1.0.0"\nedition = "2021"\n${extra}`;
const core = { 'core/Cargo.toml': crate('core') };
const napiFiles = {
  ...core,
  'node/Cargo.toml': crate('core-node', '\n[lib]\ncrate-type = ["cdylib"]\n\n[dependencies]\ncore = { version = "1.0.0", path = "../core" }\n'),
  'node/package.json': JSON.stringify({ name: '@acme/node', version: '1.0.0', napi: { binaryName: 'core' } }, undefined, 2),
};
const wasmFiles = {
  ...core,
  'wasm/Cargo.toml': crate('core-wasm', '\n[lib]\ncrate-type = ["cdylib", "rlib"]\n\n[dependencies]\ncore = { version = "1.0.0", path = "../core" }\n'),
};

function plan(files: Record<string, string>, options: PlanOptions): ReleasePlan {
  const repo = new MemoryRepoReader(files);
  return buildPlan(planConfigOf(options, repo, '0.0.0'), repo);
}

function product(p: ReleasePlan, name: string): ProductPlan {
  return p.tracks[0].products.find((x) => x.name === name)!;
}

describe('a napi or wasm-pack crate also published to crates.io (publishCrate)', () => {
  it('GIVEN a napi product with publishCrate WHEN planned THEN it has its npm package and its crate, one version, published after the crates it depends on', () => {
    const p = plan(napiFiles, { products: [Product.rustCrate({ path: 'core' }), Product.napi({ path: 'node', publishCrate: true })] });
    const node = product(p, 'node');
    expect(node.registries).toEqual(['npm', 'crates-io']);
    expect(node.packages).toEqual([{ registry: 'npm', name: '@acme/node' }, { registry: 'crates-io', name: 'core-node' }]);
    expect(node.dependsOn).toEqual(['core']);
    expect(p.tracks[0].publishWaves).toEqual([['core'], ['node']]);
    // One product, one version: both manifests' versions are its own sites, one tag prefix.
    expect(p.tracks[0].sites.filter((s) => s.role === 'version' && s.products.includes('node')).map((s) => s.file).sort())
      .toEqual(['node/Cargo.toml', 'node/package.json']);
    expect(node.tagPrefix).toBe('node-v');
  });

  it('GIVEN a napi product without publishCrate WHEN planned THEN only its npm package is published, as before', () => {
    const p = plan(napiFiles, { products: [Product.rustCrate({ path: 'core' }), Product.napi({ path: 'node' })] });
    expect(product(p, 'node').packages).toEqual([{ registry: 'npm', name: '@acme/node' }]);
  });

  it('GIVEN a wasm-pack product with publishCrate WHEN planned THEN its crate goes to crates.io and its wasm-pack package to npm', () => {
    const p = plan(wasmFiles, { products: [Product.rustCrate({ path: 'core' }), Product.wasmPack({ path: 'wasm', publishCrate: true })] });
    expect(product(p, 'core-wasm').packages).toEqual([{ registry: 'npm', name: 'core-wasm' }, { registry: 'crates-io', name: 'core-wasm' }]);
  });

  it('GIVEN the crate declared as a rustCrate and as a napi product WHEN planned THEN one error names both options and the publishCrate option', () => {
    expect(() => plan(napiFiles, { products: [Product.rustCrate({ path: 'core' }), Product.rustCrate({ path: 'node' }), Product.napi({ path: 'node' })] }))
      .toThrow(
        "products[2]: manifest node/Cargo.toml is claimed by both products[1] (rust-crate 'core-node') and products[2] (napi 'node'). " +
          'To publish the crate to crates.io as well as its npm package, at one version, remove products[1] and set `publishCrate: true` on products[2].',
      );
  });

  it('GIVEN the wasm crate declared first as wasm-pack, then as a rustCrate WHEN planned THEN the same error names them in their roles', () => {
    expect(() => plan(wasmFiles, { products: [Product.wasmPack({ path: 'wasm' }), Product.rustCrate({ path: 'wasm', name: 'w' })] }))
      .toThrow("products[1]: manifest wasm/Cargo.toml is claimed by both products[1] (rust-crate 'w') and products[0] (wasm-pack 'core-wasm'). " +
        'To publish the crate to crates.io as well as its npm package, at one version, remove products[1] and set `publishCrate: true` on products[0].');
  });

  it('GIVEN a rustCrate and a maturin product on one Cargo.toml WHEN planned THEN the general message stands (publishCrate is no fix there)', () => {
    const files = { 'py/Cargo.toml': crate('py'), 'py/pyproject.toml': '[project]\nname = "py"\nversion = "1.0.0"\n' };
    expect(() => plan(files, { products: [Product.rustCrate({ path: 'py', name: 'core' }), Product.maturin({ path: 'py' })] }))
      .toThrow(/already claimed by products\[0\] \('core'\)\. A manifest belongs to one product/);
  });

  it('GIVEN publishCrate on a crate that says publish = false WHEN planned THEN the error names the option and both fixes', () => {
    const files = { ...napiFiles, 'node/Cargo.toml': crate('core-node', 'publish = false\n') };
    expect(() => plan(files, { products: [Product.napi({ path: 'node', publishCrate: true })] })).toThrow(
      'products[0].publishCrate: true, but node/Cargo.toml says `publish = false`, so cargo would refuse to publish core-node to crates.io at release time. ' +
        'Remove `publish = false` from node/Cargo.toml to publish the crate, or drop `publishCrate` from products[0] to publish only its npm package.',
    );
  });

  it('GIVEN a published napi crate depending on an unpublished crate WHEN planned THEN the error offers dropping publishCrate', () => {
    const files = { ...napiFiles, 'core/Cargo.toml': crate('core', 'publish = false\n') };
    expect(() => plan(files, { products: [Product.rustCrate({ path: 'core' }), Product.napi({ path: 'node', publishCrate: true })] }))
      .toThrow(/node \(products\[1\]\) is published to crates\.io but depends on core, .* or drop `publishCrate` from products\[1\]\./);
  });
});

describe('a wasm-pack product with its own package.json beside the crate', () => {
  const wrapper = (pkg: Record<string, unknown>) => ({ ...wasmFiles, 'wasm/package.json': `${JSON.stringify(pkg, undefined, 2)}\n` });

  it('GIVEN a package.json wrapping pkg/ WHEN planned THEN the product owns it: its version is a site, its name is the npm package, npm packs the crate directory', () => {
    const p = plan(wrapper({ name: '@acme/wasm', version: '1.0.0', main: 'pkg/core_wasm.js', files: ['pkg'] }), {
      products: [Product.rustCrate({ path: 'core' }), Product.wasmPack({ path: 'wasm' })],
    });
    const wasm = product(p, 'core-wasm');
    expect(wasm.packages).toEqual([{ registry: 'npm', name: '@acme/wasm' }]);
    expect(wasm.manifests).toEqual(['wasm/Cargo.toml', 'wasm/package.json']);
    expect(wasm.settings).toEqual({ npmPackageDir: 'wasm' });
    expect(p.tracks[0].sites).toContainEqual({ file: 'wasm/package.json', format: 'json', keyPath: ['version'], role: 'version', scheme: 'semver', products: ['core-wasm'] });
    expect(p.tracks[0].manifests).toContain('wasm/package.json');
  });

  it('GIVEN npmPackage repeating the package.json name WHEN planned THEN it is accepted', () => {
    const p = plan(wrapper({ name: '@acme/wasm', version: '1.0.0' }), { products: [Product.rustCrate({ path: 'core' }), Product.wasmPack({ path: 'wasm', npmPackage: '@acme/wasm' })] });
    expect(product(p, 'core-wasm').packages).toEqual([{ registry: 'npm', name: '@acme/wasm' }]);
  });

  it('GIVEN npmPackage naming another package than the package.json WHEN planned THEN the error names the option and the file', () => {
    expect(() => plan(wrapper({ name: '@acme/wasm', version: '1.0.0' }), { products: [Product.rustCrate({ path: 'core' }), Product.wasmPack({ path: 'wasm', npmPackage: 'core-wasm' })] }))
      .toThrow("products[1].npmPackage: 'core-wasm', but wasm/package.json (the package that wraps wasm-pack's output) is named '@acme/wasm', and npm publishes it under that name. " +
        'Drop `npmPackage` from products[1], or rename the package in wasm/package.json.');
  });

  it('GIVEN a wrapper package.json without a name or without a version WHEN planned THEN the file is named with what to add', () => {
    const options = { products: [Product.rustCrate({ path: 'core' }), Product.wasmPack({ path: 'wasm' })] };
    expect(() => plan(wrapper({ version: '1.0.0' }), options)).toThrow(/wasm\/package\.json.*has no "name": it wraps wasm-pack's output for products\[1\]/);
    expect(() => plan(wrapper({ name: '@acme/wasm' }), options)).toThrow(/wasm\/package\.json.*has no "version"/);
  });

  it('GIVEN a private package.json beside the crate (a test harness) WHEN planned THEN it is not the package: wasm-pack\'s pkg/ is, as before', () => {
    const p = plan(wrapper({ name: 'harness', version: '0.0.0', private: true }), {
      products: [Product.rustCrate({ path: 'core' }), Product.wasmPack({ path: 'wasm' })],
      excludeManifests: ['wasm/package.json'],
    });
    const wasm = product(p, 'core-wasm');
    expect(wasm.packages).toEqual([{ registry: 'npm', name: 'core-wasm' }]);
    expect(wasm.manifests).toEqual(['wasm/Cargo.toml']);
    expect(wasm.settings).toEqual({});
  });
});

describe('the drift check\'s record of the declared options', () => {
  it('GIVEN publishCrate and a wasm-pack target WHEN recorded and rebuilt from the record THEN the plan is the same', () => {
    const files = { ...napiFiles, ...wasmFiles, 'wasm/package.json': JSON.stringify({ name: '@acme/wasm', version: '1.0.0' }) };
    const options: PlanOptions = {
      products: [Product.rustCrate({ path: 'core' }), Product.napi({ path: 'node', publishCrate: true }), Product.wasmPack({ path: 'wasm', publishCrate: true, target: WasmPackTarget.WEB })],
    };
    const record = JSON.parse(JSON.stringify(planSourceOf(options, new MemoryRepoReader(files)).options));
    expect(record.products.slice(1)).toEqual([
      { kind: 'napi', path: 'node', githubRelease: true, publishCrate: true },
      { kind: 'wasm-pack', path: 'wasm', githubRelease: true, wasmTarget: 'web', publishCrate: true },
    ]);
    expect(plan(files, optionsOfRecord(record)).tracks).toEqual(plan(files, options).tracks);
    expect(product(plan(files, options), 'core-wasm').settings).toEqual({ npmPackageDir: 'wasm', wasmTarget: 'web' });
  });
});

describe('ci.yml\'s WASM build of a product with a target', () => {
  const build = (wasm: Product) => ciMatrices(plan(wasmFiles, { products: [Product.rustCrate({ path: 'core' }), wasm] })).wasm!
    .find((g) => g.products.includes('core-wasm'))!.values.build;

  it('GIVEN target nodejs WHEN CI\'s matrices are computed THEN CI builds what the release builds', () => {
    expect(build(Product.wasmPack({ path: 'wasm', target: WasmPackTarget.NODEJS }))).toBe('wasm-pack build --release --target nodejs');
  });

  it('GIVEN no target WHEN CI\'s matrices are computed THEN CI builds what the release builds: wasm-pack\'s own default, bundler', () => {
    expect(build(Product.wasmPack({ path: 'wasm' }))).toBe('wasm-pack build --release --target bundler');
  });
});
