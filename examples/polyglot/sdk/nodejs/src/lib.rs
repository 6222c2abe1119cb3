//! Node bindings (a real SDK uses napi; the example keeps to the standard library to build offline).

/// The engine version.
pub fn version() -> &'static str {
    quill::VERSION
}
