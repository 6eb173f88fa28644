//! Scroll positions across history: Back to a list returns to where the reader was in
//! it, Back or Forward to a post returns to the place in the post. New navigations
//! start at the top (the router does that).
//!
//! The browser's own restoration runs when the history entry changes, before the route
//! has rendered its content (fetched, or at least resolved, asynchronously), so it is
//! switched off. Instead every scroll is recorded per URL in sessionStorage, and on
//! Back/Forward the position is restored once the page has rendered and is tall enough.

use leptos::ev;
use leptos::prelude::*;
use web_sys::ScrollRestoration;

const STORAGE_PREFIX: &str = "fumi:scroll:";

/// Give up waiting for content after this long and scroll as far as the page allows.
const RESTORE_TIMEOUT_MS: f64 = 3000.0;

/// An instance's restores: the one in progress (0: none) and the last one started; a
/// newer Back/Forward supersedes the one in progress. [`crate::app::Site`] provides it.
#[derive(Clone, Copy)]
pub struct Restores(StoredValue<(u32, u32)>);

impl Default for Restores {
    fn default() -> Self {
        Restores(StoredValue::new((0, 0)))
    }
}

impl Restores {
    /// Whether a restore is under way: a post's deep-link scroll must not fight it.
    pub fn in_progress(&self) -> bool {
        self.0.try_get_value().is_some_and(|(current, _)| current != 0)
    }

    fn begin(&self) -> u32 {
        self.0
            .try_update_value(|(current, last)| {
                *last = last.wrapping_add(1).max(1);
                *current = *last;
                *last
            })
            .unwrap_or(0)
    }

    fn is_current(&self, id: u32) -> bool {
        self.0.try_get_value().is_some_and(|(current, _)| current == id)
    }

    fn end(&self) {
        self.0.try_update_value(|(current, _)| *current = 0);
    }
}

/// The restores of the instance being built.
pub fn use_restores() -> Restores {
    use_context::<Restores>().unwrap_or_default()
}

/// Mount once inside the app; renders nothing.
#[component]
pub fn ScrollMemory() -> impl IntoView {
    if cfg!(feature = "ssr") {
        return;
    }
    if let Ok(history) = window().history() {
        let _ = history.set_scroll_restoration(ScrollRestoration::Manual);
    }
    let restores = use_restores();
    // While restoring, the page passes through positions that are not the reader's.
    let on_scroll = window_event_listener(ev::scroll, move |_| {
        if !restores.in_progress() {
            remember_position();
        }
    });
    let on_history = window_event_listener(ev::popstate, move |_| restore_position(restores));
    on_cleanup(move || {
        on_scroll.remove();
        on_history.remove();
    });
}

/// The history entry's identity: path, query and fragment.
fn current_url() -> String {
    let location = window().location();
    [location.pathname(), location.search(), location.hash()].into_iter().map(Result::unwrap_or_default).collect()
}

fn session_storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

/// Records where the reader is on the current page. Also called on every click, before
/// the router follows a link ([`crate::fragment_links`]): a scroll is reported only at
/// the next frame, so a link followed in the frame of a scroll would leave the older
/// place for Back.
pub(crate) fn remember_position() {
    if let (Some(storage), Ok(y)) = (session_storage(), window().scroll_y()) {
        // Whole pixels, as integers: float formatting and parsing would cost the bundle more.
        let _ = storage.set_item(&format!("{STORAGE_PREFIX}{}", current_url()), &(y.round() as i64).to_string());
    }
}

fn restore_position(restores: Restores) {
    let stored = session_storage()
        .and_then(|storage| storage.get_item(&format!("{STORAGE_PREFIX}{}", current_url())).ok().flatten())
        .and_then(|y| y.parse::<i64>().ok())
        .map(|y| y as f64);
    let target = match stored {
        Some(y) => y,
        // Never scrolled here, but a fragment: the post scrolls to it when it renders.
        None if !window().location().hash().unwrap_or_default().is_empty() => return,
        None => 0.0,
    };
    let id = restores.begin();
    let started = js_sys::Date::now();
    // The router renders the new route in effects queued by this same event; from the
    // next frame on, `main` shows the page to restore.
    request_animation_frame(move || restore_when_ready(restores, id, target, started));
}

fn restore_when_ready(restores: Restores, id: u32, target: f64, started: f64) {
    if !restores.is_current(id) {
        return;
    }
    if page_is_ready_for(target) || js_sys::Date::now() - started > RESTORE_TIMEOUT_MS {
        window().scroll_to_with_x_and_y(0.0, target);
        restores.end();
    } else {
        request_animation_frame(move || restore_when_ready(restores, id, target, started));
    }
}

/// The route has its content (no loading placeholder) and is tall enough to scroll to `y`.
fn page_is_ready_for(y: f64) -> bool {
    let document = document();
    let loading = document.query_selector("main .loading, main [aria-busy='true']").ok().flatten().is_some();
    let Some(root) = document.document_element() else { return false };
    let viewport = window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
    !loading && f64::from(root.scroll_height()) - viewport >= y - 1.0
}
