//! fumi inside someone else's page.
//!
//! `embed.js`, the stable loader the publishing tool writes next to the build, gives
//! each `<div data-fumi …>` a shadow root holding fumi's stylesheets and an empty
//! root element, starts this wasm, and calls `fumiEmbed.mount(host, root, siteRoot)`.
//! Here the element's `data-*` attributes become a [`Mount`], and a [`Site`] is
//! mounted into the root. `fumiEmbed.unmount(host)` drops it again: its requests are
//! aborted, and its listeners, effects, DOM and cached files go with it.
//!
//! [`Site`]: crate::app::Site

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::api::Client;
use crate::mount::{Frame, Mode, Mount, Routing, VIRTUAL_BASE};

/// The global object the loader creates before starting the wasm.
const LOADER_GLOBAL: &str = "fumiEmbed";

/// Widgets list this many posts unless `data-count` says otherwise.
const DEFAULT_LATEST: usize = 5;

/// One mounted instance, as the page's registry holds it.
struct Instance {
    /// Aborted first: a request under way holds the instance's owner, which would
    /// otherwise never be cleaned up.
    client: Client,
    /// Dropping it removes the view and runs its cleanups.
    view: Box<dyn Any>,
    /// Owns the client's state (the files it fetched).
    owner: Owner,
}

thread_local! {
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
    /// The page's mounted instances, by id.
    static INSTANCES: RefCell<HashMap<u32, Instance>> = RefCell::new(HashMap::new());
}

/// Whether the page was started by `embed.js` rather than being fumi's own site.
/// If so, registers `mount` and `unmount` on the loader's global object.
pub fn started_by_loader() -> bool {
    let global = js_sys::Reflect::get(&window(), &LOADER_GLOBAL.into()).unwrap_or(JsValue::UNDEFINED);
    if !global.is_object() {
        return false;
    }
    let mount = Closure::<dyn Fn(HtmlElement, HtmlElement, String) -> Result<(), JsValue>>::new(
        |host: HtmlElement, root: HtmlElement, site_root: String| mount(host, root, &site_root).map_err(JsValue::from),
    );
    let unmount = Closure::<dyn Fn(HtmlElement)>::new(unmount);
    let _ = js_sys::Reflect::set(&global, &"mount".into(), mount.as_ref());
    let _ = js_sys::Reflect::set(&global, &"unmount".into(), unmount.as_ref());
    // Both live as long as the page.
    mount.forget();
    unmount.forget();
    true
}

/// Mounts an instance configured by `host`'s attributes into `root` (inside `host`'s
/// shadow root). `site_root` is the URL of the built site the loader came from.
fn mount(host: HtmlElement, root: HtmlElement, site_root: &str) -> Result<(), String> {
    unmount(host.clone());
    let shadow = host.shadow_root().ok_or("fumi: the element has no shadow root")?;
    let id = NEXT_ID.with(|next| next.replace(next.get() + 1));
    let mut mount = read_mount(&host, site_root)?;
    let _ = host.set_attribute("data-fumi-instance", &id.to_string());
    let _ = root.set_attribute("lang", mount.lang.as_deref().unwrap_or(""));
    match host.get_attribute("data-theme").as_deref() {
        Some(theme @ ("light" | "dark")) => {
            let _ = root.set_attribute("data-theme", theme);
        }
        _ => {
            if let Some(theme) = crate::components::theme_toggle::stored_theme() {
                let _ = root.set_attribute("data-theme", &theme);
            }
        }
    }
    mount.frame = Some(Frame::new(root.clone(), shadow));
    let owner = Owner::new();
    let client = owner.with(|| Client::new(mount.content_root.clone()));
    let view = leptos::mount::mount_to(root, move || view! { <crate::app::Site mount client=Some(client)/> });
    let instance = Instance { client, view: Box::new(view), owner };
    INSTANCES.with(|instances| instances.borrow_mut().insert(id, instance));
    Ok(())
}

/// Unmounts the instance in `host`, if there is one.
fn unmount(host: HtmlElement) {
    let Some(id) = host.get_attribute("data-fumi-instance").and_then(|id| id.parse::<u32>().ok()) else {
        return;
    };
    let _ = host.remove_attribute("data-fumi-instance");
    let Some(instance) = INSTANCES.with(|instances| instances.borrow_mut().remove(&id)) else {
        return;
    };
    instance.client.abandon_all();
    drop(instance.view);
    drop(instance.owner);
}

/// The instance's settings from its element's `data-*` attributes.
fn read_mount(host: &HtmlElement, site_root: &str) -> Result<Mount, String> {
    let attr = |name: &str| host.get_attribute(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let page = document().base_uri().ok().flatten().unwrap_or_default();
    let content_root = match attr("data-manifest") {
        // The manifest is `posts/manifest.json` below the site's root.
        Some(manifest) => absolute("../", absolute(&manifest, page)?)?,
        None => site_root.to_owned(),
    };
    let mode = match attr("data-mode").as_deref() {
        Some("post") => Mode::Post(attr("data-post").ok_or("fumi: data-mode=\"post\" needs data-post=\"<slug>\"")?),
        None if attr("data-post").is_some() => Mode::Post(attr("data-post").unwrap_or_default()),
        Some("latest") => Mode::Latest {
            count: attr("data-count").and_then(|n| n.parse().ok()).unwrap_or(DEFAULT_LATEST).max(1),
            tag: attr("data-tag"),
        },
        Some("blog") | None => Mode::Blog,
        Some(other) => return Err(format!("fumi: unknown data-mode=\"{other}\" (blog, post or latest)")),
    };
    let routing = match (&mode, attr("data-routing").as_deref()) {
        (Mode::Blog, None | Some("hash")) => Routing::Hash,
        (Mode::Blog, Some("history")) => Routing::History,
        (Mode::Blog, Some(other)) => return Err(format!("fumi: unknown data-routing=\"{other}\" (hash or history)")),
        _ => Routing::Fixed,
    };
    let base = attr("data-base").map(|b| format!("/{}", b.trim_matches('/'))).filter(|b| b != "/").unwrap_or_default();
    let (router_base, link_prefix) = match routing {
        Routing::History => (base.clone(), format!("{base}/")),
        Routing::Hash => (VIRTUAL_BASE.to_owned(), "#/".to_owned()),
        // A widget or single post links out to the full blog: `data-blog-url`
        // (`/blog.html#/` for a hash-routed one), else the site it was built as.
        Routing::Fixed => (VIRTUAL_BASE.to_owned(), attr("data-blog-url").unwrap_or_else(|| content_root.clone())),
    };
    Ok(Mount { mode, routing, router_base, link_prefix, content_root, lang: attr("data-lang"), frame: None })
}

/// `url` resolved against `base`, as the browser does.
fn absolute(url: &str, base: String) -> Result<String, String> {
    web_sys::Url::new_with_base(url, &base).map(|u| u.href()).map_err(|_| format!("fumi: not a valid URL: {url}"))
}
