//! `/posts/<slug>`: one post. The header (title, date, tags) and the series box come
//! from the manifest and show at once; the body is fetched, rendered from Markdown,
//! and cached, and brings its table of contents and reading progress with it.

use fumi_content::{render_with, Labels, PostSummary};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::app::use_ui_text;
use crate::components::code_copy::copy_code_on_click;
use crate::components::page_title::use_page_meta;
use crate::components::post_meta::PostMeta;
use crate::components::reading_progress::ReadingProgress;
use crate::components::related_posts::RelatedPosts;
use crate::components::scroll_memory;
use crate::components::series_box::SeriesBox;
use crate::components::status::{ErrorView, Loading};
use crate::components::table_of_contents::{toc_entries, TableOfContents};
use crate::components::tag_list::TagList;
use crate::paths::post_href;
use crate::routes::not_found::NotFoundPage;
use crate::routes::with_manifest;
use crate::ui_text::UiText;

/// How many related posts a post suggests.
const RELATED_POSTS: usize = 3;

#[component]
pub fn PostPage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    let text = use_ui_text();
    let site = crate::app::use_site();
    use_page_meta(
        move || match site.manifest.get() {
            Some(Ok(m)) => {
                Some(m.post(&slug.get()).map_or_else(|| text().not_found_title.to_owned(), |p| p.title.clone()))
            }
            _ => None,
        },
        move || match site.manifest.get() {
            Some(Ok(m)) => m.post(&slug.get()).map(|p| p.excerpt.clone()),
            _ => None,
        },
    );
    // Fetched in parallel with the manifest on a cold load; skipped when the manifest
    // is already here and has no such post (the page will say "not found").
    let body = LocalResource::new(move || {
        let slug = slug.get();
        let unknown = matches!(site.manifest.get_untracked(), Some(Ok(m)) if m.post(&slug).is_none());
        async move {
            if unknown {
                return Err(api::LoadError::Status(404));
            }
            api::fetch_post_body(&slug).await
        }
    });

    with_manifest(move |manifest| {
        let slug = slug.get();
        let Some(post) = manifest.post(&slug).cloned() else {
            return view! { <NotFoundPage/> }.into_any();
        };
        let (newer, older) = manifest.neighbours(&slug);
        let (newer, older) = (newer.cloned(), older.cloned());
        // A series of one is no series to show.
        let series = post
            .series
            .clone()
            .map(|name| (manifest.series(&name).into_iter().cloned().collect::<Vec<_>>(), name))
            .filter(|(posts, _)| posts.len() > 1);
        let related: Vec<PostSummary> = manifest.related(&slug, RELATED_POSTS).into_iter().cloned().collect();
        let t = text();
        view! {
            <article class="post" lang=post.lang.clone()>
                <header class="post__header">
                    <h1 class="post__title">{post.title.clone()}</h1>
                    <PostMeta post=post.clone() text=t/>
                    <TagList tags=post.tags.clone() label=t.tags_label/>
                </header>
                {series.map(|(posts, name)| view! { <SeriesBox name posts current=slug.clone() text=t/> })}
                <PostBody body lang=post.lang.clone() text=t/>
            </article>
            <PostNav newer older text=t/>
            <RelatedPosts posts=related text=t/>
        }
        .into_any()
    })
}

/// The rendered Markdown with its table of contents and reading progress, or its
/// loading and error states.
#[component]
fn PostBody(
    body: LocalResource<Result<std::rc::Rc<api::PostBody>, api::LoadError>>,
    lang: String,
    text: &'static UiText,
) -> impl IntoView {
    move || match body.get() {
        None => view! { <Loading label=text.loading lines=12/> }.into_any(),
        Some(Err(error)) => {
            crate::static_page::hand_over();
            view! {
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
            // The rendered body replaces the static copy in the same frame.
            crate::static_page::hand_over();
            let rendered = render_with(&post.markdown, &post.hints, Labels::for_language(&lang));
            scroll_to_fragment_after_render();
            let toc = toc_entries(rendered.headings);
            let layout = if toc.is_empty() { "post__content" } else { "post__content post__content--with-toc" };
            view! {
                <ReadingProgress label=text.reading_progress/>
                <div class=layout>
                    {(!toc.is_empty()).then(|| view! { <TableOfContents entries=toc title=text.contents/> })}
                    <div class="post__body prose" inner_html=rendered.html on:click=copy_code_on_click></div>
                </div>
            }
            .into_any()
        }
    }
}

/// A deep link (`/posts/a#heading`) can only land once the body is in the DOM. On
/// Back/Forward the reader's own position is restored instead.
fn scroll_to_fragment_after_render() {
    request_animation_frame(|| {
        if scroll_memory::is_restoring() {
            return;
        }
        let hash = window().location().hash().unwrap_or_default();
        let Some(id) = hash.strip_prefix('#').filter(|id| !id.is_empty()) else {
            return;
        };
        let id = js_sys::decode_uri_component(id).ok().and_then(|s| s.as_string()).unwrap_or_else(|| id.to_owned());
        if let Some(target) = document().get_element_by_id(&id) {
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
                    <span class="post-nav__title">{p.title.clone()}</span>
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
