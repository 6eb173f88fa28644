//! Entry point of the browser app: mount fumi on the page Trunk built.

fn main() {
    leptos::mount::mount_to_body(fumi::App);
}
