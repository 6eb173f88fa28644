//! Hash and fixed routing for embedded instances, as a location source for the router.
//!
//! leptos_router 0.8's `<Router>` always takes its URL from the page's path
//! (`BrowserUrl`); it has no hash mode. Its routes, params and query hooks only read
//! one signal, though: the URL it matches. Under hash routing [`VirtualLocation`]
//! keeps that signal equal to the route in the fragment (`page.html#/posts/a?x#h`
//! becomes `/posts/a?x#h` below [`VIRTUAL_BASE`]); under fixed routing, to the one
//! route the instance shows. Links are plain `#/…` hrefs the browser follows by
//! itself, so every navigation is a real history entry of the host page, and Back,
//! Forward and reload work with no help from the server.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::ev;
use leptos::prelude::*;
use leptos_router::location::{BrowserUrl, LocationProvider, Url};
use leptos_router::NavigateOptions;

use crate::mount::{frame_root, use_mount, Mode, Mount, Routing, VIRTUAL_BASE};

/// Feeds the router the instance's route. Place it first inside `<Router>`: its
/// listeners must run after the router's own, which would set the host page's path.
#[component]
pub fn VirtualLocation() -> impl IntoView {
    let mount = use_mount();
    if mount.routing == Routing::History {
        return;
    }
    let Some(browser) = use_context::<BrowserUrl>() else { return };
    let url = browser.as_url().clone();
    let first = route_url(&mount).unwrap_or_else(home_url);
    // The route shown, kept to restore when the router has been told the host's path.
    let shown = Rc::new(RefCell::new(first.clone()));
    url.set(first);

    let update = {
        let mount = mount.clone();
        move || {
            let next = route_url(&mount).unwrap_or_else(|| shown.borrow().clone());
            let path_changed = shown.borrow().path() != next.path();
            *shown.borrow_mut() = next.clone();
            if *url.read_untracked() != next {
                url.set(next);
            }
            if path_changed {
                bring_into_view(&mount);
            }
        }
    };
    // The router answers popstate by setting the host page's own path; this listener
    // runs after it, in the same event, and sets the route back before anything renders.
    let on_popstate = window_event_listener(ev::popstate, {
        let update = update.clone();
        move |_| update()
    });
    let on_hashchange =
        (mount.routing == Routing::Hash).then(|| window_event_listener(ev::hashchange, move |_| update()));
    on_cleanup(move || {
        on_popstate.remove();
        if let Some(handle) = on_hashchange {
            handle.remove();
        }
    });
}

/// The URL the router should match for this instance now; `None` when the page's
/// fragment is the host's own (`#contact`) and the blog should stay where it is.
fn route_url(mount: &Mount) -> Option<Url> {
    let route = match (&mount.routing, &mount.mode) {
        (Routing::Hash, _) => hash_route()?,
        (_, Mode::Post(slug)) => format!("/{}", fumi_content::url::post_path(slug)),
        _ => "/".to_owned(),
    };
    BrowserUrl::parse(&format!("{VIRTUAL_BASE}{route}")).ok()
}

fn home_url() -> Url {
    BrowserUrl::parse(&format!("{VIRTUAL_BASE}/")).expect("the virtual base is a valid path")
}

/// The route in the page's fragment, if it is one of fumi's (`#/…`, or none at all).
fn hash_route() -> Option<String> {
    let hash = window().location().hash().unwrap_or_default();
    fumi_content::url::hash_route(&hash).map(str::to_owned)
}

/// After a move to another page of an embedded blog, its top is brought into view if
/// the reader had scrolled past it; otherwise the host page's scroll stays as it is.
fn bring_into_view(mount: &Mount) {
    if let Some(root) = frame_root(mount) {
        if root.get_bounding_client_rect().top() < 0.0 {
            root.scroll_into_view();
        }
    }
}

/// Navigation by code (a submitted search, a tag filter): `go(href, replace)` with an
/// href made by [`crate::paths::href`]. `replace` updates the URL without a new
/// history entry (search as you type).
pub fn use_go() -> impl Fn(&str, bool) + Clone + 'static {
    let routing = use_mount().routing;
    let navigate = leptos_router::hooks::use_navigate();
    move |href: &str, replace: bool| match routing {
        Routing::History => navigate(
            href,
            // The href already carries the base path; resolving it again would double it.
            NavigateOptions { resolve: false, replace, scroll: !replace, ..Default::default() },
        ),
        // The browser's own fragment navigation; `hashchange` then moves the router.
        Routing::Hash => {
            let location = window().location();
            let _ = if replace { location.replace(href) } else { location.set_hash(href.trim_start_matches('#')) };
        }
        Routing::Fixed => {
            let _ = window().location().set_href(href);
        }
    }
}
