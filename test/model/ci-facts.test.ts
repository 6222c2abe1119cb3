import { describe, expect, it } from 'vitest';
import { FsRepoReader, MemoryRepoReader, Product, buildPlan, planConfigOf } from '../../src/model';
import { exampleProducts } from '../support/example-products';
import { EXAMPLE_DIR } from '../support/fixtures';

describe('CI facts in the plan', () => {
  const repo = new FsRepoReader(EXAMPLE_DIR);
  const products = buildPlan(planConfigOf({ products: exampleProducts() }, repo, '0.0.0'), repo).tracks[0].products;
  const ci = Object.fromEntries(products.map((p) => [p.name, p.ci]));

  it('GIVEN the example WHEN planned THEN each crate product records its package, workspace root and lockfiles', () => {
    expect(ci.quill).toEqual({ crate: 'quill-engine', cargoRoot: '.', rustVersion: '1.75', lockfiles: ['Cargo.lock'], buildsWith: [] });
    expect(ci['quill-wasm']).toEqual({ crate: 'quill-wasm', cargoRoot: 'sdk/wasm', lockfiles: ['sdk/wasm/Cargo.lock'], buildsWith: [] });
    expect(ci['quill-node']).toEqual({ crate: 'quill-node', cargoRoot: '.', npmRoot: '.', lockfiles: ['Cargo.lock', 'package-lock.json'], buildsWith: [] });
    expect(ci['quill-desktop']).toMatchObject({ crate: 'quill-desktop', cargoRoot: '.', npmRoot: '.' });
  });

  it('GIVEN a Go module and a C FFI product WHEN planned THEN the Go module builds with the FFI library', () => {
    expect(ci['sdk-go']).toEqual({ lockfiles: [], buildsWith: ['quill-ffi'] });
  });

  it('GIVEN rust-version inherited from the workspace WHEN planned THEN the member records the workspace MSRV', () => {
    const files = {
      'Cargo.toml': '[workspace]\nmembers = ["core"]\n\n[workspace.package]\nversion = "1.0.0"\nrust-version = "1.70"\n',
      'core/Cargo.toml': '[package]\nname = "core-x"\nversion.workspace = true\nrust-version.workspace = true\nedition = "2021"\n',
    };
    const mem = new MemoryRepoReader(files);
    const [p] = buildPlan(planConfigOf({ products: [Product.rustCrate({ path: 'core' })] }, mem, '0.0.0'), mem).tracks[0].products;
    expect(p.ci).toEqual({ crate: 'core-x', cargoRoot: '.', rustVersion: '1.70', lockfiles: [], buildsWith: [] });
  });
});
