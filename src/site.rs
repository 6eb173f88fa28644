//! The site-wide context every route and component may use: the manifest, the
//! interface text and the site's title. It uses no route or component itself.
//!
//! The manifest is given up front when the page was rendered by the publishing tool
//! (natively, or in the browser taking over that page: the same data renders the same
//! markup), and fetched otherwise.

use std::sync::Arc;

use fumi_content::Manifest;
use leptos::prelude::*;

use crate::api::{Client, LoadError};
use crate::mount::use_mount;
use crate::ui_text::{self, UiText};

/// The manifest as an instance holds it: loading (`None`), loaded, or failed.
#[derive(Clone, Copy)]
pub struct ManifestSource {
    state: RwSignal<Option<Result<Arc<Manifest>, LoadError>>>,
    client: Client,
    /// Refreshes started; an answer to an older one than the last is dropped.
    refreshes: StoredValue<u32>,
}

impl ManifestSource {
    /// A manifest already in hand, of `client`'s site.
    pub fn loaded(client: Client, manifest: Arc<Manifest>) -> Self {
        ManifestSource { state: RwSignal::new(Some(Ok(manifest))), client, refreshes: StoredValue::new(0) }
    }

    /// A manifest that could not be loaded (the retry button fetches it again).
    pub fn failed(client: Client, error: LoadError) -> Self {
        ManifestSource { state: RwSignal::new(Some(Err(error))), client, refreshes: StoredValue::new(0) }
    }

    /// The manifest of `client`'s site, fetched now.
    pub fn fetch(client: Client) -> Self {
        let source = ManifestSource { state: RwSignal::new(None), client, refreshes: StoredValue::new(0) };
        source.refetch();
        source
    }

    pub fn get(&self) -> Option<Result<Arc<Manifest>, LoadError>> {
        self.state.get()
    }

    pub fn get_untracked(&self) -> Option<Result<Arc<Manifest>, LoadError>> {
        self.state.get_untracked()
    }

    /// Fetches the manifest again and shows it in place of the one on screen once it
    /// is here, with no loading state between (the dev server's live preview); a
    /// failed fetch leaves the page as it is.
    pub fn refresh(&self) {
        let (state, client, refreshes) = (self.state, self.client, self.refreshes);
        let this = refreshes.try_update_value(|n| {
            *n += 1;
            *n
        });
        leptos::task::spawn_local(async move {
            if let Ok(manifest) = client.manifest().await {
                // Saves in quick succession: only the newest answer is shown.
                if refreshes.try_get_value() == this {
                    let _ = state.try_set(Some(Ok(manifest)));
                }
            }
        });
    }

    /// Fetches the manifest again (the retry button of a failed load).
    pub fn refetch(&self) {
        let (state, client) = (self.state, self.client);
        state.set(None);
        leptos::task::spawn_local(async move {
            let result = client.manifest().await;
            // The instance may be gone by the time the answer comes.
            let _ = state.try_set(Some(result));
        });
    }
}

/// Site-wide state shared with every route through context.
#[derive(Clone, Copy)]
pub struct SiteContext {
    pub manifest: ManifestSource,
    /// Bumped when the site's files changed under the open page (the dev server's
    /// live preview): what was fetched is fetched again.
    pub revision: RwSignal<u32>,
}

/// The site context of the instance being built.
pub fn use_site() -> SiteContext {
    expect_context::<SiteContext>()
}

/// The interface text for the site's language (or the one the embedder chose);
/// before the manifest arrives, the language of the host page (`<html lang>`).
pub fn use_ui_text() -> impl Fn() -> &'static UiText + Copy + Send + Sync {
    let site = use_site();
    let forced = use_mount().lang.map(|lang| ui_text::for_language(&lang));
    move || match (forced, site.manifest.get()) {
        (Some(text), _) => text,
        (None, Some(Ok(manifest))) => ui_text::for_language(&manifest.site.language),
        (None, _) => ui_text::for_language(&page_language()),
    }
}

fn page_language() -> String {
    if cfg!(feature = "ssr") {
        return String::new();
    }
    document().document_element().and_then(|e| e.get_attribute("lang")).unwrap_or_default()
}

/// The site's title once the manifest is in (empty until then).
pub fn use_site_title() -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let site = use_site();
    move || match site.manifest.get() {
        Some(Ok(m)) => m.site.title.clone(),
        _ => String::new(),
    }
}
