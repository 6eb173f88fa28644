//! Every network request the app makes, and the data types they return.
//!
//! Each instance has a [`Client`] of the built site its posts come from: the manifest
//! once at start-up, one Markdown body per post and the search files on demand, each
//! kept for as long as the instance lives. Every file is named relative to a content
//! root: empty on the standalone site, so requests resolve against the page's
//! `<base href>` wherever it is hosted; the built site's absolute URL (perhaps on
//! another origin) for an embedded instance. Every request has a time limit
//! ([`fetch_timeout`]) and is aborted when its answer is no longer wanted (the reader
//! moved on, or the instance was unmounted).

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use fumi_content::layout::SiteFile;
use fumi_content::manifest::MANIFEST_VERSION;
use fumi_content::search::{SearchMeta, TermShard, TextShard};
use fumi_content::{Manifest, PostSummary, RenderHints};
use gloo_net::http::Request;
use leptos::prelude::{
    document, set_timeout_with_handle, use_context, GetValue, LocalStorage, StoredValue, TimeoutHandle, UpdateValue,
    WithValue,
};
use serde_json::value::RawValue;

/// Why something could not be loaded, worded for a reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// The request never got an answer (DNS, CORS, server down).
    Network(String),
    /// The reader is offline, and the file was not kept for reading offline.
    Offline,
    /// No answer, or no complete one, within the time limit (ms; see [`fetch_timeout`]).
    TimedOut(u32),
    /// The connection broke while the answer was arriving.
    Incomplete,
    /// The server answered with an error status.
    Status(u16),
    /// The server has no manifest: the site is not (completely) published.
    ManifestMissing,
    /// The app stopped the request: the reader has moved on (see [`abandon`]).
    Abandoned,
    /// The answer arrived but is not what fumi expects.
    Invalid(String),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Network(e) => write!(f, "The network request failed ({e})."),
            LoadError::Offline => f.write_str("You are offline, and this page has not been saved for reading offline."),
            LoadError::TimedOut(ms) if ms % 1000 == 0 => {
                write!(f, "No complete answer came from the server within {} seconds.", ms / 1000)
            }
            LoadError::TimedOut(ms) => write!(f, "No complete answer came from the server within {ms} ms."),
            LoadError::Incomplete => f.write_str("The connection broke before the whole file had arrived."),
            LoadError::Abandoned => f.write_str("The request was cancelled."),
            LoadError::Status(404) => f.write_str("The server has no such file (HTTP 404)."),
            LoadError::Status(code) => {
                write!(f, "The server answered with an error (HTTP {code}).")
            }
            LoadError::ManifestMissing => write!(
                f,
                "The list of posts ({}) is not on the server (HTTP 404): the site is not completely published.",
                SiteFile::Manifest.url()
            ),
            LoadError::Invalid(e) => {
                write!(f, "The data arrived damaged or in an unknown format: {e}.")
            }
        }
    }
}

/// How long a request waits for the server to start answering, and then again for
/// the rest of the answer, unless the page says otherwise.
pub const DEFAULT_FETCH_TIMEOUT_MS: u32 = 15_000;

/// The request time limit in ms: `<meta name="fumi-fetch-timeout" content="30000">` in
/// the page (for slow hosts or readers on slow links), else
/// [`DEFAULT_FETCH_TIMEOUT_MS`]. Read once, at the first request.
pub fn fetch_timeout() -> u32 {
    thread_local! {
        static TIMEOUT: u32 = {
            let setting = document()
                .query_selector("meta[name='fumi-fetch-timeout']")
                .ok()
                .flatten()
                .and_then(|meta| meta.get_attribute("content"));
            match setting.as_deref().map(|ms| ms.trim().parse::<u32>()) {
                None => DEFAULT_FETCH_TIMEOUT_MS,
                Some(Ok(ms)) if ms > 0 => ms,
                Some(_) => {
                    leptos::logging::warn!("fumi-fetch-timeout: expected milliseconds, got {setting:?}; using {DEFAULT_FETCH_TIMEOUT_MS}");
                    DEFAULT_FETCH_TIMEOUT_MS
                }
            }
        };
    }
    TIMEOUT.with(|ms| *ms)
}

/// Why a request was stopped before it ended by itself.
#[derive(Clone, Copy, PartialEq)]
enum Stopped {
    TimedOut,
    Abandoned,
}

/// What [`Client::abandon`] needs of a request under way.
struct Registered {
    url: String,
    controller: web_sys::AbortController,
    stopped: Rc<Cell<Option<Stopped>>>,
}

impl Registered {
    fn stop(&self) {
        if self.stopped.get().is_none() {
            self.stopped.set(Some(Stopped::Abandoned));
            self.controller.abort();
        }
    }
}

/// An instance's requests under way, by id.
#[derive(Default)]
struct Requests {
    next: Cell<u32>,
    by_id: RefCell<HashMap<u32, Registered>>,
}

/// One request under way: aborts it when it runs out of time or is abandoned
/// ([`Client::abandon`]). Dropping it (the request is over) stops its timer.
struct InFlight {
    id: u32,
    requests: Rc<Requests>,
    controller: Option<web_sys::AbortController>,
    timer: Option<TimeoutHandle>,
    stopped: Rc<Cell<Option<Stopped>>>,
    ms: u32,
}

impl InFlight {
    fn start(requests: Rc<Requests>, url: &str, ms: u32) -> Self {
        let id = requests.next.replace(requests.next.get().wrapping_add(1));
        let controller = web_sys::AbortController::new().ok();
        let stopped = Rc::new(Cell::new(None));
        if let Some(controller) = &controller {
            let registered =
                Registered { url: url.to_owned(), controller: controller.clone(), stopped: stopped.clone() };
            requests.by_id.borrow_mut().insert(id, registered);
        }
        let mut request = InFlight { id, requests, controller, timer: None, stopped, ms };
        request.restart_clock();
        request
    }

    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.controller.as_ref().map(|c| c.signal())
    }

    /// Gives the request the full time again, from now.
    fn restart_clock(&mut self) {
        if let Some(timer) = self.timer.take() {
            timer.clear();
        }
        let Some(controller) = self.controller.clone() else { return };
        let stopped = self.stopped.clone();
        let abort = move || {
            stopped.set(Some(Stopped::TimedOut));
            controller.abort();
        };
        self.timer = set_timeout_with_handle(abort, Duration::from_millis(self.ms.into())).ok();
    }

    /// `error`, unless the request was stopped on purpose.
    fn or(&self, error: LoadError) -> LoadError {
        match self.stopped.get() {
            Some(Stopped::TimedOut) => LoadError::TimedOut(self.ms),
            Some(Stopped::Abandoned) => LoadError::Abandoned,
            None => error,
        }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if let Some(timer) = self.timer.take() {
            timer.clear();
        }
        self.requests.by_id.borrow_mut().remove(&self.id);
    }
}

/// GETs `url` as text. The server has [`fetch_timeout`] to start answering and as
/// long again to finish; a connection that breaks mid-answer is an error, never a
/// shortened text.
async fn fetch_text(requests: Rc<Requests>, url: &str, revalidate: bool) -> Result<String, LoadError> {
    let mut request = InFlight::start(requests, url, fetch_timeout());
    #[allow(unused_mut)]
    let mut builder = Request::get(url);
    // Only the dev server's live preview asks for it (see `ClientState::revalidate`).
    #[cfg(debug_assertions)]
    if revalidate {
        builder = builder.cache(web_sys::RequestCache::NoStore);
    }
    let _ = revalidate;
    let response =
        builder.abort_signal(request.signal().as_ref()).send().await.map_err(|e| {
            request.or(if is_offline() { LoadError::Offline } else { LoadError::Network(e.to_string()) })
        })?;
    if !response.ok() {
        return Err(LoadError::Status(response.status()));
    }
    request.restart_clock();
    response.text().await.map_err(|_| request.or(LoadError::Incomplete))
}

/// Whether the browser knows it has no network.
fn is_offline() -> bool {
    !leptos::prelude::window().navigator().on_line()
}

/// What an instance has fetched and is fetching.
#[derive(Default)]
struct ClientState {
    requests: Rc<Requests>,
    /// Post bodies already fetched, by URL: revisiting a post costs no request.
    bodies: HashMap<String, Rc<PostBody>>,
    /// Search files, fetched on first use only.
    search_meta: Option<Rc<SearchMeta>>,
    term_shards: HashMap<u32, Rc<TermShard>>,
    text_shards: HashMap<u32, Rc<TextShard>>,
    /// Fetch from the server, bypassing the browser's cache: set once the site changed
    /// under the open page. The dev server sends no cache headers, and two saves in
    /// one second share a `Last-Modified`, so even a revalidated copy could be the one
    /// from before the last save.
    revalidate: bool,
}

/// One instance's connection to the built site its posts come from.
///
/// It keeps what it fetched for as long as the instance lives, and no longer: two
/// instances on one page (embedding different sites, or the same one) share nothing,
/// and an unmounted instance's requests are aborted ([`Client::abandon_all`], which
/// [`crate::App`] calls on cleanup).
#[derive(Clone, Copy)]
pub struct Client {
    root: StoredValue<String>,
    state: StoredValue<ClientState, LocalStorage>,
}

impl Client {
    /// A client of the site whose root is `root` (see [`Mount::content_root`]).
    ///
    /// [`Mount::content_root`]: crate::mount::Mount::content_root
    pub fn new(root: String) -> Self {
        Client { root: StoredValue::new(root), state: StoredValue::new_local(ClientState::default()) }
    }

    /// The URL of a file of the built site.
    fn url(&self, file: SiteFile) -> String {
        format!("{}{}", self.root.get_value(), file.url())
    }

    fn requests(&self) -> Rc<Requests> {
        // A client whose instance is gone gets a registry of its own, which no one
        // aborts: its requests end by themselves.
        self.state.try_with_value(|state| state.requests.clone()).unwrap_or_default()
    }

    async fn fetch_text(&self, file: SiteFile<'_>) -> Result<String, LoadError> {
        fetch_text(self.requests(), &self.url(file), self.revalidates()).await
    }

    /// Only ever set in a debug build (the dev server's live preview): a release
    /// build compiles the cache bypass away.
    fn revalidates(&self) -> bool {
        cfg!(debug_assertions) && self.state.try_with_value(|state| state.revalidate).unwrap_or(false)
    }

    /// Stops every request for `url` under way; each ends with [`LoadError::Abandoned`].
    fn abandon(&self, url: &str) {
        let requests = self.requests();
        for request in requests.by_id.borrow().values().filter(|request| request.url == url) {
            request.stop();
        }
    }

    /// Forgets the files fetched so far: the next request for each goes to the server
    /// (the site was published again under the open page).
    pub fn forget_fetched(&self) {
        self.state.try_update_value(|state| {
            state.bodies.clear();
            state.search_meta = None;
            state.term_shards.clear();
            state.text_shards.clear();
            state.revalidate = true;
        });
    }

    /// Stops every request of this client (its instance is being unmounted).
    pub fn abandon_all(&self) {
        let requests = self.requests();
        for request in requests.by_id.borrow().values() {
            request.stop();
        }
    }
}

impl Client {
    /// Fetches and checks the manifest.
    pub async fn manifest(&self) -> Result<Arc<Manifest>, LoadError> {
        self.manifest_with_fingerprint().await.map(|(manifest, _)| manifest)
    }

    /// Fetches and checks the manifest; also says which one it is
    /// ([`fumi_content::manifest::fingerprint`]).
    pub async fn manifest_with_fingerprint(&self) -> Result<(Arc<Manifest>, String), LoadError> {
        let text = self.fetch_text(SiteFile::Manifest).await.map_err(|e| match e {
            LoadError::Status(404) => LoadError::ManifestMissing,
            e => e,
        })?;
        let manifest = parse_manifest(&text)?;
        Ok((Arc::new(manifest), fumi_content::manifest::fingerprint(&text)))
    }
}

/// Reads the manifest one post at a time: an entry fumi cannot read (a field missing
/// or of the wrong type) is left out with a console warning naming it, and the rest
/// of the site still shows. Anything else wrong with the file is an error.
fn parse_manifest(text: &str) -> Result<Manifest, LoadError> {
    #[derive(serde::Deserialize)]
    struct Outline<'a> {
        version: u32,
        #[serde(borrow)]
        posts: Vec<&'a RawValue>,
    }
    let file = SiteFile::Manifest.url();
    let damaged = |e: serde_json::Error| {
        LoadError::Invalid(if e.is_eof() {
            format!("{file} ends too early (cut off on its way or on upload)")
        } else {
            format!("{file}: {e}")
        })
    };
    let outline: Outline = serde_json::from_str(text).map_err(damaged)?;
    if outline.version != MANIFEST_VERSION {
        return Err(LoadError::Invalid(format!(
            "{file} has format version {}, this app reads version {MANIFEST_VERSION}; rebuild the site",
            outline.version
        )));
    }
    let mut posts = Vec::with_capacity(outline.posts.len());
    for (i, entry) in outline.posts.iter().enumerate() {
        match serde_json::from_str::<PostSummary>(entry.get()) {
            Ok(post) => posts.push(post),
            Err(e) => leptos::logging::warn!(
                "{file}: leaving out post {} of {} ({}): {e}",
                i + 1,
                outline.posts.len(),
                entry_name(entry)
            ),
        }
    }
    // The rest is read by the manifest model itself, with the post entries cut out
    // (they are slices of `text`, so their place in it is known).
    let rest = match (outline.posts.first(), outline.posts.last()) {
        (Some(first), Some(last)) => {
            let offset = |raw: &RawValue| raw.get().as_ptr() as usize - text.as_ptr() as usize;
            let (start, end) = (offset(first), offset(last) + last.get().len());
            Cow::Owned(format!("{}{}", &text[..start], &text[end..]))
        }
        _ => Cow::Borrowed(text),
    };
    let mut manifest: Manifest = serde_json::from_str(&rest).map_err(damaged)?;
    manifest.posts = posts;
    Ok(manifest)
}

/// How a warning names a manifest entry: its slug, else its title, as written.
fn entry_name(entry: &RawValue) -> String {
    #[derive(serde::Deserialize)]
    struct Name<'a> {
        #[serde(borrow)]
        slug: Option<&'a RawValue>,
        #[serde(borrow)]
        title: Option<&'a RawValue>,
    }
    match serde_json::from_str::<Name>(entry.get()) {
        Ok(Name { slug: Some(slug), .. }) => format!("slug {slug}"),
        Ok(Name { title: Some(title), .. }) => format!("title {title}"),
        _ => "no slug or title".into(),
    }
}

/// A post's Markdown body with the publishing tool's render hints.
#[derive(Debug, PartialEq)]
pub struct PostBody {
    pub markdown: String,
    pub hints: RenderHints,
}

impl Client {
    /// The body of a post, from the cache or the network. The body and its hints are
    /// fetched together; without hints (an older build, a failed request) the post
    /// still renders, just without highlighting.
    pub async fn post_body(&self, slug: &str) -> Result<Rc<PostBody>, LoadError> {
        let body_url = self.url(SiteFile::PostBody(slug));
        if let Some(body) = self.state.try_with_value(|state| state.bodies.get(&body_url).cloned()).flatten() {
            return Ok(body);
        }
        let hints_url = self.url(SiteFile::PostHints(slug));
        let (markdown, hints) = futures::future::join(
            self.fetch_text(SiteFile::PostBody(slug)),
            self.fetch_text(SiteFile::PostHints(slug)),
        )
        .await;
        let hints = match hints.map(|text| serde_json::from_str::<RenderHints>(&text)) {
            Ok(Ok(hints)) => hints,
            Ok(Err(e)) => {
                leptos::logging::warn!("{hints_url}: ignoring unreadable render hints: {e}");
                RenderHints::default()
            }
            // Not cached without its hints: the reader may come back for it.
            Err(LoadError::Abandoned) => return Err(LoadError::Abandoned),
            Err(e) => {
                leptos::logging::warn!("{hints_url}: rendering without hints: {e}");
                RenderHints::default()
            }
        };
        let body = Rc::new(PostBody { markdown: markdown?, hints });
        self.state.try_update_value(|state| state.bodies.insert(body_url, body.clone()));
        Ok(body)
    }

    /// Stops fetching a post's body and hints (the reader has moved on to another post).
    pub fn abandon_post_body(&self, slug: &str) {
        self.abandon(&self.url(SiteFile::PostBody(slug)));
        self.abandon(&self.url(SiteFile::PostHints(slug)));
    }

    async fn fetch_json<T: serde::de::DeserializeOwned>(&self, file: SiteFile<'_>) -> Result<T, LoadError> {
        let url = self.url(file);
        let text = fetch_text(self.requests(), &url, self.revalidates()).await?;
        serde_json::from_str(&text).map_err(|e| LoadError::Invalid(format!("{url}: {e}")))
    }

    /// How the search index is split; fetched on first use only, like the shards.
    pub async fn search_meta(&self) -> Result<Rc<SearchMeta>, LoadError> {
        if let Some(meta) = self.state.try_with_value(|state| state.search_meta.clone()).flatten() {
            return Ok(meta);
        }
        let meta: Rc<SearchMeta> = Rc::new(self.fetch_json(SiteFile::SearchMeta).await?);
        self.state.try_update_value(|state| state.search_meta = Some(meta.clone()));
        Ok(meta)
    }

    /// One shard of the term index.
    pub async fn term_shard(&self, n: u32) -> Result<Rc<TermShard>, LoadError> {
        if let Some(shard) = self.state.try_with_value(|state| state.term_shards.get(&n).cloned()).flatten() {
            return Ok(shard);
        }
        let shard: Rc<TermShard> = Rc::new(self.fetch_json(SiteFile::TermShard(n)).await?);
        self.state.try_update_value(|state| state.term_shards.insert(n, shard.clone()));
        Ok(shard)
    }

    /// One shard of post texts, for snippets.
    pub async fn text_shard(&self, n: u32) -> Result<Rc<TextShard>, LoadError> {
        if let Some(shard) = self.state.try_with_value(|state| state.text_shards.get(&n).cloned()).flatten() {
            return Ok(shard);
        }
        let shard: Rc<TextShard> = Rc::new(self.fetch_json(SiteFile::TextShard(n)).await?);
        self.state.try_update_value(|state| state.text_shards.insert(n, shard.clone()));
        Ok(shard)
    }
}

/// The client of the instance being built. Outside any instance (component tests that
/// mount a single component), one for the standalone site.
pub fn use_client() -> Client {
    use_context::<Client>().unwrap_or_else(|| Client::new(crate::mount::use_mount().content_root))
}
