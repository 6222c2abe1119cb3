//! Answers questions about a store.

/// Counts how many of `keys` are present in `store`.
pub fn count_present(store: &quill::Store, keys: &[&str]) -> usize {
    keys.iter().filter(|k| store.get(k).is_some()).count()
}
