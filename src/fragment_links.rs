//! Same-page links (`href="#id"`): the skip link, footnotes, links to headings.
//!
//! With `<base href="/">` in the page, the browser resolves `#id` against the site
//! root, so the router would treat a footnote click as a trip to the home page. This
//! listener runs first (capture phase) and keeps such links on the current page:
//! scroll to the target, move focus there, and record the fragment in history.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{AddEventListenerOptions, Element, HtmlAnchorElement, HtmlElement, MouseEvent};

use crate::mount::{element_by_id, Mount, Routing};

/// Installs the listener on the document for as long as the standalone site's
/// instance lives (capture phase: before the router's own click handling, which is
/// also when the scroll memory records the place a link is followed from).
pub fn keep_fragment_links_on_page(mount: Mount) {
    let on_click = Closure::<dyn Fn(MouseEvent)>::new(move |ev: MouseEvent| {
        crate::components::scroll_memory::remember_position();
        follow_fragment_link(&ev, &mount)
    });
    let options = AddEventListenerOptions::new();
    options.set_capture(true);
    let listener: js_sys::Function = on_click.as_ref().unchecked_ref::<js_sys::Function>().clone();
    let _ = document().add_event_listener_with_callback_and_add_event_listener_options("click", &listener, &options);
    // The closure must live as long as the listener; both go with the instance.
    let installed = SendWrapper::new((on_click, listener));
    on_cleanup(move || {
        let _ = document().remove_event_listener_with_callback_and_bool("click", &installed.1, true);
    });
}

/// The same for an embedded instance, as a click handler on its own root element:
/// the browser's fragment navigation can neither see into the shadow root nor keep
/// the hash route.
pub fn on_frame_click(mount: Mount) -> impl Fn(MouseEvent) + 'static {
    move |ev: MouseEvent| follow_fragment_link(&ev, &mount)
}

fn follow_fragment_link(ev: &MouseEvent, mount: &Mount) {
    if ev.default_prevented() || ev.button() != 0 || ev.meta_key() || ev.ctrl_key() || ev.shift_key() || ev.alt_key() {
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
    if fragment.starts_with("#/") {
        return; // a hash route (of this instance or another): the browser follows it
    }
    ev.prevent_default();
    let id = decode(&fragment[1..]);
    if id.is_empty() {
        return; // a bare `#` (e.g. a neutralised unsafe link) goes nowhere
    }
    let Some(target) = element_by_id(mount, &id) else {
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
    let url = match mount.routing {
        Routing::History => {
            let location = window().location();
            format!("{}{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default(), fragment)
        }
        // `#/posts/a#section`: the route, then the section within it.
        Routing::Hash => format!("#{}{fragment}", current_hash_route()),
        Routing::Fixed => return, // the page URL is the host's
    };
    if let Ok(history) = window().history() {
        let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// The route part of a `#/route#section` fragment.
fn current_hash_route() -> String {
    let hash = window().location().hash().unwrap_or_default();
    let route = fumi_content::url::hash_route(&hash).unwrap_or("/");
    route.split('#').next().unwrap_or(route).to_owned()
}

fn decode(fragment: &str) -> String {
    js_sys::decode_uri_component(fragment).ok().and_then(|s| s.as_string()).unwrap_or_else(|| fragment.to_owned())
}
