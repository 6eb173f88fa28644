//! The router and the frame around every page.

use std::sync::Arc;

use fumi_content::Manifest;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use web_sys::Element;

use crate::api::{Client, LoadError};
use crate::components::latest_posts::LatestPosts;
use crate::components::problems::ProblemsBanner;
use crate::components::scroll_memory::{Restores, ScrollMemory};
use crate::components::theme_toggle::ThemeToggle;
use crate::fragment_links::on_frame_click;
use crate::location::VirtualLocation;
use crate::mount::{frame_root, Mode, Mount};
use crate::paths;
use crate::routes::archive::ArchivePage;
use crate::routes::{home::HomePage, not_found::NotFoundPage, post::PostPage, tag::TagPage, tags::TagsPage};
use crate::site::{use_site, use_site_title, use_ui_text, ManifestSource, SiteContext};
use crate::takeover::FirstPage;

/// fumi's own site: the whole page.
/// fumi's own site: the whole page. Given the manifest (and, on a post, its body) when
/// it renders or takes over a page the publishing tool writes; `base` is the site's
/// path prefix there (in the browser it comes from the page's `<base href>`).
#[component]
pub fn App(
    #[prop(optional)] manifest: Option<Arc<Manifest>>,
    /// Why the manifest could not be loaded, when the caller tried already.
    #[prop(optional)]
    manifest_error: Option<LoadError>,
    #[prop(optional)] first: FirstPage,
    #[prop(optional)] base: Option<String>,
    /// The connection through which the caller fetched the manifest.
    #[prop(optional)]
    client: Option<Client>,
) -> impl IntoView {
    provide_context(first);
    let mount = match base {
        Some(base) => Mount::standalone_at(base),
        None => Mount::standalone(),
    };
    if !cfg!(feature = "ssr") {
        crate::fragment_links::keep_fragment_links_on_page(mount.clone());
    }
    let initial = match (manifest, manifest_error) {
        (Some(manifest), _) => Some(Ok(manifest)),
        (None, Some(error)) => Some(Err(error)),
        (None, None) => None,
    };
    view! { <Site mount initial client/> }
}

/// One instance of fumi, as `mount` describes it: fetches the manifest once, then
/// routes.
#[component]
pub fn Site(
    mount: Mount,
    /// The manifest, or why it failed, when the caller has loaded it already.
    #[prop(default = None)]
    initial: Option<Result<Arc<Manifest>, LoadError>>,
    /// The instance's connection to its site, when the caller has started fetching
    /// through it already.
    #[prop(default = None)]
    client: Option<Client>,
) -> impl IntoView {
    // The instance's requests end with it (an embedded instance's registry aborts them
    // first: a request under way keeps the instance's owner alive).
    let client = client.unwrap_or_else(|| Client::new(mount.content_root.clone()));
    provide_context(client);
    on_cleanup(move || client.abandon_all());
    let manifest = match initial {
        Some(Ok(manifest)) => ManifestSource::loaded(client, manifest),
        Some(Err(error)) => ManifestSource::failed(client, error),
        None => ManifestSource::fetch(client),
    };
    let revision = RwSignal::new(0);
    provide_context(SiteContext { manifest, revision });
    // The dev server's live preview (`fumi-dev.js`): a post saved, added or deleted is
    // shown in place. Debug builds only: `trunk serve` builds those, releases never.
    #[cfg(all(debug_assertions, not(feature = "ssr")))]
    if mount.owns_document() {
        let listener = window_event_listener_untyped("fumi:content-changed", move |_| {
            client.forget_fetched();
            manifest.refresh();
            revision.update(|n| *n += 1);
        });
        on_cleanup(move || listener.remove());
    }
    provide_context(mount.clone());
    provide_context(Restores::default());

    // The site speaks its language once it is known: the document, or the embedded
    // instance's own element (unless the embedder chose a language).
    let lang_target = frame_root(&mount);
    let forced_lang = mount.lang.is_some();
    Effect::new(move |_| {
        if let (Some(Ok(m)), false) = (manifest.get(), forced_lang) {
            let target = lang_target.clone().map(Element::from).or_else(|| document().document_element());
            // Set only when it changes: a new `lang` on the root restyles the whole
            // page (every :lang() rule), a forced layout of a long post when the app
            // takes over a page that already says it.
            if let Some(target) = target.filter(|t| t.get_attribute("lang").as_deref() != Some(&m.site.language)) {
                let _ = target.set_attribute("lang", &m.site.language);
            }
        }
    });

    let text = use_ui_text();
    // Built inside the router (below), whose context the routes need.
    let (mode, owns_document) = (mount.mode.clone(), mount.owns_document());
    let body = move || match mode {
        Mode::Blog if owns_document => view! {
            <ScrollMemory/>
            <crate::components::route_announcer::RouteAnnouncer/>
            <a class="skip-link" href="#main">{move || text().skip_to_content}</a>
            <SiteHeader/>
            <ProblemsBanner/>
            <main id="main" class="site-main" tabindex="-1"><SiteRoutes/></main>
            <SiteFooter/>
        }
        .into_any(),
        Mode::Blog => view! {
            <crate::components::route_announcer::RouteAnnouncer/>
            <SiteHeader/>
            <div class="site-main"><SiteRoutes/></div>
            <SiteFooter/>
        }
        .into_any(),
        Mode::Post(_) => view! { <div class="site-main site-main--single"><SiteRoutes/></div> }.into_any(),
        Mode::Latest { count, tag } => view! { <LatestPosts count tag/> }.into_any(),
    };
    let routed = view! {
        <Router base=mount.router_base.clone()>
            <VirtualLocation/>
            {body()}
        </Router>
    };
    if mount.owns_document() {
        routed.into_any()
    } else {
        // Same-page links (footnotes, the table of contents) inside the shadow root.
        view! { <div class="fumi-app" on:click=on_frame_click(mount)>{routed}</div> }.into_any()
    }
}

#[component]
fn SiteHeader() -> impl IntoView {
    let text = use_ui_text();
    let site_title = use_site_title();
    let site = use_site();
    let location = leptos_router::hooks::use_location();
    let base = crate::mount::use_mount().router_base;
    let current = move || fumi_content::url::route_of(&base, &location.pathname.get(), "");
    view! {
        <header class="site-header">
            <div class="site-header__inner">
                <a class="site-title" href=paths::href("")>{site_title}</a>
                <nav class="site-nav" aria-label="Site">{move || site_nav(site, text(), &current())}</nav>
                <crate::components::search_box::SearchBox/>
                <ThemeToggle/>
            </div>
        </header>
    }
}

/// The header's links: the site's own from `[[nav]]` in `fumi.toml`, or else the
/// posts, tags and archive. A link to another site says so; the link to the page
/// being read is marked as the current one. `current` is the route (`/about`).
fn site_nav(site: SiteContext, text: &'static crate::ui_text::UiText, current: &str) -> impl IntoView + use<> {
    let configured = match site.manifest.get() {
        Some(Ok(manifest)) => manifest.site.nav.clone(),
        _ => Vec::new(),
    };
    let links = if configured.is_empty() {
        [("/", text.posts), ("/tags", text.tags), ("/archive", text.lists.archive)]
            .map(|(url, title)| fumi_content::people::NavLink { title: title.to_owned(), url: url.to_owned() })
            .to_vec()
    } else {
        configured
    };
    let current = fumi_content::url::decode_segment(current.trim_start_matches('/'));
    // One shape of link for all (each shape is more wasm): a route, or another site's
    // address marked as one.
    links
        .into_iter()
        .map(|link| {
            let external = link.is_external();
            let href = if external { link.url.clone() } else { paths::href(link.route()) };
            let here = !external && current == link.route();
            view! {
                <a href=href rel=external.then_some("external noopener") aria-current=here.then_some("page")>
                    {link.title}
                    {external.then(|| view! { <span class="visually-hidden">" "{text.people.external}</span> })}
                </a>
            }
        })
        .collect_view()
}

#[component]
fn SiteFooter() -> impl IntoView {
    let site_title = use_site_title();
    let site = use_site();
    let settings = move || match site.manifest.get() {
        Some(Ok(manifest)) => (manifest.site.footer_html.clone(), manifest.site.generated_by),
        _ => (String::new(), true),
    };
    // A line of Markdown (a copyright, the content's licence), rendered by the
    // publishing tool as posts are.
    let footer = move || {
        let (html, _) = settings();
        (!html.is_empty()).then(|| view! { <div class="site-footer__text" inner_html=html></div> })
    };
    let generated_by = move || settings().1.then_some(" · Published with fumi");
    view! {
        <footer class="site-footer">
            {footer}
            <p>{site_title}{generated_by}</p>
            // Filled by the offline page script of a build with offline reading; the
            // app never touches what is inside.
            <div class="offline-keep" hidden></div>
            <crate::components::keyboard_shortcuts::KeyboardShortcuts/>
        </footer>
    }
}

#[component]
fn SiteRoutes() -> impl IntoView {
    view! {
        <Routes fallback=NotFoundPage>
            <Route path=path!("") view=HomePage/>
            <Route path=path!("index.html") view=HomePage/>
            <Route path=path!("page/:page") view=HomePage/>
            <Route path=path!("posts/:slug") view=PostPage/>
            <Route path=path!("archive") view=ArchivePage/>
            <Route path=path!("search") view=crate::routes::search::SearchPage/>
            <Route path=path!("tags") view=TagsPage/>
            <Route path=path!("tags/:tag") view=TagPage/>
            <Route path=path!("tags/:tag/page/:page") view=TagPage/>
            <Route path=path!("authors/:id") view=crate::routes::author::AuthorPage/>
            // The site's own pages (`pages/about.md`); any other single segment is
            // not found.
            <Route path=path!(":slug") view=crate::routes::post::SitePage/>
        </Routes>
    }
}
