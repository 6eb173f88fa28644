//! Every network request the app makes, and the data types they return.
//!
//! Two kinds of request: the manifest, once at start-up, and one Markdown body per post,
//! cached for as long as the page stays open. URLs are relative, so they resolve
//! against the page's `<base href>` wherever the site is hosted.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;
use std::sync::Arc;

use fumi_content::manifest::MANIFEST_VERSION;
use fumi_content::search::{meta_file, term_shard_file, text_shard_file, SearchMeta, TermShard, TextShard};
use fumi_content::url::{post_body_file, post_hints_file, MANIFEST_FILE};
use fumi_content::{Manifest, RenderHints};
use gloo_net::http::Request;

/// Why something could not be loaded, worded for a reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// The request never got an answer (offline, DNS, CORS, server down).
    Network(String),
    /// The server answered with an error status.
    Status(u16),
    /// The answer arrived but is not what fumi expects.
    Invalid(String),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Network(e) => write!(f, "The network request failed ({e})."),
            LoadError::Status(404) => f.write_str("The server has no such file (HTTP 404)."),
            LoadError::Status(code) => {
                write!(f, "The server answered with an error (HTTP {code}).")
            }
            LoadError::Invalid(e) => {
                write!(f, "The data arrived damaged or in an unknown format: {e}.")
            }
        }
    }
}

async fn fetch_text(url: &str) -> Result<String, LoadError> {
    let response = Request::get(url).send().await.map_err(|e| LoadError::Network(e.to_string()))?;
    if !response.ok() {
        return Err(LoadError::Status(response.status()));
    }
    response.text().await.map_err(|e| LoadError::Network(e.to_string()))
}

/// Fetches and checks the manifest.
pub async fn fetch_manifest() -> Result<Arc<Manifest>, LoadError> {
    let text = fetch_text(MANIFEST_FILE).await?;
    let manifest: Manifest =
        serde_json::from_str(&text).map_err(|e| LoadError::Invalid(format!("{MANIFEST_FILE}: {e}")))?;
    if manifest.version != MANIFEST_VERSION {
        return Err(LoadError::Invalid(format!(
            "{MANIFEST_FILE} has format version {}, this app reads version {MANIFEST_VERSION}; rebuild the site",
            manifest.version
        )));
    }
    Ok(Arc::new(manifest))
}

/// A post's Markdown body with the publishing tool's render hints.
#[derive(Debug, PartialEq)]
pub struct PostBody {
    pub markdown: String,
    pub hints: RenderHints,
}

thread_local! {
    /// Post bodies already fetched, by slug: revisiting a post costs no request.
    static BODIES: RefCell<HashMap<String, Rc<PostBody>>> = RefCell::new(HashMap::new());
}

/// The body of a post, from the cache or the network. The body and its hints are
/// fetched together; without hints (an older build, a failed request) the post still
/// renders, just without highlighting.
pub async fn fetch_post_body(slug: &str) -> Result<Rc<PostBody>, LoadError> {
    if let Some(body) = cached_post_body(slug) {
        return Ok(body);
    }
    let hints_url = post_hints_file(slug);
    let (markdown, hints) = futures::future::join(fetch_text(&post_body_file(slug)), fetch_text(&hints_url)).await;
    let hints = match hints.map(|text| serde_json::from_str::<RenderHints>(&text)) {
        Ok(Ok(hints)) => hints,
        Ok(Err(e)) => {
            leptos::logging::warn!("{hints_url}: ignoring unreadable render hints: {e}");
            RenderHints::default()
        }
        Err(e) => {
            leptos::logging::warn!("{hints_url}: rendering without hints: {e}");
            RenderHints::default()
        }
    };
    let body = Rc::new(PostBody { markdown: markdown?, hints });
    BODIES.with(|cache| cache.borrow_mut().insert(slug.to_owned(), body.clone()));
    Ok(body)
}

/// The body of a post if it has been fetched before.
pub fn cached_post_body(slug: &str) -> Option<Rc<PostBody>> {
    BODIES.with(|cache| cache.borrow().get(slug).cloned())
}

// ---- search files: fetched on first use only, then cached ----

thread_local! {
    static SEARCH_META: RefCell<Option<Rc<SearchMeta>>> = const { RefCell::new(None) };
    static TERM_SHARDS: RefCell<HashMap<u32, Rc<TermShard>>> = RefCell::new(HashMap::new());
    static TEXT_SHARDS: RefCell<HashMap<u32, Rc<TextShard>>> = RefCell::new(HashMap::new());
}

async fn fetch_json<T: serde::de::DeserializeOwned>(url: &str) -> Result<T, LoadError> {
    let text = fetch_text(url).await?;
    serde_json::from_str(&text).map_err(|e| LoadError::Invalid(format!("{url}: {e}")))
}

/// How the search index is split.
pub async fn fetch_search_meta() -> Result<Rc<SearchMeta>, LoadError> {
    if let Some(meta) = SEARCH_META.with(|m| m.borrow().clone()) {
        return Ok(meta);
    }
    let meta: Rc<SearchMeta> = Rc::new(fetch_json(&meta_file()).await?);
    SEARCH_META.with(|m| *m.borrow_mut() = Some(meta.clone()));
    Ok(meta)
}

/// Fetches `url` as JSON once; later calls get the cached value.
async fn fetch_cached<T: serde::de::DeserializeOwned>(
    cache: &'static std::thread::LocalKey<RefCell<HashMap<u32, Rc<T>>>>,
    n: u32,
    url: String,
) -> Result<Rc<T>, LoadError> {
    if let Some(hit) = cache.with(|c| c.borrow().get(&n).cloned()) {
        return Ok(hit);
    }
    let value: Rc<T> = Rc::new(fetch_json(&url).await?);
    cache.with(|c| c.borrow_mut().insert(n, value.clone()));
    Ok(value)
}

/// One shard of the term index.
pub async fn fetch_term_shard(n: u32) -> Result<Rc<TermShard>, LoadError> {
    fetch_cached(&TERM_SHARDS, n, term_shard_file(n)).await
}

/// One shard of post texts, for snippets.
pub async fn fetch_text_shard(n: u32) -> Result<Rc<TextShard>, LoadError> {
    fetch_cached(&TEXT_SHARDS, n, text_shard_file(n)).await
}
