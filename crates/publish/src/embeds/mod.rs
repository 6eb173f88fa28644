//! Embeds, the publishing tool's side: what each URL standing alone in a paragraph
//! is — a page (link card), lines of code, a video, a slide deck, a pen, a post — is
//! learned here, once, and shipped in the post's render hints as the card [`card`]
//! draws from it (escaping every field).
//!
//! Each URL is looked up in the cache committed with the posts ([`cache`]) first; one
//! not there is fetched ([`fetch`]) unless offline, and recognised in turn as a
//! service with a player or a post ([`providers`]), a code permalink ([`code`]) or any
//! page ([`page`]). Images are downsized and stored beside the cache ([`images`]), and
//! copied into the built site at `embeds/`. A URL that cannot be learned is never an
//! error: it stays a plain link, and the build says why at its `file:line`.

pub mod cache;
pub mod card;
mod code;
pub mod directives;
mod fetch;
mod images;
mod page;
pub mod providers;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use card::{Embed, EmbedImage};
use url::Url;

use crate::hints::{Highlighter, Note};
use cache::Cache;
use fetch::{Deadline, Fetcher};

pub use fetch::Limits;

/// The folder of the built site (beside `posts/`) that embed images are copied to;
/// [`EmbedImage::src`] and [`Embed::icon`] are paths in it.
pub const SITE_FOLDER: &str = "embeds";

/// Environment variable that keeps builds off the network when `1`: cached embeds
/// only; any other URL stays a plain link, with a warning.
pub const OFFLINE_VAR: &str = "FUMI_OFFLINE";

/// How a build may use the network for embeds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Network {
    /// Cached URLs from the cache; others are fetched and cached.
    #[default]
    FetchMissing,
    /// Every URL fetched again (once per process: `watch` refreshes on its first
    /// publish, not on every save), the cache updated.
    Refresh,
    /// Nothing fetched.
    Offline,
}

impl Network {
    /// [`Network::Offline`] when `$FUMI_OFFLINE` is `1`, else a refresh if asked.
    pub fn from_env(refresh: bool) -> Self {
        let offline = std::env::var(OFFLINE_VAR).is_ok_and(|v| matches!(v.trim(), "1" | "true" | "yes"));
        match (offline, refresh) {
            (true, _) => Network::Offline,
            (false, true) => Network::Refresh,
            (false, false) => Network::FetchMissing,
        }
    }
}

/// What one recogniser learned: the embed, and the addresses of its image and icon,
/// which the resolver downloads and stores.
#[derive(Debug)]
pub struct Found {
    pub embed: Embed,
    pub image: Option<String>,
    pub icon: Option<String>,
}

/// A failure is not tried again for this long within one process, so `watch` does
/// not wait for a dead server on every save.
const RETRY_AFTER: Duration = Duration::from_secs(600);

/// URLs that failed in this process (and why), and URLs already refreshed in it.
/// Process-wide on purpose: `watch` publishes anew on every save, each time with a
/// new [`Resolver`].
#[derive(Default)]
struct Memory {
    failed: HashMap<String, (Instant, String)>,
    refreshed: HashSet<String>,
}

static MEMORY: LazyLock<Mutex<Memory>> = LazyLock::new(Default::default);

/// Learns what the URLs of posts are, for one publish of a project.
pub struct Resolver {
    /// Why not, when the cache file cannot be read: then nothing is fetched or saved
    /// (it would be overwritten), and each URL's note says so.
    cache: Result<Cache, String>,
    network: Network,
    fetcher: Fetcher,
    /// Service endpoints and raw-file hosts; tests point them at a local server.
    pub endpoints: providers::Endpoints,
    pub raw_hosts: code::RawHosts,
    highlighter: Highlighter,
    /// The day entries are dated with (`YYYY-MM-DD`).
    today: String,
}

impl Resolver {
    /// A resolver using the cache in `posts_dir/.embeds/`, dating new entries `today`.
    pub fn new(posts_dir: &Path, network: Network, today: String) -> Self {
        Self::with_limits(posts_dir, network, today, Limits::default())
    }

    pub fn with_limits(posts_dir: &Path, network: Network, today: String, limits: Limits) -> Self {
        let cache = Cache::open(&posts_dir.join(cache::FOLDER))
            .map_err(|e| format!("the embeds cache is unreadable ({e}; fix or delete it)"));
        Resolver {
            cache,
            network,
            fetcher: Fetcher::new(limits),
            endpoints: providers::Endpoints::default(),
            raw_hosts: code::RawHosts::default(),
            highlighter: Highlighter::new(),
            today,
        }
    }

    /// The embeds of one post body (as published: directives expanded), and a note
    /// at the paragraph of each URL that stays a plain link, saying why.
    pub fn resolve_post(&mut self, body: &str) -> (BTreeMap<String, Embed>, Vec<Note>) {
        let mut embeds = BTreeMap::new();
        let mut notes = Vec::new();
        let mut seen = HashSet::new();
        for (url, offset) in fumi_content::markdown::embeds::embed_urls(body) {
            if !seen.insert(url.clone()) {
                continue;
            }
            match self.resolve(&url) {
                Ok(embed) => {
                    embeds.insert(url, embed);
                }
                Err(why) => notes.push(Note::warning(offset, format!("{url}: {why}; it stays a plain link"))),
            }
        }
        (embeds, notes)
    }

    /// What `url` is: from the cache, else from the network.
    fn resolve(&mut self, url: &str) -> Result<Embed, String> {
        let cache = self.cache.as_ref().map_err(String::clone)?;
        let refresh = self.network == Network::Refresh
            && MEMORY.lock().map(|mut memory| memory.refreshed.insert(url.to_owned())).unwrap_or(false);
        if let (Some(entry), false) = (cache.get(url), refresh) {
            return Ok(entry.embed.clone());
        }
        if self.network == Network::Offline {
            return Err(format!("not in the embeds cache, and {OFFLINE_VAR}=1 keeps the build offline"));
        }
        if let Some((when, why)) = MEMORY.lock().ok().and_then(|memory| memory.failed.get(url).cloned()) {
            if when.elapsed() < RETRY_AFTER {
                return Err(why);
            }
        }
        match self.fetch(url) {
            Ok(embed) => {
                if let Ok(cache) = &mut self.cache {
                    cache.insert(url, cache::Entry { fetched: self.today.clone(), embed: embed.clone() });
                }
                Ok(embed)
            }
            Err(why) => {
                if let Ok(mut memory) = MEMORY.lock() {
                    memory.failed.insert(url.to_owned(), (Instant::now(), why.clone()));
                }
                // A refresh that fails keeps what was known.
                match self.cache.as_ref().ok().and_then(|cache| cache.get(url)) {
                    Some(entry) => Ok(entry.embed.clone()),
                    None => Err(why),
                }
            }
        }
    }

    /// Learns `url` from the network, with its images stored in the cache folder.
    fn fetch(&self, url: &str) -> Result<Embed, String> {
        let deadline = self.fetcher.deadline();
        let found = if let Some(provider) = providers::recognise(url) {
            providers::resolve(&provider, url, &self.fetcher, &self.endpoints, &deadline)?
        } else if let Some(permalink) = code::recognise(url) {
            match code::resolve(&permalink, &self.fetcher, &self.raw_hosts, &self.highlighter, &deadline)? {
                Some(embed) => Found { embed, image: None, icon: None },
                // A whole file too long to show: its page's card instead.
                None => self.link_card(url, &deadline)?,
            }
        } else {
            self.link_card(url, &deadline)?
        };
        let Found { mut embed, image, icon } = found;
        let folder = self.cache.as_ref().map_err(String::clone)?.folder().to_owned();
        // An image that cannot be had leaves a card without one: no warning needed.
        embed.image = image.and_then(|src| {
            let bytes = self.fetcher.get_image(&src, &deadline).ok()?;
            let stored = images::store_picture(&bytes, &folder).ok()?;
            Some(EmbedImage { src: format!("{SITE_FOLDER}/{}", stored.file), size: stored.size })
        });
        embed.icon = icon.and_then(|src| {
            let bytes = self.fetcher.get_image(&src, &deadline).ok()?;
            Some(format!("{SITE_FOLDER}/{}", images::store_icon(&bytes, &folder).ok()?.file))
        });
        Ok(embed)
    }

    /// The card of an ordinary page, from what it says about itself.
    fn link_card(&self, url: &str, deadline: &Deadline) -> Result<Found, String> {
        let fetched = self.fetcher.get_page(url, deadline)?;
        let facts = page::facts(&fetched.html);
        if facts.title.is_empty() {
            return Err("the page has no title".into());
        }
        let base = Url::parse(&fetched.url).map_err(|e| format!("{}: {e}", fetched.url))?;
        let absolute = |href: Option<String>| -> Option<String> {
            let resolved = base.join(href?.trim()).ok()?;
            matches!(resolved.scheme(), "https" | "http").then(|| resolved.to_string())
        };
        let site = if facts.site.is_empty() {
            base.host_str().map(|h| h.trim_start_matches("www.").to_owned()).unwrap_or_default()
        } else {
            facts.site
        };
        let embed = Embed { title: facts.title, description: facts.description, site, ..Embed::default() };
        Ok(Found { embed, image: absolute(facts.image), icon: absolute(facts.icon) })
    }

    /// Saves what was learned (only when anything was).
    pub fn save(&mut self) -> Result<(), String> {
        self.cache.as_mut().map_or(Ok(()), Cache::save)
    }

    /// The cache files `embeds` show, as paths on disk, for [`copy_images`].
    pub fn image_paths<'a>(&self, embeds: impl IntoIterator<Item = &'a Embed>) -> Vec<PathBuf> {
        let Ok(cache) = &self.cache else { return Vec::new() };
        let mut files: Vec<PathBuf> =
            embeds.into_iter().flat_map(image_files).map(|f| cache.folder().join(f)).collect();
        files.sort();
        files.dedup();
        files
    }
}

/// The image files (in the cache folder, and in the site's [`SITE_FOLDER`]) an embed
/// shows.
fn image_files(embed: &Embed) -> Vec<String> {
    let image = embed.image.as_ref().map(|image| image.src.as_str());
    image
        .into_iter()
        .chain(embed.icon.as_deref())
        .filter_map(|src| src.strip_prefix(SITE_FOLDER)?.strip_prefix('/'))
        .filter(|name| is_image_file_name(name))
        .map(str::to_owned)
        .collect()
}

/// A name [`images`] gives: 16 hex digits and an image extension (nothing else is
/// copied or removed).
fn is_image_file_name(name: &str) -> bool {
    let Some((stem, extension)) = name.split_once('.') else { return false };
    stem.len() == 16 && stem.chars().all(|c| c.is_ascii_hexdigit()) && matches!(extension, "jpg" | "png" | "webp")
}

/// Copies embed images into `site_root/embeds/` (each once; existing copies are
/// left as they are: the name is the content's hash).
pub fn copy_images(files: &[PathBuf], site_root: &Path) -> std::io::Result<()> {
    if files.is_empty() {
        return Ok(());
    }
    let folder = site_root.join(SITE_FOLDER);
    std::fs::create_dir_all(&folder)?;
    for file in files {
        let Some(name) = file.file_name() else { continue };
        let target = folder.join(name);
        if !target.exists() {
            std::fs::copy(file, target)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
