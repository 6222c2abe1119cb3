//! C ABI over the engine.
use std::os::raw::c_char;

/// Returns the engine version as a NUL-terminated string with static lifetime.
#[no_mangle]
pub extern "C" fn quill_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

#[cfg(test)]
mod tests {
    #[test]
    fn version_is_nul_terminated() {
        let p = super::quill_version();
        let s = unsafe { std::ffi::CStr::from_ptr(p) };
        assert_eq!(s.to_str().unwrap(), quill::VERSION);
    }
}
