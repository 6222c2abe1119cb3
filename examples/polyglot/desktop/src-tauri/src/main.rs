fn main() {
    println!("Quill desktop {}", quill::VERSION);
}
