//! `/search?q=…`: full-text search over titles, tags, summaries and bodies, in every
//! language or in one (`&lang=ja`, on a site written in several).
//!
//! The index is fetched on first use, shard by shard as queries need them, so the
//! first page load never pays for it. Matching and ranking are `fumi-content`'s; this
//! page wires them to the input and the network.

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use fumi_content::search::query::Query;
use fumi_content::search::snippet::{snippet, Snippet};
use fumi_content::search::tokenize::normalize;
use fumi_content::search::TermShard;
use fumi_content::{Manifest, PostSummary};
use leptos::prelude::*;

use crate::components::post_title::post_title;
use leptos_router::hooks::use_query_map;

use crate::api::{self, LoadError};
use crate::components::languages::language_filter;
use crate::components::post_meta::PostDate;
use crate::components::status::with_manifest;
use crate::components::status::ErrorView;
use crate::head::use_page_title;
use crate::paths::post_href;
use crate::site::{use_site, use_ui_text};
use crate::ui_text::UiText;

/// Results shown per query; the rest are counted.
const SHOWN: usize = 20;

/// One result: the post, and where in it the query matched.
#[derive(Clone, Debug)]
struct Hit {
    post: PostSummary,
    snippet: Option<Snippet>,
}

#[derive(Clone, Debug, Default)]
struct Results {
    hits: Vec<Hit>,
    /// Matches found in the index, before those shown were checked against the text.
    candidates: usize,
}

/// Id of the page's query input.
const QUERY_INPUT_ID: &str = "search-query";

#[component]
pub fn SearchPage() -> impl IntoView {
    let text = use_ui_text();
    let query_map = use_query_map();
    let url_query = move || query_map.read().get("q").unwrap_or_default();
    // A memo: the URL changes with every keystroke (?q=…), and the search below must
    // run once for it, not again when the router catches up with the same language.
    let lang = Memo::new(move |_| query_map.read().get("lang").filter(|l| !l.is_empty()));
    // What the reader types, kept locally so typing never waits for the router.
    let input = RwSignal::new(match url_query() {
        q if q.is_empty() => crate::rendering::typed_before_takeover(QUERY_INPUT_ID),
        q => q,
    });
    use_page_title(move || {
        let q = input.get();
        Some(if q.trim().is_empty() { text().search.to_owned() } else { format!("{}: {q}", text().search) })
    });
    // Back/Forward between searches: the URL wins.
    Effect::new(move |_| {
        let q = url_query();
        if q != input.get_untracked() {
            input.set(q);
        }
    });

    let go = crate::location::use_go();
    let on_input = move |ev: leptos::ev::Event| {
        let q = event_target_value(&ev);
        input.set(q.clone());
        // Keep the URL shareable without a history entry per keystroke.
        let url = crate::paths::search_href(&q, lang.get_untracked().as_deref());
        go(&url, true);
    };

    let site = use_site();
    let client = api::use_client();
    let results = LocalResource::new(move || {
        let q = input.get();
        let lang = lang.get();
        let manifest = match site.manifest.get() {
            Some(Ok(m)) => Some(m),
            _ => None,
        };
        async move {
            match manifest {
                Some(manifest) => run_search(client, &q, lang.as_deref(), manifest).await.map(Some),
                None => Ok(None),
            }
        }
    });

    view! {
        <section class="page page--search">
            <h1 class="page-title" id="search-title">{move || text().search}</h1>
            // Not a second `search` landmark: the header's search box is the site's one,
            // and this form is what the page's `main` is about.
            <form class="search-form" on:submit=|ev| ev.prevent_default()>
                <input
                    id=QUERY_INPUT_ID
                    class="search-form__input"
                    type="search"
                    name="q"
                    autocomplete="off"
                    autofocus=true
                    aria-labelledby="search-title"
                    placeholder=move || text().search_placeholder
                    prop:value=move || input.get()
                    on:input=on_input
                />
            </form>
            {with_manifest(move |manifest| {
                let t = text();
                let language_href = move |l: Option<&str>| crate::paths::search_href(&input.get_untracked(), l);
                view! {
                    {language_filter(
                        fumi_content::translations::languages(&manifest.posts),
                        lang.get(),
                        &language_href,
                        t.lists.language,
                        t.lists.all_languages,
                        t.lang,
                    )}
                    <div class="search-results" aria-live="polite">
                        {move || render_results(results.get(), input.get(), text(), results)}
                    </div>
                }
            })}
        </section>
    }
}

fn render_results(
    state: Option<Result<Option<Results>, LoadError>>,
    q: String,
    text: &'static UiText,
    results: LocalResource<Result<Option<Results>, LoadError>>,
) -> AnyView {
    if q.trim().is_empty() {
        return view! { <p class="search-status">{text.search_hint}</p> }.into_any();
    }
    match state {
        None | Some(Ok(None)) => view! { <p class="search-status">{text.loading}</p> }.into_any(),
        Some(Err(error)) => view! {
            <ErrorView
                title=text.search_failed
                message=error.to_string()
                retry_label=text.retry
                on_retry=Callback::new(move |_| results.refetch())
            />
        }
        .into_any(),
        Some(Ok(Some(found))) => view! {
            <p class="search-status" role="status">{(text.search_count)(found.hits.len(), found.candidates)}</p>
            <ol class="search-results__list">
                {found.hits.into_iter().map(|hit| view! { <SearchResult hit text/> }).collect_view()}
            </ol>
        }
        .into_any(),
    }
}

#[component]
fn SearchResult(hit: Hit, text: &'static UiText) -> impl IntoView {
    let link = match hit.snippet.as_ref().and_then(|s| s.section.as_ref()) {
        Some(section) => format!("{}#{}", post_href(&hit.post.slug), fumi_content::url::encode_segment(section)),
        None => post_href(&hit.post.slug),
    };
    view! {
        <li class="search-result" lang=hit.post.lang.clone()>
            <h2 class="search-result__title"><a href=link>{post_title(&hit.post)}</a></h2>
            <p class="post-meta"><PostDate date=hit.post.date.clone() ui_lang=text.lang/></p>
            {hit.snippet.map(|s| view! {
                <p class="search-result__snippet">{s.before}<mark>{s.matched}</mark>{s.after}</p>
            })}
        </li>
    }
}

/// Looks `q` up: the shards it needs, the matches, then the text of the first
/// results to confirm them and cut snippets.
async fn run_search(
    client: api::Client,
    q: &str,
    lang: Option<&str>,
    manifest: Arc<Manifest>,
) -> Result<Results, LoadError> {
    let query = Query::parse(q);
    if query.is_empty() {
        return Ok(Results::default());
    }
    let meta = client.search_meta().await?;
    if meta.posts as usize != manifest.posts.len() {
        return Err(LoadError::Invalid("the search index does not match the list of posts; rebuild the site".into()));
    }
    let mut shards: HashMap<u32, Rc<TermShard>> = HashMap::new();
    for n in query.shards(meta.term_shards) {
        shards.insert(n, client.term_shard(n).await?);
    }
    let ids = query.matching_posts(|n| shards.get(&n).map(|s| &**s), meta.term_shards).unwrap_or_default();
    let mut ranked = query.rank(&ids, &manifest.posts);
    if let Some(lang) = lang {
        ranked.retain(|&id| fumi_content::translations::is_in(&manifest.posts[id as usize], lang));
    }

    let mut hits = Vec::new();
    for &id in ranked.iter() {
        if hits.len() == SHOWN {
            break;
        }
        let post = &manifest.posts[id as usize];
        let shard = client.text_shard(id / meta.text_shard_size).await?;
        let Some(body) = shard.get((id % meta.text_shard_size) as usize) else { continue };
        let searchable =
            normalize(&format!("{}\n{}\n{}\n{}", post.title, post.tags.join("\n"), post.excerpt, body.text));
        if !query.is_found_in(&searchable) {
            continue; // the bigrams all occur, but not side by side
        }
        hits.push(Hit { post: post.clone(), snippet: snippet(body, &query) });
    }
    Ok(Results { hits, candidates: ranked.len() })
}
