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
