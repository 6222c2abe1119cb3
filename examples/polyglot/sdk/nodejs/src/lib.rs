//! Node bindings (a real SDK uses napi; the example keeps to the standard library to build offline).

use std::ffi::c_void;

/// The engine version.
pub fn version() -> &'static str {
    quill::VERSION
}

/// The Node-API entry point. Node looks this symbol up when a loaded binary did not register itself (what
/// napi-derive's `#[module_init]` does); without it `require` fails with "Module did not self-register" and
/// the build job's smoke test cannot pass. It hands `exports` back unchanged: calling Node-API functions
/// would link against Node's symbols (node.lib on Windows), which only the napi crates set up.
///
/// # Safety
/// Node calls it once per environment with a valid `napi_env` and `exports`, neither of which it touches.
#[no_mangle]
pub unsafe extern "C" fn napi_register_module_v1(
    _env: *mut c_void,
    exports: *mut c_void,
) -> *mut c_void {
    exports
}
