//! What kind of render a view is being built in. Views that read state only the
//! browser knows (the window's width, the reader's theme, text already typed) must
//! start as the rendered page shows it while that page is being made or hydrated, so
//! that hydration finds the nodes it expects.

/// Whether the view being built must match a rendered page node for node: natively,
/// or in the browser while it hydrates one. State that only the browser knows (the
/// window's width, the reader's theme) starts as the rendered page shows it then.
pub fn rendering_page() -> bool {
    cfg!(feature = "ssr")
        || leptos::prelude::Owner::current_shared_context().is_some_and(|context| context.during_hydration())
}

/// While hydrating, the text already typed into the input with `id` (the reader may
/// type before the app arrives); else empty.
pub fn typed_before_takeover(id: &str) -> String {
    #[cfg(not(feature = "ssr"))]
    if rendering_page() {
        use wasm_bindgen::JsCast;
        return leptos::prelude::document()
            .get_element_by_id(id)
            .and_then(|input| input.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|input| input.value())
            .unwrap_or_default();
    }
    let _ = id;
    String::new()
}
