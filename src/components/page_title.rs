//! The document's title and link-preview tags follow the route as the reader
//! navigates: `<title>` ("Post title — Site title"), the description, the canonical
//! URL, and the Open Graph and Twitter card tags a shared link is previewed with.

use leptos::prelude::*;

use crate::app::use_site;

/// Keeps the title and preview tags in step with `page` (None: just the site title);
/// the description is the site's.
pub fn use_page_title(page: impl Fn() -> Option<String> + 'static) {
    use_page_meta(page, || None);
}

/// Like [`use_page_title`], with a description of the page (None: the site's).
pub fn use_page_meta(page: impl Fn() -> Option<String> + 'static, description: impl Fn() -> Option<String> + 'static) {
    // An embedded blog is a guest on the page: the title and tags are the host's.
    if !crate::mount::use_mount().owns_document() {
        return;
    }
    let site = use_site();
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        // The router's location, not window.location: the browser's URL changes only
        // after the new page has rendered.
        let (path, search) = (location.pathname.get(), location.search.get());
        let Some(Ok(manifest)) = site.manifest.get() else { return };
        let site = &manifest.site;
        let page = page();
        let title = match &page {
            Some(page) => format!("{page} — {}", site.title),
            None => site.title.clone(),
        };
        document().set_title(&title);
        let description = description().unwrap_or_else(|| site.description.clone());
        let url = canonical_url(&site.base_url, &path, &search);
        let og_title = page.unwrap_or_else(|| site.title.clone());
        set_meta("name", "description", &description);
        set_meta("property", "og:title", &og_title);
        set_meta("property", "og:description", &description);
        set_meta("property", "og:url", &url);
        set_meta("property", "og:site_name", &site.title);
        set_meta("name", "twitter:card", "summary");
        set_meta("name", "twitter:title", &og_title);
        set_meta("name", "twitter:description", &description);
        set_canonical(&url);
    });
}

/// The published address of the page at `path?search`: `base_url` plus the path
/// below the site's base, plus the query (a filtered list is its own page).
fn canonical_url(base_url: &str, path: &str, search: &str) -> String {
    let below_base = path.strip_prefix(&crate::paths::document_base()).unwrap_or(path).trim_start_matches('/');
    let query = if search.is_empty() || search.starts_with('?') { search.to_owned() } else { format!("?{search}") };
    format!("{}/{below_base}{query}", base_url.trim_end_matches('/'))
}

/// Sets `<meta {attribute}="{key}" content="…">` in the head, creating it if needed.
fn set_meta(attribute: &str, key: &str, content: &str) {
    let document = document();
    let selector = format!("meta[{attribute}=\"{key}\"]");
    let element = match document.query_selector(&selector).ok().flatten() {
        Some(element) => element,
        None => {
            let Ok(element) = document.create_element("meta") else { return };
            let _ = element.set_attribute(attribute, key);
            if let Some(head) = document.head() {
                let _ = head.append_child(&element);
            }
            element
        }
    };
    let _ = element.set_attribute("content", content);
}

fn set_canonical(url: &str) {
    let document = document();
    let link = match document.query_selector("link[rel=\"canonical\"]").ok().flatten() {
        Some(link) => link,
        None => {
            let Ok(link) = document.create_element("link") else { return };
            let _ = link.set_attribute("rel", "canonical");
            if let Some(head) = document.head() {
                let _ = head.append_child(&link);
            }
            link
        }
    };
    let _ = link.set_attribute("href", url);
}
