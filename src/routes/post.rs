//! `/posts/<slug>`: one post. The header (title, date, tags) and the series box come
//! from the manifest and show at once; the body is fetched, rendered from Markdown,
//! and cached, and brings its table of contents and reading progress with it.
//!
//! `/<slug>`: one of the site's pages (`pages/about.md`), shown the same way with a
//! title and body alone.

use fumi_content::markdown::toc_entries;
use fumi_content::url::PostUrls;
use fumi_content::{render_with, Labels, PostSummary, RenderHints};
use leptos::prelude::*;

use crate::components::post_title::post_title;
use leptos_router::hooks::{use_location, use_params_map};

use crate::api;
use crate::components::authors::{authors_of_post, byline, profile_card};
use crate::components::code_copy::copy_code_on_click;
use crate::components::languages::TranslationLinks;
use crate::components::players::load_player_on_click;
use crate::components::post_meta::PostMeta;
use crate::components::reading_progress::ReadingProgress;
use crate::components::related_posts::RelatedPosts;
use crate::components::scroll_memory;
use crate::components::series_box::SeriesBox;
use crate::components::sharing::post_sharing;
use crate::components::status::{with_manifest, ErrorView, Loading};
use crate::components::table_of_contents::TableOfContents;
use crate::components::tag_list::TagList;
use crate::head::{use_page_head, Article, PageHead};
use crate::mount::{element_by_id, use_mount, Mount};
use crate::paths::post_href;
use crate::routes::not_found::NotFoundPage;
use crate::site::use_ui_text;
use crate::takeover::{first_body, FirstBody, FirstPage, Outline};
use crate::ui_text::UiText;

/// How many related posts a post suggests.
const RELATED_POSTS: usize = 3;

#[component]
pub fn PostPage() -> impl IntoView {
    view! { <Entry page=false/> }
}

/// A site's page, `/<slug>`.
#[component]
pub fn SitePage() -> impl IntoView {
    view! { <Entry page=true/> }
}

/// A post, or (`page`) a page of the site (`manifest.pages`).
#[component]
fn Entry(page: bool) -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    let text = use_ui_text();
    let site = crate::site::use_site();
    let find = move |m: &fumi_content::Manifest, slug: &str| if page { m.page(slug) } else { m.post(slug) }.cloned();
    use_page_head(move || match site.manifest.get() {
        Some(Ok(m)) => match find(&m, &slug.get()) {
            Some(post) if page => PageHead {
                title: Some(post.title.clone()),
                description: Some(post.excerpt.clone()),
                image: post.image.clone(),
                ..PageHead::default()
            },
            Some(post) => PageHead {
                title: Some(post.title.clone()),
                description: Some(post.excerpt.clone()),
                article: Some(Article {
                    published: post.date.clone(),
                    modified: post.updated.clone(),
                    tags: post.tags.clone(),
                    authors: post.authors.clone(),
                    lang: post.lang.clone(),
                }),
                tag: None,
                alternates: alternates(&m.posts, &post),
                language: None,
                image: post.image.clone(),
                author: None,
            },
            None => PageHead { title: Some(text().not_found_title.to_owned()), ..PageHead::default() },
        },
        _ => PageHead::default(),
    });
    // Fetched in parallel with the manifest on a cold load; skipped when the manifest
    // is already here and has no such post (the page will say "not found").
    // Each answer carries its slug: the resource keeps the last post's until the next
    // one's arrives, and that is not this post's.
    let client = api::use_client();
    // The post of the page the instance started on is in hand already: never fetched.
    let first = use_context::<FirstPage>().unwrap_or_default();
    let body = LocalResource::new({
        move || {
            let slug = slug.get();
            // Fetched again when the site changed under the page (the dev server's live
            // preview; release builds never change it, and do not track it).
            let revision = if cfg!(debug_assertions) { site.revision.get() } else { 0 };
            let unknown = matches!(site.manifest.get_untracked(), Some(Ok(m)) if find(&m, &slug).is_none());
            let in_hand = revision == 0 && first.body.as_ref().is_some_and(|body| body.slug() == slug);
            async move {
                let result = if unknown {
                    Err(api::LoadError::Status(404))
                } else if in_hand {
                    Err(api::LoadError::Abandoned)
                } else {
                    client.post_body(&slug).await
                };
                (slug, result)
            }
        }
    });
    // The resource runs one request at a time: a body still on its way when the reader
    // opens another post is abandoned, so that the new post's request starts at once.
    Effect::new(move |previous: Option<String>| {
        let current = slug.get();
        if let Some(previous) = previous.filter(|previous| *previous != current) {
            client.abandon_post_body(&previous);
        }
        current
    });

    with_manifest(move |manifest| {
        let slug = slug.get();
        let Some(post) = find(&manifest, &slug) else {
            return view! { <NotFoundPage/> }.into_any();
        };
        let t = text();
        if page {
            return view! {
                <article class="post post--page" class:post--with-toc=post.toc lang=post.lang.clone()>
                    <header class="post__header">
                        <h1 class="post__title">{post_title(&post)}</h1>
                    </header>
                    <PostBody body slug=slug.clone() lang=post.lang.clone() text=t/>
                </article>
            }
            .into_any();
        }
        let authors = authors_of_post(&manifest, &post);
        let (newer, older) = manifest.neighbours(&slug);
        let (newer, older) = (newer.cloned(), older.cloned());
        // A series of one is no series to show.
        let series = post
            .series
            .clone()
            .map(|name| (manifest.series(&name).into_iter().cloned().collect::<Vec<_>>(), name))
            .filter(|(posts, _)| posts.len() > 1);
        let related: Vec<PostSummary> =
            fumi_content::tags::related(&manifest, &slug, RELATED_POSTS).into_iter().cloned().collect();
        let translations: Vec<PostSummary> =
            fumi_content::translations::translations_of(&manifest.posts, &post).into_iter().cloned().collect();
        view! {
            // With a table of contents the page is wider: said here, before the title,
            // so a page painted while its body is still on the way is already as wide
            // as it will be.
            <article class="post" class:post--with-toc=post.toc lang=post.lang.clone()>
                <header class="post__header">
                    <h1 class="post__title">{post_title(&post)}</h1>
                    {byline(&authors, t)}
                    <PostMeta post=post.clone() text=t/>
                    <TagList tags=post.tags.clone() label=t.tags_label/>
                    <TranslationLinks translations lang=post.lang.clone()/>
                </header>
                {series.map(|(posts, name)| view! { <SeriesBox name posts current=slug.clone() text=t/> })}
                <PostBody body slug=slug.clone() lang=post.lang.clone() text=t/>
                <footer class="post__authors">
                    {authors.iter().map(|(id, profile)| profile_card(id, profile, false)).collect_view()}
                </footer>
            </article>
            {post_sharing(&manifest.site, &post)}
            <PostNav newer older text=t/>
            <RelatedPosts posts=related text=t/>
        }
        .into_any()
    })
}

/// Every language the post is in, itself included, with the path of each version:
/// the `hreflang` alternates of its head (none for a post in one language).
fn alternates(posts: &[PostSummary], post: &PostSummary) -> Vec<(String, String)> {
    let others = fumi_content::translations::translations_of(posts, post);
    if others.is_empty() {
        return Vec::new();
    }
    std::iter::once(post).chain(others).map(|p| (p.lang.clone(), fumi_content::url::post_path(&p.slug))).collect()
}

/// The rendered Markdown with its table of contents and reading progress, or its
/// loading and error states.
#[component]
fn PostBody(
    body: LocalResource<(String, Result<std::rc::Rc<api::PostBody>, api::LoadError>)>,
    slug: String,
    lang: String,
    text: &'static UiText,
) -> impl IntoView {
    let mount = use_mount();
    let restores = scroll_memory::use_restores();
    // Shown away from its own site (embedded), a post's relative links and images
    // point back to that site, and its links to routes become the host page's.
    let urls = (!mount.owns_document())
        .then(|| PostUrls { site_root: mount.content_root.clone(), routes: mount.link_prefix.clone() });
    let location = use_location();
    let first = first_body(&slug);
    // Another post's answer, or an abandoned request of this one, means still loading.
    let this_post = move |(for_slug, result): (String, _)| {
        (for_slug == slug && !matches!(result, Err(api::LoadError::Abandoned))).then_some(result)
    };
    move || {
        let (html, headings) = match &first {
            // Rendered into the page by the publishing tool.
            Some(FirstBody::Source { body, .. }) => {
                let rendered = render_with(&body.markdown, &body.hints, Labels::for_language(&lang));
                if let Some(outline) = use_context::<Outline>() {
                    outline.set(rendered.headings.clone());
                }
                (rendered.html, rendered.headings)
            }
            // Already in the page: hydrating leaves it as it is.
            Some(FirstBody::Adopted { html, headings, .. }) => (html.clone(), headings.clone()),
            None => match body.get().and_then(this_post.clone()) {
                None => return view! { <Loading label=text.loading lines=12/> }.into_any(),
                Some(Err(error)) => {
                    return view! {
                        <ErrorView
                            title=text.load_failed
                            message=error.to_string()
                            retry_label=text.retry
                            on_retry=Callback::new(move |_| body.refetch())
                        />
                    }
                    .into_any()
                }
                Some(Ok(post)) => {
                    let labels = Labels::for_language(&lang);
                    let rendered = match &urls {
                        Some(urls) => {
                            let hints = RenderHints { urls: Some(urls.clone()), ..post.hints.clone() };
                            render_with(&post.markdown, &hints, labels)
                        }
                        None => render_with(&post.markdown, &post.hints, labels),
                    };
                    scroll_to_fragment_after_render(mount.clone(), restores, location.hash.get_untracked());
                    crate::marks::mark_after_render("fumi:post-body");
                    (rendered.html, rendered.headings)
                }
            },
        };
        let toc = toc_entries(headings);
        let layout = if toc.is_empty() { "post__content" } else { "post__content post__content--with-toc" };
        view! {
            // A bar along the top of the window belongs to the page's owner.
            {mount.owns_document().then(|| view! { <ReadingProgress label=text.reading_progress/> })}
            <div class=layout>
                {(!toc.is_empty()).then(|| view! { <TableOfContents entries=toc title=text.contents/> })}
                <div class="post__body prose" inner_html=html on:click=on_body_click></div>
            </div>
            <crate::components::scrollable_regions::ScrollableRegions/>
        }
        .into_any()
    }
}

/// The body's buttons, one listener for all: code blocks' copy, cards' players.
fn on_body_click(ev: web_sys::MouseEvent) {
    load_player_on_click(&ev);
    copy_code_on_click(ev);
}

/// A deep link (`/posts/a#heading`) can only land once the body is in the DOM. On
/// Back/Forward the reader's own position is restored instead.
/// `hash` is the router's (under hash routing, the `#h` of `#/posts/a#h`).
fn scroll_to_fragment_after_render(mount: Mount, restores: scroll_memory::Restores, hash: String) {
    request_animation_frame(move || {
        if restores.in_progress() {
            return;
        }
        let Some(id) = hash.strip_prefix('#').filter(|id| !id.is_empty()) else {
            return;
        };
        let id = js_sys::decode_uri_component(id).ok().and_then(|s| s.as_string()).unwrap_or_else(|| id.to_owned());
        if let Some(target) = element_by_id(&mount, &id) {
            target.scroll_into_view();
        }
    });
}

/// Links to the newer and older neighbours in the list.
#[component]
fn PostNav(newer: Option<PostSummary>, older: Option<PostSummary>, text: &'static UiText) -> impl IntoView {
    let link = |post: Option<PostSummary>, label: &'static str, class: &'static str| {
        post.map(|p| {
            view! {
                <a class=format!("post-nav__link {class}") href=post_href(&p.slug) lang=p.lang.clone()>
                    <span class="post-nav__label">{label}</span>
                    <span class="post-nav__title">{post_title(&p)}</span>
                </a>
            }
        })
    };
    view! {
        <nav class="post-nav" aria-label=format!("{} / {}", text.newer, text.older)>
            {link(newer, text.newer, "post-nav__link--newer")}
            {link(older, text.older, "post-nav__link--older")}
        </nav>
    }
}
