//! What keyboard and screen reader users get when the route changes. A client-side
//! navigation replaces `main` without a page load, so the browser neither moves focus
//! nor reads anything: focus would stay on a link that no longer exists (falling back
//! to `<body>`), and a screen reader would say nothing about the new page.
//!
//! After each navigation, once the new page has rendered:
//!
//! - a new page (another path, or the same list at another page number): focus moves
//!   to the page's `<h1>` (or the section a `#fragment` points at), without scrolling,
//!   and a polite live region announces the new document title;
//! - the same page in another state (a tag filter, a sort order, a search as it is
//!   typed): focus stays on the control the reader used (if a re-render replaced it,
//!   on the new control with the same `id`), and the page's status line, marked
//!   `data-announce` (the list's "3 posts"), is announced. Typing in a search box
//!   announces nothing here: the results region is a live region of its own. If the
//!   control is gone for good (a "clear filter" link), it is handled as a new page.
//!
//! Why both a focus move and a live region: focus on the heading puts keyboard users
//! at the start of the new content (Tab goes on from there, not from the header) and
//! makes screen readers read the heading; the live region also tells readers whose
//! screen reader does not speak focus changes on non-interactive elements, and says
//! the whole title. The heading gets `tabindex="-1"` (focusable by script, not by
//! Tab) and no focus ring, as it is not a control.
//!
//! The first page load does neither: the browser reads a loaded page by itself.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};

use crate::mount::{frame_root, use_mount, Mount};

/// Give up waiting for the new page's heading after this long (a slow manifest).
const WAIT_FOR_PAGE_MS: f64 = 5000.0;

#[component]
pub fn RouteAnnouncer() -> impl IntoView {
    let mount = use_mount();
    let location = use_location();
    let message = RwSignal::new(String::new());
    // The `id` of the element that last had focus, to find its re-rendered twin.
    let last_focused: Rc<RefCell<Option<String>>> = Rc::default();
    remember_focus(&mount, last_focused.clone());

    let shown = StoredValue::new_local(None::<(String, String)>);
    // Each navigation supersedes the wait of the one before.
    let generation = StoredValue::new_local(0u32);
    Effect::new(move |_| {
        let now = (location.pathname.get(), location.search.get());
        let Some(before) = shown.get_value() else {
            shown.set_value(Some(now));
            return; // the first page load
        };
        if before == now {
            return; // a `#fragment` within the page
        }
        shown.set_value(Some(now.clone()));
        let new_path = before.0 != now.0 || page_number(&before.1) != page_number(&now.1);
        generation.update_value(|g| *g = g.wrapping_add(1));
        let this = generation.get_value();
        message.set(String::new());
        let (mount, last_focused) = (mount.clone(), last_focused.clone());
        // The router's fragment: under hash routing, the `#h` of `#/posts/a#h`.
        let fragment = fragment_id(&location.hash.get_untracked());
        let started = js_sys::Date::now();
        wait_for_page(mount.clone(), fragment.clone(), started, move || {
            if generation.get_value() != this {
                return;
            }
            let same_page =
                !new_path && (focused(&mount).is_some() || restore_focus(&mount, last_focused.borrow().as_deref()));
            let announcement = if !same_page {
                focus_main_heading(&mount, fragment.as_deref());
                Some(page_title(&mount))
            } else if focused(&mount).is_some_and(|el| is_text_field(&el)) {
                None // typing a search: its results announce themselves
            } else {
                status_text(&mount)
            };
            if let Some(text) = announcement.filter(|t| !t.is_empty()) {
                message.set(text);
            }
        });
    });

    view! { <div class="visually-hidden route-announcer" role="status" aria-live="polite" aria-atomic="true">{message}</div> }
}

/// `?page=N` of a query string: a list's pages are separate pages to the reader.
fn page_number(search: &str) -> Option<String> {
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("page=").map(str::to_owned))
        .filter(|n| n != "1")
}

/// Calls `ready` once the new route shows its heading (or after a timeout).
fn wait_for_page(mount: Mount, fragment: Option<String>, started: f64, ready: impl FnOnce() + 'static) {
    request_animation_frame(move || {
        if page_is_ready(&mount, fragment.as_deref()) || js_sys::Date::now() - started > WAIT_FOR_PAGE_MS {
            // One more frame: the title and the page's own effects follow the render.
            set_timeout(ready, Duration::ZERO);
        } else {
            wait_for_page(mount, fragment, started, ready);
        }
    });
}

/// The route shows its heading (or an error), and the section a `#fragment` names
/// unless nothing is left to load.
fn page_is_ready(mount: &Mount, fragment: Option<&str>) -> bool {
    if query(mount, "h1, .error-view").is_none() {
        return false;
    }
    match fragment {
        Some(id) => crate::mount::element_by_id(mount, id).is_some() || query(mount, ".loading").is_none(),
        None => true,
    }
}

/// The element id a `#fragment` names, decoded.
fn fragment_id(hash: &str) -> Option<String> {
    let id = hash.strip_prefix('#').filter(|id| !id.is_empty())?;
    Some(js_sys::decode_uri_component(id).ok().and_then(|s| s.as_string()).unwrap_or_else(|| id.to_owned()))
}

/// Records the `id` of every element that gets focus in this instance.
fn remember_focus(mount: &Mount, last: Rc<RefCell<Option<String>>>) {
    if cfg!(feature = "ssr") {
        return;
    }
    let on_focus = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let target = ev.composed_path().get(0).dyn_into::<Element>().ok();
        *last.borrow_mut() = target.map(|el| el.id()).filter(|id| !id.is_empty());
    });
    let target: web_sys::EventTarget = match frame_root(mount) {
        Some(root) => root.into(),
        None => document().into(),
    };
    let _ = target.add_event_listener_with_callback("focusin", on_focus.as_ref().unchecked_ref());
    let callback: JsValue = on_focus.into_js_value();
    on_cleanup(move || {
        let _ = target.remove_event_listener_with_callback("focusin", callback.unchecked_ref());
    });
}

/// The element with focus in this instance, if any (not `<body>`).
fn focused(mount: &Mount) -> Option<Element> {
    let active = match frame_root(mount) {
        Some(root) => root.get_root_node().dyn_into::<web_sys::ShadowRoot>().ok()?.active_element(),
        None => document().active_element(),
    }?;
    (active.is_connected() && active.tag_name() != "BODY").then_some(active)
}

/// A box the reader types in.
fn is_text_field(el: &Element) -> bool {
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA")
}

/// Focus back on the re-rendered control with the `id` that had it; false if none.
fn restore_focus(mount: &Mount, id: Option<&str>) -> bool {
    let Some(el) = id.and_then(|id| crate::mount::element_by_id(mount, id)) else {
        return false;
    };
    focus_without_scrolling(&el);
    true
}

/// Focus on the section a `#fragment` names, else the page's `<h1>`, else `main`.
fn focus_main_heading(mount: &Mount, fragment: Option<&str>) {
    let section = fragment.and_then(|id| crate::mount::element_by_id(mount, id));
    let Some(target) = section.or_else(|| query(mount, "h1")).or_else(|| query(mount, "")) else {
        return;
    };
    // Reachable by script, not by Tab.
    if !target.has_attribute("tabindex") {
        let _ = target.set_attribute("tabindex", "-1");
    }
    focus_without_scrolling(&target);
}

/// `element.focus({ preventScroll: true })`: the router and the scroll memory decide
/// where the page is scrolled, not the focus.
fn focus_without_scrolling(element: &Element) {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"preventScroll".into(), &JsValue::TRUE);
    if let Some(focus) =
        js_sys::Reflect::get(element, &"focus".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    {
        let _ = focus.call1(element, &options);
    } else if let Some(element) = element.dyn_ref::<HtmlElement>() {
        let _ = element.focus();
    }
}

/// What the new page is called: the document title on fumi's own site, the heading
/// in a page that embeds it (the title is the host's).
fn page_title(mount: &Mount) -> String {
    if mount.owns_document() {
        let title = document().title();
        if !title.is_empty() {
            return title;
        }
    }
    query(mount, "h1").and_then(|h| h.text_content()).map(|t| t.trim().to_owned()).unwrap_or_default()
}

/// The page's status line ("3 posts"), if it has one: marked `data-announce`.
fn status_text(mount: &Mount) -> Option<String> {
    query(mount, "[data-announce]").and_then(|s| s.text_content()).map(|t| t.trim().to_owned())
}

/// The first element matching `selector` inside this instance's main region (the app's
/// own, never the static copy it replaces); `""` selects the region itself.
fn query(mount: &Mount, selector: &str) -> Option<Element> {
    let main = match frame_root(mount) {
        Some(root) => root.query_selector(".site-main").ok().flatten(),
        None => document().get_element_by_id("main"),
    }?;
    if selector.is_empty() {
        return Some(main);
    }
    main.query_selector(selector).ok().flatten()
}
