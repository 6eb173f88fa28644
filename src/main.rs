//! Entry point of the browser app: take over fumi's own page (see `takeover`), unless
//! the page is someone else's that loaded fumi through `embed.js` (which then mounts
//! each `data-fumi` element itself).

fn main() {
    // Debug builds say why they panicked (release builds abort without a word, to
    // keep the formatting code out of the bundle).
    #[cfg(debug_assertions)]
    std::panic::set_hook(Box::new(|info| leptos::logging::error!("{info}")));
    #[cfg(not(feature = "ssr"))]
    if !fumi::embed::started_by_loader() {
        fumi::takeover::start();
    }
}
