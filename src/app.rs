//! The router and the frame around every page.

use std::sync::Arc;

use fumi_content::Manifest;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::api::{self, LoadError};
use crate::components::problems::ProblemsBanner;
use crate::components::scroll_memory::ScrollMemory;
use crate::components::theme_toggle::ThemeToggle;
use crate::paths;
use crate::routes::archive::ArchivePage;
use crate::routes::{home::HomePage, not_found::NotFoundPage, post::PostPage, tag::TagPage, tags::TagsPage};
use crate::ui_text::{self, UiText};

/// The manifest as the app holds it: loading (`None`), loaded, or failed.
pub type ManifestResource = LocalResource<Result<Arc<Manifest>, LoadError>>;

/// Site-wide state shared with every route through context.
#[derive(Clone, Copy)]
pub struct SiteContext {
    pub manifest: ManifestResource,
}

/// The site context provided by [`App`].
pub fn use_site() -> SiteContext {
    expect_context::<SiteContext>()
}

/// The interface text for the site's language; before the manifest arrives, the
/// language of the host page (`<html lang>`).
pub fn use_ui_text() -> impl Fn() -> &'static UiText + Copy + Send + Sync {
    let site = use_site();
    move || match site.manifest.get() {
        Some(Ok(manifest)) => ui_text::for_language(&manifest.site.language),
        _ => ui_text::for_language(
            &document().document_element().map(|e| e.get_attribute("lang").unwrap_or_default()).unwrap_or_default(),
        ),
    }
}

/// The whole app: fetches the manifest once, then routes.
#[component]
pub fn App() -> impl IntoView {
    let manifest: ManifestResource = LocalResource::new(api::fetch_manifest);
    crate::fragment_links::keep_fragment_links_on_page();
    provide_context(SiteContext { manifest });

    // The document speaks the site's language once it is known.
    Effect::new(move |_| {
        if let Some(Ok(m)) = manifest.get() {
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("lang", &m.site.language);
            }
        }
    });

    let text = use_ui_text();
    let site_title = move || match manifest.get() {
        Some(Ok(m)) => m.site.title.clone(),
        _ => String::new(),
    };

    view! {
        <Router base=paths::base()>
            <ScrollMemory/>
            <a class="skip-link" href="#main">{move || text().skip_to_content}</a>
            <header class="site-header">
                <div class="site-header__inner">
                    <a class="site-title" href=paths::href("")>{site_title}</a>
                    <nav class="site-nav" aria-label="Site">
                        <a href=paths::href("")>{move || text().posts}</a>
                        <a href=paths::href("tags")>{move || text().tags}</a>
                        <a href=paths::href("archive")>{move || text().lists.archive}</a>
                    </nav>
                    <crate::components::search_box::SearchBox/>
                    <ThemeToggle/>
                </div>
            </header>
            <ProblemsBanner/>
            <main id="main" class="site-main" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("") view=HomePage/>
                    <Route path=path!("index.html") view=HomePage/>
                    <Route path=path!("posts/:slug") view=PostPage/>
                    <Route path=path!("archive") view=ArchivePage/>
                    <Route path=path!("search") view=crate::routes::search::SearchPage/>
                    <Route path=path!("tags") view=TagsPage/>
                    <Route path=path!("tags/:tag") view=TagPage/>
                </Routes>
            </main>
            <footer class="site-footer">
                <p>{site_title} " · " "Published with fumi"</p>
            </footer>
        </Router>
    }
}
