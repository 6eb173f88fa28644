//! Starting on a page the publishing tool rendered with these same components.
//!
//! Every route has such a page. It is complete without the app: readable, its links
//! real links. When the wasm arrives (the start script loads it when the browser is
//! idle, or at the reader's first sign of intent), the app *hydrates* the page: it
//! attaches its state and listeners to the nodes already there, replacing none, so
//! scroll position, focus, a half-typed search and an opened table of contents all
//! stay. The post body is adopted as it is, never fetched or rendered a second time.
//!
//! A page can only be hydrated by the route it was rendered for. When the host served
//! another route's page (a URL with a query, a host that answers every path with the
//! home page), `public/theme.js` has already hidden the stale content, and the app
//! renders the route from scratch in its place.

use std::sync::{Arc, Mutex};

use fumi_content::Heading;
use serde::{Deserialize, Serialize};

use crate::api::PostBody;

/// Id of the `<script type="application/json">` that records what a rendered page
/// shows, for the app that takes it over.
pub const RECORD_ID: &str = "fumi-page";

/// What a rendered page shows, in data: the route, and on a post page the outline of
/// the body (what its table of contents lists).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PageRecord {
    /// The route below the site's base, as links write it: `/`, `/posts/eks-%E7%A7%BB%E7%B1%8D`.
    pub route: String,
    /// The manifest the page was rendered from ([`fumi_content::manifest::fingerprint`]).
    #[serde(default)]
    pub manifest: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post: Option<PostRecord>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PostRecord {
    pub slug: String,
    pub headings: Vec<Heading>,
}

/// A post body the instance has without fetching it: the post of the page it started on.
#[derive(Clone, Debug)]
pub enum FirstBody {
    /// In the publishing tool: the Markdown, to render into the page.
    Source { slug: String, body: Arc<PostBody> },
    /// In the browser: the body already in the page, adopted as it is.
    Adopted { slug: String, html: String, headings: Vec<Heading> },
}

impl FirstBody {
    pub fn slug(&self) -> &str {
        match self {
            FirstBody::Source { slug, .. } | FirstBody::Adopted { slug, .. } => slug,
        }
    }
}

/// What the page an instance starts on already holds (nothing, when it starts on an
/// empty element).
#[derive(Clone, Debug, Default)]
pub struct FirstPage {
    pub body: Option<FirstBody>,
}

/// Where the publishing tool collects the outline of the post body it renders, for
/// the page's [`PageRecord`].
#[derive(Clone, Default)]
pub struct Outline(Arc<Mutex<Vec<Heading>>>);

impl Outline {
    pub fn set(&self, headings: Vec<Heading>) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = headings;
        }
    }

    pub fn take(&self) -> Vec<Heading> {
        self.0.lock().map(|mut slot| std::mem::take(&mut *slot)).unwrap_or_default()
    }
}

/// The first page's body, if it is the post `slug`.
pub fn first_body(slug: &str) -> Option<FirstBody> {
    leptos::prelude::use_context::<FirstPage>().and_then(|page| page.body).filter(|body| body.slug() == slug)
}

#[cfg(not(feature = "ssr"))]
pub use browser::start;

#[cfg(not(feature = "ssr"))]
mod browser {
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;

    use super::*;

    /// Starts fumi's own site on the page in the document: hydrates it when it is the
    /// current route's rendered page, else renders the route in its place.
    pub fn start() {
        // Whether the page is this route's is decided once, before the first paint,
        // by `public/theme.js` (which hides a stale page's content).
        let record = read_record().filter(|_| !is_stale());
        // Rendering a post in place of another route's page: its body is fetched with
        // the manifest, so the post shows whole at once (a skeleton that the body
        // then replaces would move the layout).
        let post = record.is_none().then(current_post_slug).flatten();
        // Not leptos's spawn_local: its executor starts with the first mount.
        wasm_bindgen_futures::spawn_local(take_over(record, post));
    }

    /// Waits for the manifest, then hydrates the page when it was rendered for this
    /// route from this very manifest; else renders the route in its place, complete
    /// from its first frame (the manifest is in hand), so nothing shifts.
    async fn take_over(record: Option<PageRecord>, post: Option<String>) {
        // The standalone site's files resolve against the page's `<base href>`.
        let client = crate::api::Client::new(String::new());
        let manifest = client.manifest_with_fingerprint();
        let body = async {
            if let Some(slug) = post {
                let _ = client.post_body(&slug).await; // kept by the client for the view
            }
        };
        let (manifest, ()) = futures::join!(manifest, body);
        next_task().await;
        match (record, manifest) {
            (Some(record), Ok((manifest, fingerprint))) if fingerprint == record.manifest => {
                let body = record.post.map(|post| FirstBody::Adopted {
                    html: adopted_body_html(),
                    slug: post.slug,
                    headings: post.headings,
                });
                let first = FirstPage { body };
                leptos::mount::hydrate_body(move || view! { <crate::App manifest first client/> });
            }
            // A rendered page of this route stays as it is without a manifest:
            // complete, and its links still lead on.
            (Some(_), Err(error)) => {
                leptos::logging::warn!("fumi: the app could not start on this page: {error}")
            }
            // Another route's page, or another build's (published since): the app
            // renders this route.
            (_, Ok((manifest, _))) => {
                remove_rendered_page();
                leptos::mount::mount_to_body(move || view! { <crate::App manifest client/> });
            }
            // Nothing to show but the error, with a retry.
            (_, Err(error)) => {
                remove_rendered_page();
                leptos::mount::mount_to_body(move || view! { <crate::App manifest_error=error client/> });
            }
        }
        ready();
    }

    /// Resolves in a task of its own: what came before (the manifest's fetch and parse)
    /// and what comes after (hydration) are two tasks, neither holding the main thread
    /// as long as both would, and input and frames get through between them.
    async fn next_task() {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let _ = window().set_timeout_with_callback(&resolve);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }

    /// Whether `public/theme.js` found the page to be another route's.
    fn is_stale() -> bool {
        document().document_element().is_some_and(|root| root.class_list().contains("fumi-stale"))
    }

    /// The slug of the post at the current URL, if it is a post's.
    fn current_post_slug() -> Option<String> {
        let path = window().location().pathname().ok()?;
        let route = fumi_content::url::route_of(&crate::mount::document_base(), &path, "");
        route.strip_prefix("/posts/").map(fumi_content::url::decode_segment)
    }

    fn read_record() -> Option<PageRecord> {
        let text = document().get_element_by_id(RECORD_ID)?.text_content()?;
        serde_json::from_str(&text).ok()
    }

    /// The rendered post body as the page holds it, to show again without a fetch
    /// when the reader comes back to this post.
    fn adopted_body_html() -> String {
        document()
            .query_selector("main article .post__body")
            .ok()
            .flatten()
            .map(|body| body.inner_html())
            .unwrap_or_default()
    }

    /// Removes a rendered page that is not the current route's (its nodes are the
    /// direct children of `<body>`, apart from scripts).
    fn remove_rendered_page() {
        let Some(body) = document().body() else { return };
        let children = body.children();
        let nodes: Vec<web_sys::Element> = (0..children.length()).filter_map(|i| children.item(i)).collect();
        for node in nodes {
            if !matches!(node.tag_name().as_str(), "SCRIPT" | "NOSCRIPT" | "TEMPLATE") {
                node.remove();
            }
        }
        if let Some(root) = document().document_element() {
            let _ = root.class_list().remove_1("fumi-stale");
        }
    }

    /// Tells the start script that the app is in charge (it replays clicks made while
    /// the app was on its way).
    fn ready() {
        crate::marks::performance_mark("fumi:app");
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-fumi-app", "ready");
        }
        if let Ok(event) = web_sys::Event::new("fumi:ready") {
            let _ = window().unchecked_ref::<web_sys::EventTarget>().dispatch_event(&event);
        }
    }
}
