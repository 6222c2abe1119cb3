//! WebAssembly bindings: what wasm-pack turns into the `@quill-db/quill-wasm` npm package.
use wasm_bindgen::prelude::wasm_bindgen;

/// The engine version, exported to JavaScript as `version()`.
#[wasm_bindgen]
pub fn version() -> String {
    quill::VERSION.to_owned()
}
