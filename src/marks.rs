//! Performance marks for `./scripts/bench`: `fumi:app` when the app has taken over a
//! rendered page, `fumi:post-body` and `fumi:post-list` when it rendered a post or a
//! list itself.

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = mark)]
    pub(crate) fn performance_mark(name: &str);
}

/// `performance.mark(name)` once the view being built has been inserted (the next
/// microtask).
pub(crate) fn mark_after_render(name: &'static str) {
    if crate::rendering::rendering_page() {
        return; // no app render to time: the page is (or will be) the rendered one
    }
    leptos::tachys::renderer::dom::queue_microtask(move || performance_mark(name));
}
