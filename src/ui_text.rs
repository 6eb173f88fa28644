//! The words of fumi's own interface, in the site's language (Japanese or English).

/// Every string the interface shows, for one language.
#[derive(Debug)]
pub struct UiText {
    pub lang: &'static str,
    pub posts: &'static str,
    pub tags: &'static str,
    pub skip_to_content: &'static str,
    pub loading: &'static str,
    pub retry: &'static str,
    pub load_failed: &'static str,
    pub draft: &'static str,
    pub no_posts: &'static str,
    pub tagged: &'static str,
    pub post_count: fn(usize) -> String,
    pub reading_minutes: fn(u32) -> String,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
    pub newer: &'static str,
    pub older: &'static str,
    pub problems_title: &'static str,
    pub tags_label: &'static str,
}

pub const EN: UiText = UiText {
    lang: "en",
    posts: "Posts",
    tags: "Tags",
    skip_to_content: "Skip to content",
    loading: "Loading…",
    retry: "Retry",
    load_failed: "Could not load this page.",
    draft: "Draft",
    no_posts: "No posts yet. Add a Markdown file to posts/ to publish one.",
    tagged: "Posts tagged",
    post_count: |n| {
        if n == 1 {
            "1 post".into()
        } else {
            format!("{n} posts")
        }
    },
    reading_minutes: |m| format!("{m} min read"),
    not_found_title: "Page not found",
    not_found_body: "There is nothing at this address. It may have moved, or the link may be mistyped.",
    back_home: "Back to all posts",
    newer: "Newer",
    older: "Older",
    problems_title: "Some posts could not be published",
    tags_label: "Tags",
};

pub const JA: UiText = UiText {
    lang: "ja",
    posts: "記事",
    tags: "タグ",
    skip_to_content: "本文へ移動",
    loading: "読み込み中…",
    retry: "再読み込み",
    load_failed: "このページを読み込めませんでした。",
    draft: "下書き",
    no_posts: "まだ記事がありません。posts/ に Markdown ファイルを追加すると公開されます。",
    tagged: "タグ",
    post_count: |n| format!("{n} 件"),
    reading_minutes: |m| format!("{m} 分で読めます"),
    not_found_title: "ページが見つかりません",
    not_found_body: "このアドレスには何もありません。移動したか、リンクが間違っている可能性があります。",
    back_home: "記事一覧へ戻る",
    newer: "新しい記事",
    older: "古い記事",
    problems_title: "公開できなかった記事があります",
    tags_label: "タグ",
};

/// The interface text for a site language (`ja`, `ja-JP` → Japanese; else English).
pub fn for_language(lang: &str) -> &'static UiText {
    if lang.starts_with("ja") {
        &JA
    } else {
        &EN
    }
}
