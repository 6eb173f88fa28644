//! Same-page links (`href="#id"`): the skip link, footnotes, links to headings.
//!
//! With `<base href="/">` in the page, the browser resolves `#id` against the site
//! root, so the router would treat a footnote click as a trip to the home page. This
//! listener runs first (capture phase) and keeps such links on the current page:
//! scroll to the target, move focus there, and record the fragment in history.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{AddEventListenerOptions, Element, HtmlAnchorElement, HtmlElement, MouseEvent};

/// Installs the listener once for the life of the page.
pub fn keep_fragment_links_on_page() {
    thread_local!(static INSTALLED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if INSTALLED.with(|installed| installed.replace(true)) {
        return;
    }
    let on_click = Closure::<dyn Fn(MouseEvent)>::new(|ev: MouseEvent| {
        if ev.default_prevented()
            || ev.button() != 0
            || ev.meta_key()
            || ev.ctrl_key()
            || ev.shift_key()
            || ev.alt_key()
        {
            return;
        }
        let Some(anchor) = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|el| el.closest("a[href^='#']").ok().flatten())
            .and_then(|el| el.dyn_into::<HtmlAnchorElement>().ok())
        else {
            return;
        };
        let fragment = anchor.get_attribute("href").unwrap_or_default();
        ev.prevent_default();
        let id = decode(&fragment[1..]);
        if id.is_empty() {
            return; // a bare `#` (e.g. a neutralised unsafe link) goes nowhere
        }
        let Some(target) = document().get_element_by_id(&id) else {
            return;
        };
        target.scroll_into_view();
        if let Ok(target) = target.dyn_into::<HtmlElement>() {
            // Headings and <main> are not focusable by default; make them so, like a
            // browser does for an in-page jump, so keyboard and screen reader users land there.
            if target.tab_index() < 0 && !target.has_attribute("tabindex") {
                let _ = target.set_attribute("tabindex", "-1");
            }
            let _ = target.focus();
        }
        let location = window().location();
        let url =
            format!("{}{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default(), fragment);
        if let Ok(history) = window().history() {
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    });
    let options = AddEventListenerOptions::new();
    options.set_capture(true);
    let _ = document().add_event_listener_with_callback_and_add_event_listener_options(
        "click",
        on_click.as_ref().unchecked_ref(),
        &options,
    );
    on_click.forget(); // lives as long as the page
}

fn decode(fragment: &str) -> String {
    js_sys::decode_uri_component(fragment).ok().and_then(|s| s.as_string()).unwrap_or_else(|| fragment.to_owned())
}
