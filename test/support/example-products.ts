import { Product } from '../../src';

/** The product list of examples/polyglot/.projenrc.ts, for tests that synthesize the example in-process. */
export function exampleProducts(): Product[] {
  return [
    Product.rustCrate({ path: '.', name: 'quill' }),
    Product.cFfi({ path: 'quill-ffi', header: 'include/quill.h' }),
    Product.rustCrate({ path: 'quill-ask' }),
    Product.rustCrate({ path: 'quill-mcp' }),
    Product.maturin({ path: 'sdk/python', name: 'quill-py' }),
    Product.napi({ path: 'sdk/nodejs', name: 'quill-node' }),
    Product.wasmPack({ path: 'sdk/wasm', npmPackage: '@quill-db/quill-wasm' }),
    Product.goModule({ path: 'sdk/go' }),
    Product.tauriApp({ path: 'desktop' }),
    Product.npmPackage({ path: 'examples/notes' }),
  ];
}

/**
 * The example without its Tauri app, for releases at a word prerelease (0.4.0-rc.1), which a Windows MSI
 * cannot carry (B8). Its crate stays as an unpublished product: it is a workspace member that pins the
 * engine by path and version, so it must follow the version (an exclusion would be refused).
 */
export function exampleWithoutTauri(): { products: Product[]; excludeManifests: string[] } {
  return {
    products: [...exampleProducts().filter((p) => p.path !== 'desktop'), Product.rustCrate({ path: 'desktop/src-tauri', publish: false })],
    excludeManifests: ['desktop/package.json', 'desktop/src-tauri/tauri.conf.json'],
  };
}
