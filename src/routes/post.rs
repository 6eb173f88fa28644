//! `/posts/<slug>`: one post. The header (title, date, tags) comes from the manifest
//! and shows at once; the body is fetched, rendered from Markdown, and cached.

use fumi_content::{render_with, Labels, PostSummary};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::app::use_ui_text;
use crate::components::page_title::use_page_title;
use crate::components::post_meta::PostMeta;
use crate::components::status::{ErrorView, Loading};
use crate::components::tag_list::TagList;
use crate::paths::post_href;
use crate::routes::not_found::NotFoundPage;
use crate::routes::with_manifest;
use crate::ui_text::UiText;

#[component]
pub fn PostPage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    let text = use_ui_text();
    let site = crate::app::use_site();
    use_page_title(move || match site.manifest.get() {
        Some(Ok(m)) => Some(m.post(&slug.get()).map_or_else(|| text().not_found_title.to_owned(), |p| p.title.clone())),
        _ => None,
    });
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
        let t = text();
        view! {
            <article class="post" lang=post.lang.clone()>
                <header class="post__header">
                    <h1 class="post__title">{post.title.clone()}</h1>
                    <PostMeta post=post.clone() text=t/>
                    <TagList tags=post.tags.clone() label=t.tags_label/>
                </header>
                <PostBody body lang=post.lang.clone() text=t/>
            </article>
            <PostNav newer older text=t/>
        }
        .into_any()
    })
}

/// The rendered Markdown, or its loading and error states.
#[component]
fn PostBody(
    body: LocalResource<Result<std::rc::Rc<api::PostBody>, api::LoadError>>,
    lang: String,
    text: &'static UiText,
) -> impl IntoView {
    move || match body.get() {
        None => view! { <Loading label=text.loading lines=12/> }.into_any(),
        Some(Err(error)) => view! {
            <ErrorView
                title=text.load_failed
                message=error.to_string()
                retry_label=text.retry
                on_retry=Callback::new(move |_| body.refetch())
            />
        }
        .into_any(),
        Some(Ok(post)) => {
            let rendered = render_with(&post.markdown, &post.hints, Labels::for_language(&lang));
            scroll_to_fragment_after_render();
            view! { <div class="post__body prose" inner_html=rendered.html></div> }.into_any()
        }
    }
}

/// A deep link (`/posts/a#heading`) can only land once the body is in the DOM.
fn scroll_to_fragment_after_render() {
    request_animation_frame(|| {
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
