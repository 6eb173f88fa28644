//! The people behind the posts: the byline under a post's title, and the profile card
//! (avatar, name, bio, links elsewhere) under a post, on the home page of a blog with
//! one author, and at the top of an author's page.

use fumi_content::people::{author_path, authors_of, Author};
use fumi_content::{Labels, Manifest, PostSummary};
use leptos::prelude::*;

use crate::paths;
use crate::ui_text::UiText;

/// The authors of `post` with their ids, in the order the post names them.
pub fn authors_of_post(manifest: &Manifest, post: &PostSummary) -> Vec<(String, Author)> {
    authors_of(&post.authors, &manifest.site.authors, &manifest.site.author)
        .into_iter()
        .map(|(id, author)| (id.to_owned(), author.clone()))
        .collect()
}

/// Where an avatar is shown from: a file of the site, or another site's address.
fn avatar_src(avatar: &str) -> String {
    if avatar.starts_with("https://") {
        avatar.to_owned()
    } else {
        paths::href(avatar.trim_start_matches('/'))
    }
}

/// "By Aki and Mei", each name linking to the author's page.
#[component]
pub fn Byline(authors: Vec<(String, Author)>, text: &'static UiText) -> impl IntoView {
    (!authors.is_empty()).then(|| {
        let names = authors
            .into_iter()
            .enumerate()
            .map(|(n, (id, author))| {
                view! {
                    {(n > 0).then_some(text.people.and)}
                    <a class="byline__author" href=paths::href(&author_path(&id)) rel="author">{author.name}</a>
                }
            })
            .collect_view();
        view! { <p class="byline">{text.people.by}" "{names}</p> }
    })
}

/// An author's card. On the author's own page the name is the page's heading.
#[component]
pub fn ProfileCard(
    id: String,
    author: Author,
    text: &'static UiText,
    #[prop(optional)] heading: bool,
) -> impl IntoView {
    let href = paths::href(&author_path(&id));
    // The bio is a few sentences of Markdown, rendered as posts are (raw HTML is
    // escaped the same way).
    let bio = (!author.bio.trim().is_empty())
        .then(|| fumi_content::render_with(&author.bio, &Default::default(), Labels::for_language(text.lang)).html);
    let links = author.links.resolved();
    let name = author.name.clone();
    view! {
        <section class="profile-card" aria-label=author.name.clone()>
            {author.avatar.as_deref().map(|avatar| view! {
                <img class="profile-card__avatar" src=avatar_src(avatar) alt="" width="72" height="72" loading="lazy" decoding="async"/>
            })}
            <div class="profile-card__text">
                {if heading {
                    view! { <h1 class="page-title profile-card__name">{name}</h1> }.into_any()
                } else {
                    view! { <p class="profile-card__name"><a href=href rel="author">{name}</a></p> }.into_any()
                }}
                {bio.map(|html| view! { <div class="profile-card__bio" inner_html=html></div> })}
                {(!links.is_empty()).then(|| view! {
                    <ul class="profile-card__links" aria-label=text.people.profiles>
                        {links.into_iter().map(|link| view! {
                            <li><a href=link.url rel="me noopener" data-service=link.key>{link.service}</a></li>
                        }).collect_view()}
                    </ul>
                })}
            </div>
        </section>
    }
}
