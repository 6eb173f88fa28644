//! Snapshots of the sample posts, pages and author pages as the publishing tool
//! renders them: each page's body, made by the app's own components (`fumi::prerender`) from the real
//! `posts/` folder. A change to the renderer, a component or a sample post shows up
//! as a reviewable diff of the HTML instead of slipping past `contains` checks.
//!
//! After an intended change: `INSTA_UPDATE=always cargo test -p fumi-publish sample_pages`,
//! then read the diff of `src/snapshots/` before committing it.

use std::path::Path;
use std::sync::Arc;

use fumi::api::PostBody;
use fumi::prerender::render_page;
use fumi_content::date::Date;
use fumi_content::url::encode_segment;

use crate::publish::{publish_on, Mode};

/// One tag per line, so a diff points at the element that changed.
fn one_tag_per_line(html: &str) -> String {
    html.replace("><", ">\n<")
}

#[test]
fn every_sample_post_renders_as_recorded() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    // A fixed day: the draft dated later stays scheduled whatever the clock says.
    let today = Date::parse("2026-01-01").unwrap();
    let outcome = publish_on(&root, Mode::default(), today).unwrap();
    assert!(outcome.problems.is_empty(), "the sample posts are valid: {:?}", outcome.problems);
    assert!(outcome.bodies.len() >= 5, "the sample site has its posts: {}", outcome.bodies.len());
    let manifest = Arc::new(outcome.manifest.clone());
    for post in &outcome.bodies {
        let route = format!("/posts/{}", encode_segment(&post.slug));
        let body = PostBody { markdown: post.markdown.clone(), hints: post.hints.clone() };
        let page = render_page(manifest.clone(), "", &route, Some((post.slug.clone(), body)));
        insta::assert_snapshot!(format!("post-{}", post.slug), one_tag_per_line(&page.body));
    }
    for page in &outcome.page_bodies {
        let route = format!("/{}", encode_segment(&page.slug));
        let body = PostBody { markdown: page.markdown.clone(), hints: page.hints.clone() };
        let rendered = render_page(manifest.clone(), "", &route, Some((page.slug.clone(), body)));
        insta::assert_snapshot!(format!("page-{}", page.slug), one_tag_per_line(&rendered.body));
    }
    for id in outcome.manifest.site.authors.keys() {
        let rendered = render_page(manifest.clone(), "", &format!("/authors/{id}"), None);
        insta::assert_snapshot!(format!("author-{id}"), one_tag_per_line(&rendered.body));
    }
}
