//! A strict Content-Security-Policy for the built site, and the one change the build
//! needs to live under it.
//!
//! Trunk starts the app with an inline `<script type="module">` in `index.html`, which
//! a policy without `'unsafe-inline'` blocks. [`externalize_start_script`] moves it
//! into a content-hashed file beside the wasm (`fumi-start-<hash>.js`) and makes its
//! paths relative to that file, so the same file works at the root, under `/blog/`
//! or under any other prefix the pages are moved to.
//!
//! The policy ([`POLICY`]) is served two ways: in `_headers` (Netlify, Cloudflare
//! Pages; the README shows nginx), and as a `<meta http-equiv>` at the top of every
//! page ([`add_meta`]), so that hosts which cannot set headers (GitHub Pages, S3)
//! get it too. A `<meta>` cannot carry `frame-ancestors`, so the meta copy leaves it
//! out; where both arrive, browsers enforce both, and they agree.

use std::path::Path;

/// The policy for every page of a release build. Scripts: fumi's own files, and
/// compiling its wasm. Styles: its stylesheets (the app styles elements through the
/// CSSOM, never `style` attributes). Images: the site's own, `data:` images and any
/// `https:` image a post embeds. Requests, the service worker and the web app
/// manifest: the site's own files. Nothing else: no
/// plugins, no `<base>` elsewhere, no forms posting away, no framing by other sites.
pub const POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data: https:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
frame-ancestors 'self'";

/// Directives that only count when sent as a header; in a `<meta>` browsers ignore
/// them with a console error.
const HEADER_ONLY: &[&str] = &["frame-ancestors", "report-uri", "sandbox"];

/// [`POLICY`] without the directives a `<meta>` element cannot carry.
pub fn meta_policy() -> String {
    POLICY
        .split(';')
        .map(str::trim)
        .filter(|d| !HEADER_ONLY.iter().any(|name| d.split_whitespace().next() == Some(name)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Replaces the inline start-up module script of `dist/index.html` with fumi's own
/// start script (`start.js`: the wasm loads off the critical path) in
/// `dist/fumi-start-<hash>.js`, which the first-paint script loads
/// ([`crate::module_scripts`]), its paths relative to itself (with the image zoom
/// dialog it imports on first use, `fumi-zoom-<hash>.js`), and drops Trunk's
/// preloads of the wasm and its glue, which would fetch them at high priority beside
/// the page's own resources. Returns the file's name, or `None` when the page has no
/// inline module script (already done, or a Trunk that no longer writes one). Run
/// before `index.html` is copied to the other pages.
/// `analytics` is what the start script gets to load a page counter with
/// ([`crate::analytics::Settings::start_script_config`]: `null` for none).
pub fn externalize_start_script(dist: &Path, public_url: &str, analytics: &str) -> std::io::Result<Option<String>> {
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index)?;
    let Some(script) = find_inline_module_script(&html) else {
        return Ok(None);
    };
    let prefix = if public_url.ends_with('/') { public_url.to_owned() } else { format!("{public_url}/") };
    let trunk_script = relative_to_itself(&html[script.body.clone()], &prefix);
    let (Some(glue), Some(wasm)) =
        (quoted_after(&trunk_script, "from './"), quoted_after(&trunk_script, "new URL('./"))
    else {
        return Err(std::io::Error::other("Trunk's start script names no wasm and glue: a Trunk fumi does not know"));
    };
    // Hashed like the app's files: cached for good, and kept by the offline worker.
    let zoom = format!("fumi-zoom-{:016x}.js", crate::content_hash::fnv1a(ZOOM_SOURCE.as_bytes()));
    std::fs::write(dist.join(&zoom), ZOOM_SOURCE)?;
    let body = START_SOURCE
        .replace("__FUMI_GLUE__", glue)
        .replace("__FUMI_WASM__", wasm)
        .replace("__FUMI_ZOOM__", &zoom)
        .replace("__FUMI_ANALYTICS__", analytics);
    let name = format!("fumi-start-{:016x}.js", crate::content_hash::fnv1a(body.as_bytes()));
    std::fs::write(dist.join(&name), body)?;
    let src = format!("{prefix}{name}");
    let (before, after) = (&html[..script.element.start], &html[script.element.end..]);
    let page = crate::module_scripts::list_or_element(&format!("{before}{after}"), "fumi-start-", &src, |_| {
        format!("{before}<script type=\"module\" src=\"{src}\"></script>{after}")
    });
    std::fs::write(index, without_app_preloads(&page, glue, wasm))?;
    Ok(Some(name))
}

/// fumi's start script; `__FUMI_GLUE__`, `__FUMI_WASM__` and `__FUMI_ZOOM__` name the
/// build's files, `__FUMI_ANALYTICS__` is the page counter's script, if any.
const START_SOURCE: &str = include_str!("start.js");
/// The image zoom dialog, which the start script imports on first use.
const ZOOM_SOURCE: &str = include_str!("zoom.js");

/// The text between `start` and the next `'`.
fn quoted_after<'a>(text: &'a str, start: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    text[from..].split('\'').next()
}

/// `html` without the `<link>` elements that preload the app's `glue` or `wasm`.
fn without_app_preloads(html: &str, glue: &str, wasm: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<link") {
        let Some(end) = rest[at..].find('>').map(|end| at + end + 1) else { break };
        let tag = &rest[at..end];
        let preload = tag.contains("rel=\"modulepreload\"") || tag.contains("rel=\"preload\"");
        out.push_str(&rest[..at]);
        if !(preload && (tag.contains(glue) || tag.contains(wasm))) {
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Where an inline script sits in a page: the whole element, and its text.
struct ScriptSpan {
    element: std::ops::Range<usize>,
    body: std::ops::Range<usize>,
}

/// The first `<script type="module">` without a `src`.
fn find_inline_module_script(html: &str) -> Option<ScriptSpan> {
    let mut from = 0;
    while let Some(offset) = html[from..].find("<script") {
        let start = from + offset;
        let open_end = start + html[start..].find('>')? + 1;
        let close = open_end + html[open_end..].find("</script>")?;
        let attributes = &html[start + "<script".len()..open_end - 1];
        if attributes.contains("type=\"module\"") && !attributes.contains("src=") {
            return Some(ScriptSpan { element: start..close + "</script>".len(), body: open_end..close });
        }
        from = close;
    }
    None
}

/// Rewrites the start-up script's quoted paths under `prefix` (`'/blog/fumi-….js'`)
/// to paths relative to the script itself: an `import … from` keeps a string
/// (`'./fumi-….js'`), any other path (the wasm given to `init`) becomes a URL
/// resolved against `import.meta.url`.
fn relative_to_itself(script: &str, prefix: &str) -> String {
    let needle = format!("'{prefix}");
    let mut out = String::with_capacity(script.len());
    let mut rest = script;
    while let Some(at) = rest.find(&needle) {
        let after = &rest[at + needle.len()..];
        let Some(end) = after.find('\'') else { break };
        let file = &after[..end];
        out.push_str(&rest[..at]);
        if file.is_empty() || file.contains(['/', '\\', ' ', '\n']) {
            out.push_str(&rest[at..at + needle.len() + end + 1]);
        } else if out.trim_end().ends_with("from") {
            out.push_str(&format!("'./{file}'"));
        } else {
            out.push_str(&format!("new URL('./{file}', import.meta.url)"));
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Adds the policy as a `<meta http-equiv>` right after `<meta charset>` (before any
/// script or stylesheet, as a meta policy only covers what follows it) in the page at
/// `path`.
pub fn add_meta(path: &Path) -> std::io::Result<()> {
    let html = std::fs::read_to_string(path)?;
    std::fs::write(path, with_meta(&html))
}

fn with_meta(html: &str) -> String {
    if html.contains("http-equiv=\"Content-Security-Policy\"") {
        return html.to_owned();
    }
    let meta = format!("\n    <meta http-equiv=\"Content-Security-Policy\" content=\"{}\" />", meta_policy());
    let at = html
        .find("<meta charset")
        .and_then(|start| html[start..].find('>').map(|end| start + end + 1))
        .or_else(|| html.find("<head>").map(|start| start + "<head>".len()));
    match at {
        Some(at) => format!("{}{meta}{}", &html[..at], &html[at..]),
        None => html.to_owned(),
    }
}

/// Lets each page load the players its cards offer (`data-frame` on a card), and no
/// other: the page's `<meta>` policy gets a `frame-src` naming exactly their origins,
/// and `_headers` one naming every origin any page needs (where both arrive, browsers
/// enforce both, so each page still gets only its own). Only hosts the publishing
/// tool knows as players are ever allowed. Returns the origins allowed somewhere.
pub fn allow_players(dist: &Path) -> std::io::Result<Vec<String>> {
    let mut pages = Vec::new();
    html_files(dist, &mut pages)?;
    let mut everywhere: Vec<String> = Vec::new();
    for page in pages {
        let html = std::fs::read_to_string(&page)?;
        let origins = player_origins(&html);
        if origins.is_empty() {
            continue;
        }
        std::fs::write(&page, with_frame_sources(&html, &origins))?;
        for origin in origins {
            if !everywhere.contains(&origin) {
                everywhere.push(origin);
            }
        }
    }
    everywhere.sort();
    let headers = dist.join("_headers");
    if !everywhere.is_empty() && headers.exists() {
        let text = std::fs::read_to_string(&headers)?;
        std::fs::write(&headers, with_frame_sources(&text, &everywhere))?;
    }
    Ok(everywhere)
}

fn html_files(dir: &Path, found: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            html_files(&path, found)?;
        } else if path.extension().is_some_and(|e| e == "html") {
            found.push(path);
        }
    }
    Ok(())
}

/// The origins of the players a page's cards offer, known player hosts only.
fn player_origins(html: &str) -> Vec<String> {
    let mut origins: Vec<String> = Vec::new();
    for (at, _) in html.match_indices(" data-frame=\"https://") {
        let url = &html[at + " data-frame=\"".len()..];
        let host = url["https://".len()..].split(['/', '"', '?', '#']).next().unwrap_or("");
        let origin = format!("https://{host}");
        if crate::embeds::providers::FRAME_HOSTS.contains(&host) && !origins.contains(&origin) {
            origins.push(origin);
        }
    }
    origins
}

/// Every policy in `text` (a page's `<meta>`, a `_headers` line) with `frame-src`
/// allowing `origins`.
fn with_frame_sources(text: &str, origins: &[String]) -> String {
    let directive = format!("frame-src {}; object-src", origins.join(" "));
    text.replace("; object-src", &format!("; {directive}"))
}

/// A source the site's settings add to the policy: the directive, and what it allows.
pub type Source = (&'static str, String);

/// utterances' script adds an inline `<style>` sizing its frame (its `client.ts`,
/// unchanged since 2022): allowed by its hash, and nothing else inline.
const UTTERANCES_STYLE: &str = "'sha256-9HupEqQsOKAA3TMVtaZh8USULhFpwYGuWFk+44sVSgg='";

/// What a post page's policy must allow for the comment thread `comments` sets up:
/// the provider's script, its frame, and its stylesheet (giscus links one, utterances
/// inlines one). Nothing for no comments, or for links to discussions elsewhere.
pub fn comment_sources(comments: &fumi_content::sharing::Comments) -> Vec<Source> {
    let Some(origin) = comments.origin() else { return Vec::new() };
    let style = if origin.contains("utteranc.es") { UTTERANCES_STYLE.to_owned() } else { origin.to_owned() };
    vec![("script-src", origin.to_owned()), ("frame-src", origin.to_owned()), ("style-src", style)]
}

/// Widens the policy for the services the site's settings name: `everywhere` (a page
/// counter) in every page, `post_pages` (a comment thread) only in posts' pages
/// (`posts/…`), and both in `_headers`, whose one policy covers every path (where
/// both arrive, browsers enforce both: each page still gets only its own `<meta>`).
pub fn allow_services(dist: &Path, everywhere: &[Source], post_pages: &[Source]) -> std::io::Result<()> {
    if everywhere.is_empty() && post_pages.is_empty() {
        return Ok(());
    }
    let mut pages = Vec::new();
    html_files(dist, &mut pages)?;
    let on_posts: Vec<Source> = everywhere.iter().chain(post_pages).cloned().collect();
    for page in pages {
        let is_post = page.strip_prefix(dist).is_ok_and(|p| p.starts_with(fumi_content::layout::POSTS_DIR));
        let sources = if is_post { &on_posts } else { everywhere };
        if sources.is_empty() {
            continue;
        }
        let html = std::fs::read_to_string(&page)?;
        std::fs::write(&page, with_sources(&html, sources))?;
    }
    let headers = dist.join("_headers");
    if headers.exists() {
        let text = std::fs::read_to_string(&headers)?;
        std::fs::write(&headers, with_sources(&text, &on_posts))?;
    }
    Ok(())
}

/// `text` (a page, `_headers`) with each policy in it (a `<meta>`'s content, a
/// header's value) allowing `sources`; the rest of the text untouched, however much
/// it talks about policies.
fn with_sources(text: &str, sources: &[Source]) -> String {
    let mut out = String::with_capacity(text.len() + 200);
    let mut rest = text;
    loop {
        let found = [("http-equiv=\"Content-Security-Policy\" content=\"", '"'), ("Content-Security-Policy: ", '\n')]
            .into_iter()
            .filter_map(|(marker, end)| rest.find(marker).map(|at| (at + marker.len(), end)))
            .min();
        let Some((start, end)) = found else { break };
        let Some(length) = rest[start..].find(end) else { break };
        out.push_str(&rest[..start]);
        out.push_str(&widened(&rest[start..start + length], sources));
        rest = &rest[start + length..];
    }
    out.push_str(rest);
    out
}

/// `policy` with `sources` added to their directives; a directive it lacks is added
/// before `object-src`.
fn widened(policy: &str, sources: &[Source]) -> String {
    let mut directives: Vec<String> =
        policy.split(';').map(str::trim).filter(|d| !d.is_empty()).map(str::to_owned).collect();
    for (name, source) in sources {
        match directives.iter_mut().find(|d| d.split_whitespace().next() == Some(name)) {
            Some(directive) => {
                if !directive.split_whitespace().any(|s| s == source) {
                    directive.push(' ');
                    directive.push_str(source);
                }
            }
            None => {
                let at = directives.iter().position(|d| d.starts_with("object-src")).unwrap_or(directives.len());
                directives.insert(at, format!("{name} {source}"));
            }
        }
    }
    directives.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_widen_only_post_pages_and_analytics_every_page() {
        let dist = tempfile::tempdir().unwrap();
        let page = |body: &str| {
            format!(
                "<head><meta http-equiv=\"Content-Security-Policy\" content=\"{}\" /></head><body>{body}</body>",
                meta_policy()
            )
        };
        std::fs::create_dir_all(dist.path().join("posts/a")).unwrap();
        std::fs::create_dir_all(dist.path().join("tags")).unwrap();
        // A post that talks about policies keeps its words as written.
        let talk = "<p>Content-Security-Policy: script-src 'self'; object-src 'none'</p>";
        for file in ["posts/a.html", "posts/a/index.html"] {
            std::fs::write(dist.path().join(file), page(talk)).unwrap();
        }
        for file in ["index.html", "tags/x.html", "404.html"] {
            std::fs::write(dist.path().join(file), page("")).unwrap();
        }
        std::fs::write(
            dist.path().join("_headers"),
            format!("/*\n  Content-Security-Policy: {POLICY}\n/x\n  Cache-Control: no\n"),
        )
        .unwrap();
        let comments = fumi_content::sharing::Comments {
            provider: Some(fumi_content::sharing::CommentProvider::Giscus),
            ..Default::default()
        };
        let analytics = crate::analytics::Settings {
            provider: Some(crate::analytics::Provider::Plausible),
            domain: "blog.example".into(),
            ..Default::default()
        };
        allow_services(dist.path(), &analytics.sources(), &comment_sources(&comments)).unwrap();
        let read = |file: &str| std::fs::read_to_string(dist.path().join(file)).unwrap();
        let counted = "script-src 'self' 'wasm-unsafe-eval' https://plausible.io";
        for file in ["posts/a.html", "posts/a/index.html"] {
            let post = read(file);
            assert!(
                post.contains(&format!("{counted} https://giscus.app; style-src 'self' https://giscus.app;")),
                "{post}"
            );
            assert!(post.contains("connect-src 'self' https://plausible.io;"), "{post}");
            assert!(post.contains("frame-src https://giscus.app; object-src 'none'"), "{post}");
            assert!(post.contains(talk), "the post's text is not a policy: {post}");
        }
        for file in ["index.html", "tags/x.html", "404.html"] {
            let other = read(file);
            assert!(other.contains(&format!("{counted}; style-src 'self';")), "{file}: {other}");
            assert!(!other.contains("giscus") && !other.contains("frame-src"), "{file}: {other}");
        }
        let headers = read("_headers");
        assert!(headers.contains(&format!("{counted} https://giscus.app;")), "{headers}");
        assert!(headers.contains("frame-src https://giscus.app; object-src 'none';"), "{headers}");
        assert!(headers.ends_with("frame-ancestors 'self'\n/x\n  Cache-Control: no\n"), "{headers}");
    }

    #[test]
    fn each_provider_brings_its_own_sources() {
        use fumi_content::sharing::{CommentProvider, Comments};
        let with = |provider| Comments { provider: Some(provider), ..Comments::default() };
        assert!(comment_sources(&Comments::default()).is_empty());
        assert!(comment_sources(&with(CommentProvider::Links)).is_empty(), "links load nothing");
        let utterances = comment_sources(&with(CommentProvider::Utterances));
        assert_eq!(utterances[0], ("script-src", "https://utteranc.es".to_owned()));
        assert_eq!(utterances[1], ("frame-src", "https://utteranc.es".to_owned()));
        assert_eq!(utterances[2], ("style-src", UTTERANCES_STYLE.to_owned()), "its inline style, by hash");
        assert_eq!(
            widened("a 'self'; object-src 'none'", &utterances[..1]),
            "a 'self'; script-src https://utteranc.es; object-src 'none'"
        );
    }

    #[test]
    fn each_page_allows_exactly_the_players_it_offers() {
        let dist = tempfile::tempdir().unwrap();
        let page = |frames: &[&str]| {
            let cards: String =
                frames.iter().map(|f| format!("<figure class=\"embed\" data-frame=\"{f}\"></figure>")).collect();
            format!(
                "<head><meta http-equiv=\"Content-Security-Policy\" content=\"{}\" /></head><body>{cards}</body>",
                meta_policy()
            )
        };
        std::fs::create_dir_all(dist.path().join("posts")).unwrap();
        std::fs::write(
            dist.path().join("posts/talk.html"),
            page(&["https://www.youtube-nocookie.com/embed/a", "https://speakerdeck.com/player/b"]),
        )
        .unwrap();
        std::fs::write(dist.path().join("posts/plain.html"), page(&[])).unwrap();
        std::fs::write(dist.path().join("posts/odd.html"), page(&["https://evil.example/x"])).unwrap();
        std::fs::write(dist.path().join("_headers"), format!("/*\n  Content-Security-Policy: {POLICY}\n")).unwrap();
        let origins = allow_players(dist.path()).unwrap();
        assert_eq!(origins, ["https://speakerdeck.com", "https://www.youtube-nocookie.com"]);
        let talk = std::fs::read_to_string(dist.path().join("posts/talk.html")).unwrap();
        assert!(
            talk.contains("frame-src https://www.youtube-nocookie.com https://speakerdeck.com; object-src 'none'"),
            "{talk}"
        );
        let plain = std::fs::read_to_string(dist.path().join("posts/plain.html")).unwrap();
        assert!(!plain.contains("frame-src"), "{plain}");
        let odd = std::fs::read_to_string(dist.path().join("posts/odd.html")).unwrap();
        assert!(!odd.contains("frame-src"), "an unknown host is never allowed: {odd}");
        let headers = std::fs::read_to_string(dist.path().join("_headers")).unwrap();
        assert!(
            headers.contains("frame-src https://speakerdeck.com https://www.youtube-nocookie.com; object-src"),
            "{headers}"
        );
    }

    /// index.html as Trunk 0.21 writes it for `--public-url /blog/`.
    const INDEX: &str = "<!doctype html>\n<html lang=\"en\">\n  <head>\n    <meta charset=\"utf-8\" />\n    <base href=\"/blog/\" />\n    <script src=\"/blog/theme-8a509d3897d2c1fd.js\" integrity=\"sha384-x\"></script>\n<script type=\"module\">\nimport init, * as bindings from '/blog/fumi-fe41aa7c6284c926.js';\nconst wasm = await init({ module_or_path: '/blog/fumi-fe41aa7c6284c926_bg.wasm' });\n\n\nwindow.wasmBindings = bindings;\n\n\ndispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {detail: {wasm}}));\n\n</script>\n  <link rel=\"modulepreload\" href=\"/blog/fumi-fe41aa7c6284c926.js\" crossorigin=\"anonymous\"></head>\n  <body></body>\n</html>\n";

    #[test]
    fn the_start_script_moves_to_a_hashed_file_with_paths_relative_to_itself() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), INDEX).unwrap();
        let name = externalize_start_script(dir.path(), "/blog/", "null").unwrap().unwrap();
        assert!(name.starts_with("fumi-start-") && name.ends_with(".js") && name.len() == "fumi-start-.js".len() + 16);
        let script = std::fs::read_to_string(dir.path().join(&name)).unwrap();
        assert!(script.contains("new URL('./fumi-fe41aa7c6284c926.js', import.meta.url)"), "{script}");
        assert!(script.contains("new URL('./fumi-fe41aa7c6284c926_bg.wasm', import.meta.url)"), "{script}");
        let zoom = script.split("new URL('./").find_map(|s| s.strip_prefix("fumi-zoom-")).unwrap();
        let zoom = format!("fumi-zoom-{}", &zoom[..zoom.find('\'').unwrap()]);
        assert!(crate::hosting::is_hashed(&zoom) && dir.path().join(&zoom).is_file(), "{zoom}");
        assert!(!script.contains("__FUMI_"), "every name filled in: {script}");
        assert!(!script.contains("/blog/"), "no base path inside: {script}");

        let page = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
        // Loaded by the first-paint script once the first frame is drawn, not by an element.
        assert!(
            page.contains(&format!(
                "<script data-after-first-paint=\"/blog/{name}\" src=\"/blog/theme-8a509d3897d2c1fd.js\" integrity=\"sha384-x\"></script>"
            )),
            "{page}"
        );
        assert!(!page.contains("type=\"module\""), "no module script element: {page}");
        assert!(!page.contains("import init"), "no inline script left: {page}");
        assert!(!page.contains("fumi-fe41aa7c6284c926.js\" crossorigin"), "no preload of the app: {page}");
        assert_eq!(externalize_start_script(dir.path(), "/blog/", "null").unwrap(), None, "nothing left to move");
    }

    #[test]
    fn the_start_script_gets_the_page_counter_or_none() {
        let script = |analytics: &str| {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("index.html"), INDEX).unwrap();
            let name = externalize_start_script(dir.path(), "/blog/", analytics).unwrap().unwrap();
            std::fs::read_to_string(dir.path().join(name)).unwrap()
        };
        assert!(script("null").contains("const ANALYTICS = null;"));
        let counter = r#"{"data-domain":"blog.example","src":"https://plausible.io/js/script.js"}"#;
        let with_counter = script(counter);
        assert!(with_counter.contains(&format!("const ANALYTICS = {counter};")), "{with_counter}");
        assert!(with_counter.contains("navigator.doNotTrack !== '1'"), "Do Not Track is honoured: {with_counter}");
    }

    #[test]
    fn the_start_script_is_the_same_file_at_any_base() {
        let at_root = |html: &str| html.replace("/blog/", "/");
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        std::fs::write(a.path().join("index.html"), INDEX).unwrap();
        std::fs::write(b.path().join("index.html"), at_root(INDEX)).unwrap();
        let name_a = externalize_start_script(a.path(), "/blog/", "null").unwrap();
        let name_b = externalize_start_script(b.path(), "/", "null").unwrap();
        assert_eq!(name_a, name_b);
        let page = std::fs::read_to_string(b.path().join("index.html")).unwrap();
        assert!(page.contains(&format!("data-after-first-paint=\"/{}\"", name_b.unwrap())), "{page}");
    }

    #[test]
    fn a_page_without_the_first_paint_script_starts_from_a_module_script_element() {
        let dir = tempfile::tempdir().unwrap();
        let own = INDEX.replace("<script src=\"/blog/theme-8a509d3897d2c1fd.js\" integrity=\"sha384-x\"></script>", "");
        std::fs::write(dir.path().join("index.html"), own).unwrap();
        let name = externalize_start_script(dir.path(), "/blog/", "null").unwrap().unwrap();
        let page = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
        assert!(page.contains(&format!("<script type=\"module\" src=\"/blog/{name}\"></script>")), "{page}");
        assert!(!page.contains("import init"), "no inline script left: {page}");
    }

    #[test]
    fn classic_inline_scripts_are_left_alone() {
        let html = "<head><script>console.log('/blog/x.js')</script></head>";
        assert!(find_inline_module_script(html).is_none());
        let html = "<head><script type=\"module\" src=\"/a.js\"></script><script type=\"module\">x</script></head>";
        let span = find_inline_module_script(html).unwrap();
        assert_eq!(&html[span.body], "x");
    }

    #[test]
    fn the_meta_policy_is_the_header_policy_without_header_only_directives() {
        let meta = meta_policy();
        assert!(!meta.contains("frame-ancestors"), "{meta}");
        assert!(
            meta.starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self';"),
            "{meta}"
        );
        assert!(!POLICY.contains("unsafe-inline"));
        assert_eq!(meta.split("; ").count() + 1, POLICY.split("; ").count());
    }

    #[test]
    fn the_meta_goes_right_after_the_charset_once() {
        let page = with_meta(INDEX);
        let meta = page.find("http-equiv=\"Content-Security-Policy\"").unwrap();
        assert!(page.find("<meta charset").unwrap() < meta);
        assert!(meta < page.find("<script").unwrap(), "before every script");
        assert_eq!(with_meta(&page), page);
    }
}
