//! `/`: every post, newest first, a page at a time (`/page/2`), optionally filtered
//! by language (`?lang=ja`, on a site written in several) and by several tags
//! (`?tag=a&tag=b&match=all`, then `&page=2`). All of it lives in the
//! URL, so a filtered page can be shared, bookmarked and reloaded, and Back undoes
//! each step. The unfiltered pages are paths: each is a page of its own in the build.

use fumi_content::pagination::{parse_page_number, Page};
use fumi_content::query::query_string;
use fumi_content::tag_filter::TagFilter;
use fumi_content::url::list_page_path;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::authors::profile_card;
use crate::components::languages::language_filter;
use crate::components::pagination::Pagination;
use crate::components::post_list::PostList;
use crate::components::status::with_manifest;
use crate::components::tag_filter_bar::TagFilterBar;
use crate::head::{use_page_head, PageHead};
use crate::paths;
use crate::routes::not_found::NotFoundPage;
use crate::site::use_ui_text;

/// The URL of page `page` of the list of posts in `lang` (`None`: all) filtered by `filter`.
fn list_href(filter: &TagFilter, lang: Option<&str>, page: usize) -> String {
    let mut pairs: Vec<(&str, String)> = lang.map(|l| ("lang", l.to_owned())).into_iter().collect();
    pairs.extend(filter.to_query());
    if pairs.is_empty() {
        return paths::href(&list_page_path("", page));
    }
    if page > 1 {
        pairs.push(("page", page.to_string()));
    }
    format!("{}{}", paths::href(""), query_string(pairs))
}

/// The page number a list's URL asks for: `/page/<n>` (or `/tags/<tag>/page/<n>`), or
/// `?page=<n>` (a filtered list, and links from before pages were paths); page 1 by
/// default, `None` for what is not a page number.
pub(crate) fn requested_page(
    params: Memo<leptos_router::params::ParamsMap>,
    query: Memo<leptos_router::params::ParamsMap>,
) -> Option<usize> {
    match params.read().get("page") {
        Some(n) => parse_page_number(Some(&n)),
        None => parse_page_number(query.read().get_str("page")),
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let text = use_ui_text();
    let query = use_query_map();
    let params = use_params_map();
    let site = crate::site::use_site();
    use_page_head(move || {
        let title = match requested_page(params, query) {
            Some(n) if n > 1 => Some((text().lists.page_number)(n)),
            _ => None,
        };
        // One language of several: its own feeds exist (the publishing tool's `feeds/lang/`).
        let language = query.read().get("lang").filter(|lang| match site.manifest.get() {
            Some(Ok(m)) => {
                fumi_content::translations::languages(&m.posts).len() > 1
                    && m.posts.iter().any(|p| fumi_content::translations::is_in(p, lang))
            }
            _ => false,
        });
        PageHead { title, language, ..PageHead::default() }
    });
    with_manifest(move |manifest| {
        let number = requested_page(params, query);
        let query = query.read();
        let filter = TagFilter::from_query(&*query);
        let lang = query.get("lang").filter(|l| !l.is_empty());
        let in_lang: std::borrow::Cow<[fumi_content::PostSummary]> = match &lang {
            Some(l) => manifest.posts.iter().filter(|p| fumi_content::translations::is_in(p, l)).cloned().collect(),
            None => (&manifest.posts[..]).into(),
        };
        let posts = filter.apply(&in_lang);
        let page = number.and_then(|n| Page::of(posts.len(), manifest.site.posts_per_page, n));
        let Some(page) = page else {
            return view! { <NotFoundPage/> }.into_any();
        };
        let t = text();
        let shown: Vec<_> = posts[page.start..page.end].iter().map(|p| (*p).clone()).collect();
        let filtered = !filter.is_empty() || lang.is_some();
        let list = if shown.is_empty() && filtered {
            view! { <p class="empty-state">{t.lists.no_matches}</p> }.into_any()
        } else {
            view! { <PostList posts=shown text=t/> }.into_any()
        };
        crate::marks::mark_after_render("fumi:post-list");
        let page_filter = filter.clone();
        let (page_lang, bar_lang) = (lang.clone(), lang.clone());
        let lang_filter = filter.clone();
        let language_href = move |l: Option<&str>| list_href(&lang_filter, l, 1);
        view! {
            <section class="page page--home">
                <h1 class="page-title">{manifest.site.title.clone()}</h1>
                {(!manifest.site.description.is_empty())
                    .then(|| view! { <p class="page-lead">{manifest.site.description.clone()}</p> })}
                {language_filter(
                    fumi_content::translations::languages(&manifest.posts),
                    lang.clone(),
                    &language_href,
                    t.lists.language,
                    t.lists.all_languages,
                    t.lang,
                )}
                <TagFilterBar
                    options=filter.options(&in_lang)
                    filter=filter.clone()
                    href=move |filter: &TagFilter| list_href(filter, bar_lang.as_deref(), 1)
                    text=t
                />
                // Announced after each change of the filter (see `route_announcer`).
                {filtered
                    .then(|| view! { <p class="list-count" data-announce="">{(t.post_count)(posts.len())}</p> })}
                {list}
                <Pagination page href=move |n| list_href(&page_filter, page_lang.as_deref(), n) text=t/>
                // A blog of one person introduces them.
                {(manifest.site.authors.len() == 1)
                    .then(|| manifest.site.authors.iter().next().map(|(id, profile)| profile_card(id, profile, false)))}
            </section>
        }
        .into_any()
    })
}
