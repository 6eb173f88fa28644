//! Component tests: fumi's widgets mounted into a real page of headless Chromium by
//! wasm-bindgen-test-runner. Run with `./scripts/test` (or `cargo test -p fumi
//! --target wasm32-unknown-unknown` with the runner configured).
#![cfg(target_arch = "wasm32")]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use fumi::components::post_list::{PostCard, PostList};
use fumi::components::status::{ErrorView, Loading};
use fumi::ui_text::{EN, JA};
use fumi_content::PostSummary;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element attached to the document, to mount one component into.
fn container() -> web_sys::HtmlElement {
    let el = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

/// Lets the browser run timers, fetches and reactive effects for `ms` milliseconds.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn japanese_post() -> PostSummary {
    PostSummary {
        slug: "moving-to-eks".into(),
        title: "EKS 基盤チームに移ります".into(),
        date: "2021-01-04".into(),
        tags: vec!["kubernetes".into(), "機械学習".into()],
        excerpt: "一月から基盤チームに移ります。".into(),
        reading_minutes: 10,
        lang: "ja".into(),
        ..Default::default()
    }
}

#[wasm_bindgen_test]
fn post_card_links_title_date_reading_time_and_tags() {
    let root = container();
    let _mounted = mount_to(root.clone(), || view! { <ol><PostCard post=japanese_post() text=&EN/></ol> });

    let card = root.query_selector("li.post-card").unwrap().expect("a card");
    assert_eq!(card.get_attribute("lang").as_deref(), Some("ja"));
    let title = root.query_selector(".post-card__title a").unwrap().unwrap();
    assert_eq!(title.text_content().unwrap(), "EKS 基盤チームに移ります");
    assert_eq!(title.get_attribute("href").as_deref(), Some("/posts/moving-to-eks"));
    let time = root.query_selector("time").unwrap().unwrap();
    assert_eq!(time.get_attribute("datetime").as_deref(), Some("2021-01-04"));
    assert_eq!(time.text_content().unwrap(), "January 4, 2021");
    assert_eq!(root.query_selector(".reading-time").unwrap().unwrap().text_content().unwrap(), "10 min read");
    let tags = root.query_selector_all("a.tag").unwrap();
    assert_eq!(tags.length(), 2);
    let japanese_tag: web_sys::Element = tags.item(1).unwrap().unchecked_into();
    assert_eq!(japanese_tag.get_attribute("href").as_deref(), Some("/tags/%E6%A9%9F%E6%A2%B0%E5%AD%A6%E7%BF%92"));
}

#[wasm_bindgen_test]
fn japanese_interface_text_formats_dates_and_reading_time_in_japanese() {
    let root = container();
    let _mounted = mount_to(root.clone(), || view! { <ol><PostCard post=japanese_post() text=&JA/></ol> });
    assert_eq!(root.query_selector("time").unwrap().unwrap().text_content().unwrap(), "2021年1月4日");
    assert_eq!(root.query_selector(".reading-time").unwrap().unwrap().text_content().unwrap(), "10 分で読めます");
}

#[wasm_bindgen_test]
fn empty_post_list_says_how_to_add_a_post() {
    let root = container();
    let _mounted = mount_to(root.clone(), || view! { <PostList posts=vec![] text=&EN/> });
    assert!(root.query_selector("ol.post-list").unwrap().is_none());
    assert!(root.text_content().unwrap().contains("posts/"));
}

#[wasm_bindgen_test]
fn loading_placeholder_is_announced_as_busy() {
    let root = container();
    let _mounted = mount_to(root.clone(), || view! { <Loading label="Loading…" lines=4/> });
    let loading = root.query_selector(".loading").unwrap().unwrap();
    assert_eq!(loading.get_attribute("aria-busy").as_deref(), Some("true"));
    assert_eq!(root.query_selector_all(".skeleton").unwrap().length(), 4);
}

#[wasm_bindgen_test]
fn error_view_retry_button_calls_back() {
    let root = container();
    let retries = Arc::new(AtomicUsize::new(0));
    let counter = retries.clone();
    let _mounted = mount_to(root.clone(), move || {
        let counter = counter.clone();
        view! {
            <ErrorView
                title="Could not load this page."
                message="The server answered with an error (HTTP 500)."
                retry_label="Retry"
                on_retry=Callback::new(move |_| {
                    counter.fetch_add(1, Ordering::SeqCst);
                })
            />
        }
    });
    let alert = root.query_selector("[role=alert]").unwrap().unwrap().text_content().unwrap();
    assert!(alert.contains("HTTP 500"), "the alert names the status: {alert}");
    let button: web_sys::HtmlElement = root.query_selector("button.retry").unwrap().unwrap().unchecked_into();
    button.click();
    button.click();
    assert_eq!(retries.load(Ordering::SeqCst), 2);
}

#[wasm_bindgen_test]
fn heading_ids_are_normalised_by_the_browser_engine() {
    // In wasm, NFKC comes from String.prototype.normalize; it must agree with the
    // native implementation the publishing tool uses.
    let rendered = fumi_content::render("## ＥＫＳ の話\n\n## ｺﾝﾃﾅ\n\n## ｺﾝﾃﾅ\n");
    let ids: Vec<_> = rendered.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["eks-の話", "コンテナ", "コンテナ-1"]);
    assert_eq!(fumi_content::slugify("Amazon ＥＫＳ の開発"), "amazon-eks-の開発");
}

#[wasm_bindgen_test]
async fn app_without_a_manifest_shows_an_error_with_retry() {
    // The test page has no posts/manifest.json next to it: the real fetch gets a 404.
    let root = container();
    let _mounted = mount_to(root.clone(), || view! { <fumi::App/> });
    let mut alert = None;
    for _ in 0..100 {
        sleep(50).await;
        alert = root.query_selector(".error-view").unwrap();
        if alert.is_some() {
            break;
        }
    }
    let alert = alert.expect("the app shows an error view, not a blank page");
    assert!(alert.text_content().unwrap().contains("HTTP 404"), "{:?}", alert.text_content());
    assert!(root.query_selector("button.retry").unwrap().is_some());
    assert!(root.query_selector("header.site-header").unwrap().is_some(), "the frame stays usable");
}

fn heading(level: u8, id: &str) -> fumi_content::Heading {
    fumi_content::Heading { level, id: id.into(), text: id.into(), breaks: Vec::new() }
}

#[wasm_bindgen_test]
fn table_of_contents_links_each_heading_by_its_japanese_id() {
    use fumi::components::table_of_contents::TableOfContents;
    let root = container();
    let entries = vec![heading(2, "なぜ移るのか"), heading(3, "学んだこと"), heading(3, "学んだこと-1")];
    let _mounted = mount_to(root.clone(), move || view! { <TableOfContents entries title="目次"/> });

    let nav = root.query_selector("nav.toc").unwrap().expect("a nav");
    assert_eq!(nav.get_attribute("aria-label").as_deref(), Some("目次"));
    assert_eq!(root.query_selector("summary").unwrap().unwrap().text_content().unwrap(), "目次");
    let links = root.query_selector_all("a.toc__link").unwrap();
    let hrefs: Vec<_> = (0..links.length())
        .map(|i| links.item(i).unwrap().unchecked_into::<web_sys::Element>().get_attribute("href").unwrap())
        .collect();
    assert_eq!(hrefs, ["#なぜ移るのか", "#学んだこと", "#学んだこと-1"]);
    assert_eq!(root.query_selector_all("li.toc__item--h3").unwrap().length(), 2);
}

#[wasm_bindgen_test]
fn series_box_lists_the_series_and_marks_the_current_post() {
    use fumi::components::series_box::SeriesBox;
    let root = container();
    let posts = vec![
        PostSummary { slug: "part-1".into(), title: "第一回".into(), lang: "ja".into(), ..Default::default() },
        PostSummary { slug: "part-2".into(), title: "第二回".into(), lang: "ja".into(), ..Default::default() },
    ];
    let _mounted = mount_to(root.clone(), move || view! { <SeriesBox name="EKS" posts current="part-2" text=&JA/> });

    let nav = root.query_selector("nav.series").unwrap().expect("a nav");
    assert_eq!(nav.get_attribute("aria-label").as_deref(), Some("連載「EKS」"));
    let current = root.query_selector("a[aria-current=page]").unwrap().expect("the current post is marked");
    assert_eq!(current.get_attribute("href").as_deref(), Some("/posts/part-2"));
    assert_eq!(root.query_selector_all("a[aria-current]").unwrap().length(), 1);
}

#[wasm_bindgen_test]
fn related_posts_render_nothing_without_posts() {
    use fumi::components::related_posts::RelatedPosts;
    let root = container();
    let _mounted = mount_to(root.clone(), || view! { <RelatedPosts posts=vec![] text=&EN/> });
    assert!(root.query_selector("section.related").unwrap().is_none());

    let _mounted = mount_to(root.clone(), || view! { <RelatedPosts posts=vec![japanese_post()] text=&EN/> });
    let section = root.query_selector("section.related").unwrap().expect("a section");
    assert_eq!(section.query_selector("h2").unwrap().unwrap().text_content().unwrap(), "Related posts");
    let link = section.query_selector("a").unwrap().unwrap();
    assert_eq!(link.get_attribute("href").as_deref(), Some("/posts/moving-to-eks"));
}

#[wasm_bindgen_test]
fn post_meta_shows_the_update_date_as_a_second_time() {
    use fumi::components::post_meta::PostMeta;
    let root = container();
    let post = PostSummary { updated: Some("2021-02-01".into()), ..japanese_post() };
    let _mounted = mount_to(root.clone(), move || view! { <PostMeta post text=&JA/> });

    let times = root.query_selector_all("p.post-meta time[datetime]").unwrap();
    assert_eq!(times.length(), 2);
    let first: web_sys::Element = times.item(0).unwrap().unchecked_into();
    assert_eq!(first.get_attribute("datetime").as_deref(), Some("2021-01-04"), "the publication date first");
    let updated: web_sys::Element = times.item(1).unwrap().unchecked_into();
    assert_eq!(updated.get_attribute("datetime").as_deref(), Some("2021-02-01"));
    assert_eq!(updated.text_content().unwrap(), "2021年2月1日");
    let label = root.query_selector(".post-meta__updated").unwrap().unwrap().text_content().unwrap();
    assert_eq!(label, "更新: 2021年2月1日");

    let plain = container();
    let _mounted = mount_to(plain.clone(), || view! { <PostMeta post=japanese_post() text=&EN/> });
    assert_eq!(plain.query_selector_all("time").unwrap().length(), 1, "no update, no second date");
}
