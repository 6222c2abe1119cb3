import { LockstepReleaseProject, Product } from 'projen-lockstep-release';

// The Quill monorepo: a Rust engine with an FFI library, two more crates, Python, Node, WASM and Go SDKs,
// a Tauri desktop app and an example CLI, all released in lockstep at one version.
const project = new LockstepReleaseProject({
  name: 'quill',
  // Trusted publishers are registered for this repository; the secrets doc gives the exact values.
  trustedPublishing: { repository: 'example/quill' },
  products: [
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
  ],
});

project.synth();
