//! Python bindings (a real SDK uses pyo3; the example keeps to the standard library to build offline).

/// The engine version.
pub fn version() -> &'static str {
    quill::VERSION
}
