//! The Quill engine: a tiny key/value store used to exercise the release pipeline.
use std::collections::BTreeMap;

/// An in-memory store of string keys and values.
#[derive(Default, Debug)]
pub struct Store {
    entries: BTreeMap<String, String>,
}

impl Store {
    /// Creates an empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `key` to `value`, returning the previous value.
    pub fn put(&mut self, key: &str, value: &str) -> Option<String> {
        self.entries.insert(key.to_owned(), value.to_owned())
    }

    /// Reads the value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries.get(key).map(String::as_str)
    }
}

/// The engine version, as compiled in.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg(test)]
mod tests {
    #[test]
    fn put_then_get() {
        let mut s = super::Store::new();
        assert_eq!(s.put("a", "1"), None);
        assert_eq!(s.get("a"), Some("1"));
    }
}
