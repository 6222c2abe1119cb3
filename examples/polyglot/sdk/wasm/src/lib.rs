//! WebAssembly bindings (a real SDK uses wasm-bindgen; the example keeps to the standard library).

/// The engine version.
pub fn version() -> &'static str {
    quill::VERSION
}
