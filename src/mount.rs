//! Where and how one instance of fumi runs: as the whole page of its own site, or
//! embedded in an element of someone else's page.
//!
//! Every instance gets a [`Mount`] through context. It answers the questions that
//! differ between the two: which URLs the router sees, what an in-app link looks
//! like, where the posts are fetched from, and whether fumi may touch the document
//! (title, `<html lang>`, window scroll) or only its own element.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use web_sys::{Element, HtmlElement, ShadowRoot};

/// What an embedded instance shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Mode {
    /// The whole blog, with its own header and routes.
    Blog,
    /// One post and nothing else (`data-post="<slug>"`).
    Post(String),
    /// A list of the newest posts (`data-latest="5"`, optionally `data-tag`), linking
    /// to wherever the full blog lives.
    Latest { count: usize, tag: Option<String> },
}

/// How the URL of the page maps to fumi's routes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Routing {
    /// The path is the route (`/blog/posts/a`): the standalone site, or a host that
    /// can rewrite every path under the blog's base to its page.
    History,
    /// The fragment is the route (`page.html#/posts/a`): any host, no server rules.
    Hash,
    /// The route never changes (a single post, a widget); the page URL is the host's.
    Fixed,
}

/// One instance's settings, shared with its components through context.
#[derive(Clone, Debug, PartialEq)]
pub struct Mount {
    pub mode: Mode,
    pub routing: Routing,
    /// The router's base path. Under hash or fixed routing it is a path no real link
    /// can have, so the router's own click handling never claims a host's link.
    pub router_base: String,
    /// Prefix of every in-app link: `/blog/` (history), `#/` (hash), or the full
    /// blog's URL (widgets and single posts link out to it).
    pub link_prefix: String,
    /// Absolute URL of the built site the posts come from, ending in `/`; empty for
    /// the standalone site, whose requests resolve against the page's `<base href>`.
    pub content_root: String,
    /// Interface language forced by the embedder (`data-lang`), else the site's.
    pub lang: Option<String>,
    /// The instance's element and shadow root; `None` for the standalone site.
    pub frame: Option<Frame>,
}

/// The router base under hash and fixed routing. Browsers keep `#` percent-encoded
/// in a link's decoded path, so no link on the host page can start with it.
pub const VIRTUAL_BASE: &str = "/%23fumi";

impl Mount {
    /// The standalone site: the page is fumi's own, under the `<base href>` path.
    pub fn standalone() -> Self {
        Self::standalone_at(document_base())
    }

    /// The standalone site under `base` (`""` at the root, `/blog` under a sub-path).
    pub fn standalone_at(base: String) -> Self {
        Mount {
            mode: Mode::Blog,
            routing: Routing::History,
            link_prefix: format!("{base}/"),
            router_base: base,
            content_root: String::new(),
            lang: None,
            frame: None,
        }
    }

    /// Whether this instance owns the document: may set its title, `<html lang>`,
    /// meta tags and window scroll position.
    pub fn owns_document(&self) -> bool {
        self.frame.is_none()
    }
}

/// The mount of the instance being built. Outside any instance (component tests that
/// mount a single component), the standalone site's.
pub fn use_mount() -> Mount {
    use_context::<Mount>().unwrap_or_else(Mount::standalone)
}

/// The DOM an embedded instance lives in.
#[derive(Clone, Debug)]
pub struct Frame {
    /// fumi's own root element inside the host's shadow root.
    root: SendWrapper<HtmlElement>,
    shadow: SendWrapper<ShadowRoot>,
}

impl Frame {
    // DOM nodes are not `Send`; the wrapper lets a mount travel in context (the app
    // has one thread, and it is the only one that touches them).
    pub fn new(root: HtmlElement, shadow: ShadowRoot) -> Self {
        Frame { root: SendWrapper::new(root), shadow: SendWrapper::new(shadow) }
    }
}

impl PartialEq for Frame {
    fn eq(&self, other: &Self) -> bool {
        *self.root == *other.root
    }
}

/// fumi's root element of an embedded instance.
pub fn frame_root(mount: &Mount) -> Option<HtmlElement> {
    mount.frame.as_ref().map(|frame| (*frame.root).clone())
}

/// The element with `id` in this instance: in its shadow root when embedded (the
/// document cannot see in there), else in the document.
pub fn element_by_id(mount: &Mount, id: &str) -> Option<Element> {
    match &mount.frame {
        Some(frame) => frame.shadow.get_element_by_id(id),
        None => document().get_element_by_id(id),
    }
}

/// The standalone site's path prefix, from the page's `<base href>` (written by
/// Trunk from its public URL; the router base, every link and every fetch derive from
/// it, so one build works at `/` and under a sub-path), without a trailing slash: `""` at the root,
/// `"/blog"` under a sub-path.
pub fn document_base() -> String {
    thread_local! {
        // The page's <base> does not change while the app runs; read it once.
        static BASE: String = read_base();
    }
    BASE.with(Clone::clone)
}

fn read_base() -> String {
    if cfg!(feature = "ssr") {
        return String::new(); // rendered pages are given their base
    }
    let document = leptos::prelude::document();
    if document.query_selector("base[href]").ok().flatten().is_none() {
        return String::new();
    }
    // The base as the browser resolved it (`document.baseURI`), not the attribute's raw
    // text: `location.pathname`, which the router matches against this, is
    // percent-encoded, and so must the base be. Trunk writes `--public-url /日記/` as is,
    // and a raw `/日記` never prefixes `/%E6%97%A5%E8%A8%98/…`: every page was "not found".
    let href = document.base_uri().ok().flatten().unwrap_or_default();
    // An absolute URL (https://host/blog/); a bare path (/blog/) if the browser gave none.
    let path = match href.find("://") {
        Some(i) => href[i + 3..].find('/').map_or("", |j| &href[i + 3 + j..]),
        None => href.as_str(),
    };
    path.trim_end_matches('/').to_owned()
}
