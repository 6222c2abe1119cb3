import { describe, expect, it } from 'vitest';
import { FsRepoReader, MemoryRepoReader, Product, buildPlan, planConfigOf } from '../../src/model';
import { exampleProducts } from '../support/example-products';
import { EXAMPLE_DIR } from '../support/fixtures';

describe('CI facts in the plan', () => {
  const repo = new FsRepoReader(EXAMPLE_DIR);
  const products = buildPlan(planConfigOf({ products: exampleProducts() }, repo, '0.0.0'), repo).tracks[0].products;
  const ci = Object.fromEntries(products.map((p) => [p.name, p.ci]));

  it('GIVEN the example WHEN planned THEN each crate product records its package, workspace root and lockfiles', () => {
    expect(ci.quill).toMatchObject({ crate: 'quill-engine', cargoRoot: '.', rustVersion: '1.75', lockfiles: ['Cargo.lock'], buildsWith: [], inputsFrom: [] });
    expect(ci['quill-wasm']).toMatchObject({ crate: 'quill-wasm', cargoRoot: 'sdk/wasm', lockfiles: ['sdk/wasm/Cargo.lock'], buildsWith: [], inputsFrom: ['quill'] });
    expect(ci['quill-node']).toMatchObject({ crate: 'quill-node', cargoRoot: '.', npmRoot: '.', lockfiles: ['Cargo.lock', 'package-lock.json'], buildsWith: [], inputsFrom: ['quill'] });
    expect(ci['quill-desktop']).toMatchObject({ crate: 'quill-desktop', cargoRoot: '.', npmRoot: '.' });
  });

  it('GIVEN a Go module and a C FFI product WHEN planned THEN the Go module builds with the FFI library', () => {
    expect(ci['sdk-go']).toMatchObject({ lockfiles: [], buildsWith: ['quill-ffi'], inputsFrom: ['quill-ffi'] });
    expect(ci['sdk-go']!.crate).toBeUndefined();
  });

  it('GIVEN the example WHEN planned THEN each product names what it reads: its own directory, or for the root crate its source folders', () => {
    expect(ci['quill-py']!.inputs).toContain('sdk/python');
    expect(ci.quill!.inputs).toEqual(expect.arrayContaining(['Cargo.toml', 'Cargo.lock', 'src', 'tests', 'benches']));
    expect(ci.quill!.inputs.filter((i) => ['.', '**', 'docs', 'README.md', 'scripts', 'sdk'].includes(i))).toEqual([]);
  });

  it('GIVEN rust-version inherited from the workspace WHEN planned THEN the member records the workspace MSRV', () => {
    const files = {
      'Cargo.toml': '[workspace]\nmembers = ["core"]\n\n[workspace.package]\nversion = "1.0.0"\nrust-version = "1.70"\n',
      'core/Cargo.toml': '[package]\nname = "core-x"\nversion.workspace = true\nrust-version.workspace = true\nedition = "2021"\n',
    };
    const mem = new MemoryRepoReader(files);
    const [p] = buildPlan(planConfigOf({ products: [Product.rustCrate({ path: 'core' })] }, mem, '0.0.0'), mem).tracks[0].products;
    expect(p.ci).toMatchObject({ crate: 'core-x', cargoRoot: '.', rustVersion: '1.70', lockfiles: [], buildsWith: [] });
  });
});
