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
    /// Badge of a post dated after the build (only the dev server shows those).
    pub scheduled: &'static str,
    /// Before the date a post was last updated.
    pub updated: &'static str,
    pub no_posts: &'static str,
    /// Heading of the "latest posts" widget, and its link to the whole blog.
    pub latest_posts: &'static str,
    pub all_posts: &'static str,
    pub tagged: &'static str,
    /// The post lists: tag filter, pages, archive, tag index.
    pub lists: ListText,
    /// The keyboard shortcuts dialog.
    pub keys: KeyText,
    /// The share links and the comment area under a post (the publishing tool writes
    /// them; the start script says what their buttons did in its own words).
    pub sharing: fumi_content::sharing::Labels,
    /// Authors' names and profiles, and the site's own links.
    pub people: PeopleText,
    pub post_count: fn(usize) -> String,
    pub reading_minutes: fn(u32) -> String,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
    pub newer: &'static str,
    pub older: &'static str,
    pub problems_title: &'static str,
    pub tags_label: &'static str,
    pub search: &'static str,
    pub search_placeholder: &'static str,
    pub search_shortcut: &'static str,
    pub search_hint: &'static str,
    pub search_failed: &'static str,
    /// (shown, matches in the index)
    pub search_count: fn(usize, usize) -> String,
    /// Title and landmark name of a post's table of contents.
    pub contents: &'static str,
    /// A code block's copy button after a successful copy, and after a failed one.
    pub copied: &'static str,
    pub copy_failed: &'static str,
    pub related_posts: &'static str,
    /// Before the links to a post's translations (shown in the post's language).
    pub also_in: &'static str,
    /// Heading of the box listing the posts of a series, given the series name.
    pub series_title: fn(&str) -> String,
    pub reading_progress: &'static str,
    /// Name of the theme toggle; pressed means dark.
    pub dark_theme: &'static str,
}

/// The keyboard shortcuts' dialog: its title, what each key does, its close button.
#[derive(Debug)]
pub struct KeyText {
    pub title: &'static str,
    pub search: &'static str,
    pub older: &'static str,
    pub newer: &'static str,
    pub list: &'static str,
    pub help: &'static str,
    pub close: &'static str,
}

/// Bylines, profile cards, author pages and the marker of links that leave the site.
#[derive(Debug)]
pub struct PeopleText {
    /// Before the authors' names under a post's title.
    pub by: &'static str,
    /// Between the names of two authors.
    pub and: &'static str,
    /// The heading of an author's page: "Posts by Aki".
    pub posts_by: fn(&str) -> String,
    /// Names an author's list of profile links.
    pub profiles: &'static str,
    /// Read after a link that leaves the site.
    pub external: &'static str,
}

/// The words of the post lists: the tag filter bar, page links, the archive and the
/// tag index's sort and view switches.
#[derive(Debug)]
pub struct ListText {
    pub archive: &'static str,
    pub filter_label: &'static str,
    /// Names the language filter, and its choice of every language.
    pub language: &'static str,
    pub all_languages: &'static str,
    /// Names the "all of them / any of them" switch.
    pub match_label: &'static str,
    pub match_all: &'static str,
    pub match_any: &'static str,
    pub clear_filter: &'static str,
    pub no_matches: &'static str,
    pub pages: &'static str,
    pub page_number: fn(usize) -> String,
    pub sort_label: &'static str,
    pub sort_by_count: &'static str,
    pub sort_by_name: &'static str,
    pub view_label: &'static str,
    pub view_list: &'static str,
    pub view_cloud: &'static str,
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
    scheduled: "Scheduled",
    updated: "Updated",
    no_posts: "No posts yet. Add a Markdown file to posts/ to publish one.",
    latest_posts: "Latest posts",
    all_posts: "All posts",
    tagged: "Posts tagged",
    keys: KeyText {
        title: "Keyboard shortcuts",
        search: "Search",
        older: "Older post",
        newer: "Newer post",
        list: "All posts",
        help: "This list of keys",
        close: "Close",
    },
    people: PeopleText {
        by: "By",
        and: " and ",
        posts_by: |name| format!("Posts by {name}"),
        profiles: "Elsewhere",
        external: "(another site)",
    },
    sharing: fumi_content::sharing::Labels {
        share: "Share this post",
        copy_link: "Copy link",
        system_share: "Share…",
        comments: "Comments",
        show_comments: "Show comments",
        discuss_hatena: "Discuss on Hatena Bookmark",
        discuss_x: "Discuss on X",
        japanese: false,
    },
    lists: ListText {
        archive: "Archive",
        filter_label: "Filter by tags",
        language: "Language",
        all_languages: "All",
        match_label: "Show posts with",
        match_all: "All of them",
        match_any: "Any of them",
        clear_filter: "Clear filter",
        no_matches: "No posts have these tags.",
        pages: "Pages",
        page_number: |n| format!("Page {n}"),
        sort_label: "Sort by",
        sort_by_count: "Most used",
        sort_by_name: "Name",
        view_label: "View as",
        view_list: "List",
        view_cloud: "Cloud",
    },
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
    search: "Search",
    search_placeholder: "Words or phrases, e.g. Kubernetes 運用",
    search_shortcut: "Search (press /)",
    search_hint: "Type a word or phrase. Japanese works too: any two or more characters.",
    search_failed: "Search is not available right now.",
    search_count: |shown, candidates| match (shown, candidates) {
        (0, _) => "No posts match.".into(),
        (1, 1) => "1 post".into(),
        (n, c) if c <= n => format!("{n} posts"),
        (n, c) => format!("Showing {n} of up to {c} posts"),
    },
    contents: "Contents",
    copied: "Copied",
    copy_failed: "Copy failed",
    related_posts: "Related posts",
    also_in: "Also in",
    series_title: |name| format!("Series: {name}"),
    reading_progress: "Reading progress",
    dark_theme: "Dark theme",
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
    scheduled: "予約投稿",
    updated: "更新:",
    no_posts: "まだ記事がありません。posts/ に Markdown ファイルを追加すると公開されます。",
    latest_posts: "最新の記事",
    all_posts: "すべての記事",
    tagged: "タグ",
    keys: KeyText {
        title: "キーボードショートカット",
        search: "検索",
        older: "古い記事へ",
        newer: "新しい記事へ",
        list: "記事一覧へ",
        help: "このキーの一覧",
        close: "閉じる",
    },
    people: PeopleText {
        by: "著者:",
        and: "、",
        posts_by: |name| format!("{name}の記事"),
        profiles: "ほかの場所",
        external: "(外部サイト)",
    },
    sharing: fumi_content::sharing::Labels {
        share: "この記事を共有",
        copy_link: "リンクをコピー",
        system_share: "共有…",
        comments: "コメント",
        show_comments: "コメントを表示",
        discuss_hatena: "はてなブックマークのコメント",
        discuss_x: "X での反応",
        japanese: true,
    },
    lists: ListText {
        archive: "アーカイブ",
        filter_label: "タグで絞り込む",
        language: "言語",
        all_languages: "すべて",
        match_label: "表示する記事",
        match_all: "すべてのタグを含む",
        match_any: "いずれかのタグを含む",
        clear_filter: "絞り込みを解除",
        no_matches: "条件に合う記事はありません。",
        pages: "ページ",
        page_number: |n| format!("{n} ページ目"),
        sort_label: "並び順",
        sort_by_count: "件数順",
        sort_by_name: "名前順",
        view_label: "表示",
        view_list: "リスト",
        view_cloud: "クラウド",
    },
    post_count: |n| format!("{n} 件"),
    reading_minutes: |m| format!("{m} 分で読めます"),
    not_found_title: "ページが見つかりません",
    not_found_body: "このアドレスには何もありません。移動したか、リンクが間違っている可能性があります。",
    back_home: "記事一覧へ戻る",
    newer: "新しい記事",
    older: "古い記事",
    problems_title: "公開できなかった記事があります",
    tags_label: "タグ",
    search: "検索",
    search_placeholder: "語句を入力（例: Kubernetes 運用）",
    search_shortcut: "検索（/ キー）",
    search_hint: "語句を入力してください。日本語は 2 文字以上の任意の部分で見つかります。",
    search_failed: "現在、検索を利用できません。",
    search_count: |shown, candidates| match (shown, candidates) {
        (0, _) => "一致する記事はありません。".into(),
        (n, c) if c <= n => format!("{n} 件"),
        (n, c) => format!("最大 {c} 件中 {n} 件を表示"),
    },
    contents: "目次",
    copied: "コピーしました",
    copy_failed: "コピーできませんでした",
    related_posts: "関連記事",
    also_in: "ほかの言語で読む",
    series_title: |name| format!("連載「{name}」"),
    reading_progress: "読み進めた割合",
    dark_theme: "ダークテーマ",
};

/// The interface text for a site language (`ja`, `ja-JP` → Japanese; else English).
pub fn for_language(lang: &str) -> &'static UiText {
    if fumi_content::lang::is_japanese(lang) {
        &JA
    } else {
        &EN
    }
}
