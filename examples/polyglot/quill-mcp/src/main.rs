fn main() {
    let store = quill::Store::new();
    println!("quill-mcp {} ({} keys present)", quill::VERSION, quill_ask::count_present(&store, &["a"]));
}
