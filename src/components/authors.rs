//! The people behind the posts: the byline under a post's title, and the profile card
//! (avatar, name, bio, links elsewhere) under a post, on the home page of a blog with
//! one author, and at the top of an author's page. The card's markup comes made from
//! the publishing tool (`fumi_content::people::Profile`); the app puts the name in.

use fumi_content::markdown::escape_html;
use fumi_content::people::{author_path, authors_of, fill_card, Profile};
use fumi_content::{Manifest, PostSummary};
use leptos::prelude::*;

use crate::paths;
use crate::ui_text::UiText;

/// The authors of `post` with their ids, in the order the post names them.
pub fn authors_of_post(manifest: &Manifest, post: &PostSummary) -> Vec<(String, Profile)> {
    authors_of(&post.authors, &manifest.site.authors, &manifest.site.author)
        .into_iter()
        .map(|(id, profile)| (id.to_owned(), profile.clone()))
        .collect()
}

/// "By Aki and Mei", each name linking to the author's page.
pub fn byline(authors: &[(String, Profile)], text: &'static UiText) -> impl IntoView + use<> {
    let names: Vec<_> = authors
        .iter()
        .enumerate()
        .map(|(n, (id, profile))| {
            view! {
                {(n > 0).then_some(text.people.and)}
                <a class="byline__author" href=paths::href(&author_path(id)) rel="author">{profile.name.clone()}</a>
            }
        })
        .collect();
    (!names.is_empty()).then(|| view! { <p class="byline">{text.people.by}" "{names}</p> })
}

/// An author's card. On the author's own page (`heading`) the name is the page's
/// heading; elsewhere it links to that page.
pub fn profile_card(id: &str, profile: &Profile, heading: bool) -> impl IntoView + use<> {
    let name = escape_html(&profile.name);
    let name_html = if heading {
        format!("<h1 class=\"page-title profile-card__name\">{name}</h1>")
    } else {
        let href = escape_html(&paths::href(&author_path(id)));
        format!("<p class=\"profile-card__name\"><a href=\"{href}\" rel=\"author\">{name}</a></p>")
    };
    // Embedded, avatars come from the blog's own site, not the host page's.
    let root = crate::mount::use_mount().content_root;
    let html = fill_card(&profile.card, &root, &name_html);
    view! { <section class="profile-card" aria-label=profile.name.clone() inner_html=html></section> }
}
