//! The resolver against a local web server standing in for the web: pages in three
//! encodings, redirects, a server that never answers, a huge page, hostile text,
//! oEmbed endpoints, a raw file, the cache and offline mode.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::card::{Embed, EmbedKind};
use image::ImageFormat;

use super::*;

/// One answer of the test server.
struct Answer {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Answer {
    Answer { status: 200, headers: vec![("content-type", content_type.to_owned())], body: body.into() }
}

fn html(body: &str) -> Answer {
    ok("text/html; charset=utf-8", body)
}

fn redirect(to: &str) -> Answer {
    Answer { status: 302, headers: vec![("location", to.to_owned())], body: Vec::new() }
}

/// A web server on 127.0.0.1 answering each request with `route(path)`; it counts
/// requests, remembers their paths, and notes whether every answer was sent whole.
struct Server {
    origin: String,
    requests: Arc<AtomicUsize>,
    paths: Arc<Mutex<Vec<String>>>,
    cut_short: Arc<AtomicBool>,
}

impl Server {
    fn start(route: impl Fn(&str, &str) -> Answer + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(AtomicUsize::new(0));
        let paths = Arc::new(Mutex::new(Vec::new()));
        let cut_short = Arc::new(AtomicBool::new(false));
        let (count, seen, cut, base) = (requests.clone(), paths.clone(), cut_short.clone(), origin.clone());
        let route = Arc::new(route);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let path = read_request_path(&mut stream);
                count.fetch_add(1, Ordering::SeqCst);
                seen.lock().unwrap().push(path.clone());
                let answer = route(&path, &base);
                let mut head = format!(
                    "HTTP/1.1 {} X\r\ncontent-length: {}\r\nconnection: close\r\n",
                    answer.status,
                    answer.body.len()
                );
                for (name, value) in &answer.headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str("\r\n");
                let sent = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(&answer.body));
                if sent.is_err() {
                    cut.store(true, Ordering::SeqCst);
                }
            }
        });
        Server { origin, requests, paths, cut_short }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

fn read_request_path(stream: &mut TcpStream) -> String {
    let mut request = Vec::new();
    let mut buffer = [0; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => request.extend_from_slice(&buffer[..n]),
        }
    }
    String::from_utf8_lossy(&request).split_whitespace().nth(1).unwrap_or("/").to_owned()
}

/// A project folder with its posts folder, and a resolver on it whose services all
/// live on `server`.
fn resolver_for(server: &Server, network: Network) -> (tempfile::TempDir, Resolver) {
    let dir = tempfile::tempdir().unwrap();
    let limits = Limits { per_request: Duration::from_secs(1), per_url: Duration::from_secs(3), ..Limits::default() };
    let resolver = resolver_in_posts(server, network, limits, dir.path());
    (dir, resolver)
}

fn resolver_in_posts(server: &Server, network: Network, limits: Limits, posts: &Path) -> Resolver {
    let mut resolver = Resolver::with_limits(posts, network, "2030-01-02".into(), limits);
    let o = &server.origin;
    resolver.endpoints = providers::Endpoints {
        youtube: format!("{o}/oembed/youtube?format=json&url="),
        speakerdeck: format!("{o}/oembed/speakerdeck?url="),
        docswell: format!("{o}/oembed/docswell?url="),
        slideshare: format!("{o}/oembed/slideshare?url="),
        codepen: format!("{o}/oembed/codepen?url="),
        x: format!("{o}/oembed/x?url="),
    };
    resolver.raw_hosts = code::RawHosts { github: format!("{o}/raw"), gitlab: format!("{o}/gitlab") };
    resolver
}

/// Resolves one URL standing alone in a post: its embed, or the note on why not.
fn resolve_one(resolver: &mut Resolver, url: &str) -> Result<Embed, String> {
    let (embeds, notes) = resolver.resolve_post(&format!("前の段落\n\n{url}\n"));
    match (embeds.get(url), notes.as_slice()) {
        (Some(embed), []) => Ok(embed.clone()),
        (None, [note]) => {
            assert_eq!(note.offset, "前の段落\n\n".len(), "the note points at the URL's paragraph");
            Err(note.message.clone())
        }
        other => panic!("one embed or one note expected: {other:?}"),
    }
}

fn picture(width: u32, height: u32) -> Vec<u8> {
    images::tests::sample(width, height, ImageFormat::Png, 255)
}

const CARD_PAGE: &str = r#"<!doctype html><html><head><meta charset="utf-8">
<title>Fallback title</title>
<meta property="og:title" content="記事の題 &amp; more">
<meta property="og:description" content="  説明文です。
  二行目。 ">
<meta property="og:site_name" content="例のブログ">
<meta property="og:image" content="/images/card.png">
<link rel="icon" href="favicon.png">
</head><body><p>本文</p></body></html>"#;

#[test]
fn a_utf8_page_becomes_a_card_with_its_image_and_icon_stored() {
    let server = Server::start(|path, _| match path {
        "/blog/post" => html(CARD_PAGE),
        "/images/card.png" => ok("image/png", picture(1200, 630)),
        "/blog/favicon.png" => ok("image/png", picture(64, 64)),
        _ => Answer { status: 404, headers: vec![], body: b"no".to_vec() },
    });
    let (_dir, mut resolver) = resolver_for(&server, Network::FetchMissing);
    let embed = resolve_one(&mut resolver, &server.url("/blog/post")).unwrap();
    assert_eq!(embed.kind, EmbedKind::Link);
    assert_eq!(embed.title, "記事の題 & more");
    assert_eq!(embed.description, "説明文です。 二行目。");
    assert_eq!(embed.site, "例のブログ");
    let image = embed.image.expect("the card image");
    assert_eq!(image.size, [640, 336], "downsized to 640 wide");
    assert!(image.src.starts_with("embeds/") && image.src.ends_with(".jpg"), "{}", image.src);
    let icon = embed.icon.expect("the icon");
    assert!(icon.starts_with("embeds/") && icon.ends_with(".png"), "{icon}");
    let folder = resolver.cache.as_ref().unwrap().folder().to_owned();
    let stored = std::fs::read(folder.join(image.src.trim_start_matches("embeds/"))).unwrap();
    assert_eq!(image::guess_format(&stored).unwrap(), ImageFormat::Jpeg);
    assert_eq!(imagesize::blob_size(&std::fs::read(folder.join(&icon[7..])).unwrap()).unwrap().width, 32);
}

#[test]
fn shift_jis_named_in_the_header_and_euc_jp_named_only_in_a_meta_are_decoded() {
    let server = Server::start(|path, _| {
        let (page, encoding, header) = match path {
            "/sjis" => ("<title>x</title><meta property=og:title content=\"シフトJISの題\">", encoding_rs::SHIFT_JIS, "text/html; charset=Shift_JIS"),
            _ => (
                "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=EUC-JP\"><title>日本語の題（EUC-JP）</title>",
                encoding_rs::EUC_JP,
                "text/html",
            ),
        };
        ok(header, encoding.encode(page).0.into_owned())
    });
    let (_dir, mut resolver) = resolver_for(&server, Network::FetchMissing);
    assert_eq!(resolve_one(&mut resolver, &server.url("/sjis")).unwrap().title, "シフトJISの題");
    assert_eq!(resolve_one(&mut resolver, &server.url("/euc")).unwrap().title, "日本語の題（EUC-JP）");
}

#[test]
fn redirects_are_followed_and_relative_images_resolve_against_the_last_address() {
    let server = Server::start(|path, base| match path {
        "/old" => redirect("/older"),
        "/older" => redirect(&format!("{base}/new/page")),
        "/new/page" => html("<meta property='og:title' content='Moved'><meta property='og:image' content='card.png'>"),
        "/new/card.png" => ok("image/png", picture(320, 200)),
        _ => Answer { status: 404, headers: vec![], body: vec![] },
    });
    let (_dir, mut resolver) = resolver_for(&server, Network::FetchMissing);
    let embed = resolve_one(&mut resolver, &server.url("/old")).unwrap();
    assert_eq!(embed.title, "Moved");
    assert_eq!(embed.image.unwrap().size, [320, 200]);
    assert_eq!(*server.paths.lock().unwrap(), ["/old", "/older", "/new/page", "/new/card.png"]);
}

#[test]
fn a_redirect_loop_is_a_warning_not_a_hang() {
    let server = Server::start(|_, _| redirect("/loop"));
    let (_dir, mut resolver) = resolver_for(&server, Network::FetchMissing);
    let why = resolve_one(&mut resolver, &server.url("/loop")).unwrap_err();
    assert!(why.contains("more than 5 redirects") && why.ends_with("it stays a plain link"), "{why}");
    assert!(server.requests() <= 7, "{} requests", server.requests());
}

#[test]
fn a_server_that_never_answers_is_given_up_on_in_time() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/slow", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let held: Vec<TcpStream> = listener.incoming().take(2).flatten().collect();
        std::thread::sleep(Duration::from_secs(30));
        drop(held);
    });
    let server = Server::start(|_, _| html(""));
    let (_dir, mut resolver) = resolver_for(&server, Network::FetchMissing);
    let started = Instant::now();
    let why = resolve_one(&mut resolver, &url).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
    assert!(why.contains("no answer in time"), "{why}");
    // Remembered for the life of the process: the next publish (a save in `watch`)
    // does not wait again.
    let started = Instant::now();
    assert!(resolve_one(&mut resolver, &url).unwrap_err().contains("no answer in time"));
    assert!(started.elapsed() < Duration::from_millis(200));
}

#[test]
fn a_huge_page_is_read_only_up_to_the_limit() {
    let server = Server::start(|_, _| {
        let mut page = b"<html><head><meta property=og:title content='Big one'></head><body>".to_vec();
        page.resize(page.len() + 24 * 1024 * 1024, b'a');
        html(&String::from_utf8(page).unwrap())
    });
    let (_dir, mut resolver) = resolver_for(&server, Network::FetchMissing);
    assert_eq!(resolve_one(&mut resolver, &server.url("/big")).unwrap().title, "Big one");
    std::thread::sleep(Duration::from_millis(300));
    assert!(server.cut_short.load(Ordering::SeqCst), "the rest of the page was never read");
}

#[test]
fn a_missing_image_leaves_a_card_without_one() {
    let server = Server::start(|path, _| match path {
        "/page" => html("<title>No picture</title><meta property='og:image' content='/gone.png'>"),
        _ => Answer { status: 404, headers: vec![], body: b"not found".to_vec() },
    });
    let (_dir, mut resolver) = resolver_for(&server, Network::FetchMissing);
    let embed = resolve_one(&mut resolver, &server.url("/page")).unwrap();
    assert_eq!(embed.title, "No picture");
    assert_eq!(embed.image, None);
    assert!(embed.site.starts_with("127.0.0.1"), "the host stands in for a site name: {}", embed.site);
}

#[test]
fn hostile_text_comes_through_as_literal_text() {
    let server = Server::start(|_, _| {
        html(
            r#"<meta property="og:title" content="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &quot;quoted&quot;">
<meta property="og:description" content='<img src=x onerror="alert(1)">'>
<meta property="og:image" content="javascript:alert(1)">"#,
        )
    });
    let (_dir, mut resolver) = resolver_for(&server, Network::FetchMissing);
    let embed = resolve_one(&mut resolver, &server.url("/evil")).unwrap();
    assert_eq!(embed.title, "<script>alert(\"x\")</script> \"quoted\"");
    assert_eq!(embed.description, "<img src=x onerror=\"alert(1)\">");
    assert_eq!(embed.image, None, "a javascript: image is not fetched");
    assert_eq!(server.requests(), 1);
}

#[test]
fn a_page_that_is_not_html_or_not_there_stays_a_link() {
    let server = Server::start(|path, _| match path {
        "/file.pdf" => ok("application/pdf", b"%PDF-1.4".to_vec()),
        _ => Answer { status: 404, headers: vec![], body: vec![] },
    });
    let (_dir, mut resolver) = resolver_for(&server, Network::FetchMissing);
    assert!(resolve_one(&mut resolver, &server.url("/file.pdf"))
        .unwrap_err()
        .contains("not a web page (application/pdf)"));
    assert!(resolve_one(&mut resolver, &server.url("/gone")).unwrap_err().contains("the server answered 404"));
}

#[test]
fn youtube_videos_get_their_thumbnail_and_a_nocookie_player() {
    let server = Server::start(|path, base| {
        if path.starts_with("/oembed/youtube?") {
            let json = format!(
                r#"{{"title":"講演 <b>2024</b>","author_name":"チャンネル","provider_name":"YouTube","thumbnail_url":"{base}/vi/hq.jpg","html":"<iframe src=\"https://www.youtube.com/embed/x\"></iframe>"}}"#
            );
            ok("application/json", json)
        } else if path == "/vi/hq.jpg" {
            ok("image/jpeg", images::tests::sample(480, 360, ImageFormat::Jpeg, 255))
        } else {
            Answer { status: 404, headers: vec![], body: vec![] }
        }
    });
    let (_dir, mut resolver) = resolver_for(&server, Network::FetchMissing);
    let embed = resolve_one(&mut resolver, "https://youtu.be/dQw4w9WgXcQ?si=share").unwrap();
    assert_eq!(embed.kind, EmbedKind::Video);
    assert_eq!(embed.title, "講演 <b>2024</b>");
    assert_eq!(embed.site, "チャンネル");
    assert_eq!(embed.frame.as_deref(), Some("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"));
    assert_eq!(embed.image.unwrap().size, [480, 360]);
    let asked = server.paths.lock().unwrap()[0].clone();
    assert_eq!(asked, "/oembed/youtube?format=json&url=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3DdQw4w9WgXcQ");
}

#[test]
fn x_posts_are_quoted_as_text_without_a_player() {
    let server = Server::start(|_, _| {
        ok(
            "application/json",
            r#"{"author_name":"山田 太郎","author_url":"https://twitter.com/yamada","html":"<blockquote class=\"twitter-tweet\"><p lang=\"ja\" dir=\"ltr\">一行目 &amp; <a href=\"https://t.co/a\">#fumi</a><br>二行目<script>alert(1)</script></p>&mdash; 山田 太郎 (@yamada) <a href=\"https://twitter.com/yamada/status/1\">2024年1月1日</a></blockquote>\n<script async src=\"https://platform.twitter.com/widgets.js\"></script>"}"#,
        )
    });
    let (_dir, mut resolver) = resolver_for(&server, Network::FetchMissing);
    let embed = resolve_one(&mut resolver, "https://x.com/yamada/status/1234567890").unwrap();
    assert_eq!(embed.kind, EmbedKind::Post);
    assert_eq!(embed.title, "山田 太郎");
    assert_eq!(embed.site, "X");
    assert_eq!(embed.description, "一行目 & #fumi\n二行目");
    assert_eq!(embed.frame, None);
    assert!(
        server.paths.lock().unwrap()[0].starts_with("/oembed/x?url=https%3A%2F%2Fx.com%2Fyamada%2Fstatus%2F1234567890")
    );
}

#[test]
fn a_player_outside_the_allowed_hosts_is_refused() {
    let server = Server::start(|_, _| {
        ok("application/json", r#"{"title":"Deck","html":"<iframe src=\"https://evil.example/player\"></iframe>"}"#)
    });
    let (_dir, mut resolver) = resolver_for(&server, Network::FetchMissing);
    let why = resolve_one(&mut resolver, "https://www.docswell.com/s/user/K1-deck").unwrap_err();
    assert!(why.contains("no player"), "{why}");
}

#[test]
fn a_github_permalink_shows_its_lines_highlighted() {
    let server = Server::start(|path, _| match path {
        "/raw/o/r/0123abc/src/lib.rs" => {
            ok("text/plain", "// one\nfn two() {}\r\nfn three() -> &'static str { \"<3\" }\n// four\n")
        }
        _ => Answer { status: 404, headers: vec![], body: vec![] },
    });
    let (_dir, mut resolver) = resolver_for(&server, Network::FetchMissing);
    let embed = resolve_one(&mut resolver, "https://github.com/o/r/blob/0123abc/src/lib.rs#L2-L3").unwrap();
    assert_eq!(embed.kind, EmbedKind::Code);
    let code = embed.code.unwrap();
    assert_eq!((code.path.as_str(), code.first), ("src/lib.rs", 2));
    assert_eq!(code.text, "fn two() {}\nfn three() -> &'static str { \"<3\" }\n");
    assert_eq!(code.lang.as_deref(), Some("rust"));
    let highlighted = code.highlighted.unwrap();
    assert!(highlighted.contains("hl-") && highlighted.contains("&lt;3"), "{highlighted}");
    assert!(fumi_content::markdown::code_blocks::is_plain_markup(&highlighted), "{highlighted}");
}

#[test]
fn a_line_range_beyond_the_file_is_a_warning() {
    let server = Server::start(|_, _| ok("text/plain", "a\nb\n"));
    let (_dir, mut resolver) = resolver_for(&server, Network::FetchMissing);
    let why = resolve_one(&mut resolver, "https://gitlab.com/g/p/-/blob/main/x.txt#L5-9").unwrap_err();
    assert!(why.contains("the file has 2 lines, the link points to line 5"), "{why}");
    assert_eq!(*server.paths.lock().unwrap(), ["/gitlab/g/p/-/raw/main/x.txt"]);
}

#[test]
fn the_cache_answers_the_second_time_and_reads_well_in_a_diff() {
    let server = Server::start(|path, _| match path {
        "/a" => html(CARD_PAGE),
        "/images/card.png" => ok("image/png", picture(800, 400)),
        _ => Answer { status: 404, headers: vec![], body: vec![] },
    });
    let posts = tempfile::tempdir().unwrap();
    let limits = Limits { per_request: Duration::from_secs(2), ..Limits::default() };
    let url = server.url("/a");
    let body = format!("{url}\n\n<{url}>\n");
    let mut first = resolver_in_posts(&server, Network::FetchMissing, limits.clone(), posts.path());
    let (fetched, notes) = first.resolve_post(&body);
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(fetched.len(), 1, "one URL, twice in the post");
    first.save().unwrap();
    let requests = server.requests();
    assert_eq!(requests, 3, "the page, its image and its (missing) icon, once each");

    let index = std::fs::read_to_string(posts.path().join(".embeds/embeds.json")).unwrap();
    let image = fetched[&url].image.as_ref().unwrap();
    assert!(
        index.starts_with(&format!("{{\n  \"{url}\": {{\n    \"fetched\": \"2030-01-02\",\n    \"embed\": {{\n")),
        "{index}"
    );
    assert!(index.contains(&format!("\"src\": \"{}\"", image.src)) && index.ends_with("}\n"), "{index}");
    assert!(posts.path().join(".embeds").join(&image.src["embeds/".len()..]).exists());

    let mut second = resolver_in_posts(&server, Network::FetchMissing, limits.clone(), posts.path());
    let (cached, notes) = second.resolve_post(&body);
    assert!(notes.is_empty());
    assert_eq!(cached, fetched);
    assert_eq!(server.requests(), requests, "no request the second time");
    let modified = std::fs::metadata(posts.path().join(".embeds/embeds.json")).unwrap().modified().unwrap();
    second.save().unwrap();
    let after = std::fs::metadata(posts.path().join(".embeds/embeds.json")).unwrap().modified().unwrap();
    assert_eq!(modified, after, "an unchanged cache is not written (watch would see it)");

    let mut refresh = resolver_in_posts(&server, Network::Refresh, limits, posts.path());
    assert_eq!(refresh.resolve_post(&body).0, fetched);
    assert_eq!(server.requests(), requests + 3, "a refresh fetches again");
}

#[test]
fn offline_builds_use_the_cache_only_and_say_what_they_left_out() {
    let server = Server::start(|_, _| html(CARD_PAGE));
    let posts = tempfile::tempdir().unwrap();
    let cached = server.url("/cached");
    let folder = posts.path().join(cache::FOLDER);
    let mut cache = Cache::open(&folder).unwrap();
    let known = Embed { title: "From the cache".into(), ..Embed::default() };
    cache.insert(&cached, cache::Entry { fetched: "2024-01-01".into(), embed: known.clone() });
    cache.save().unwrap();

    let mut resolver = resolver_in_posts(&server, Network::Offline, Limits::default(), posts.path());
    let other = server.url("/other");
    let (embeds, notes) = resolver.resolve_post(&format!("{cached}\n\n{other}\n"));
    assert_eq!(embeds.get(&cached), Some(&known));
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0].message.starts_with(&format!("{other}: not in the embeds cache, and FUMI_OFFLINE=1")),
        "{notes:?}"
    );
    assert_eq!(server.requests(), 0, "no request at all");
}

#[test]
fn failures_are_not_cached() {
    let server = Server::start(|_, _| Answer { status: 500, headers: vec![], body: vec![] });
    let posts = tempfile::tempdir().unwrap();
    let mut resolver = resolver_in_posts(&server, Network::FetchMissing, Limits::default(), posts.path());
    assert!(resolve_one(&mut resolver, &server.url("/down")).is_err());
    resolver.save().unwrap();
    assert!(!posts.path().join(".embeds/embeds.json").exists());
}

#[test]
fn an_unreadable_cache_is_never_overwritten() {
    let server = Server::start(|_, _| html(CARD_PAGE));
    let posts = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(posts.path().join(".embeds")).unwrap();
    std::fs::write(posts.path().join(".embeds/embeds.json"), "{ broken").unwrap();
    let mut resolver = resolver_in_posts(&server, Network::FetchMissing, Limits::default(), posts.path());
    let why = resolve_one(&mut resolver, &server.url("/a")).unwrap_err();
    assert!(why.contains("the embeds cache is unreadable") && why.contains("embeds.json"), "{why}");
    resolver.save().unwrap();
    assert_eq!(std::fs::read_to_string(posts.path().join(".embeds/embeds.json")).unwrap(), "{ broken");
    assert_eq!(server.requests(), 0);
}

#[test]
fn used_images_are_copied_into_the_site() {
    let cache = tempfile::tempdir().unwrap();
    let stored = images::store_picture(&picture(10, 10), cache.path()).unwrap();
    let site = tempfile::tempdir().unwrap();
    copy_images(&[cache.path().join(&stored.file)], site.path()).unwrap();
    assert!(site.path().join(SITE_FOLDER).join(&stored.file).exists());
    let embed = Embed {
        image: Some(EmbedImage { src: format!("embeds/{}", stored.file), size: stored.size }),
        icon: Some("embeds/../../etc/passwd".into()),
        ..Embed::default()
    };
    assert_eq!(image_files(&embed), [stored.file], "only names the cache gives are copied");
}

#[test]
fn publishing_ships_cached_embeds_and_their_images_and_names_the_line_of_the_rest() {
    use crate::publish::{publish_on, write, Mode};
    let root = tempfile::tempdir().unwrap();
    let posts = root.path().join("posts");
    std::fs::create_dir_all(&posts).unwrap();
    let source = "---\ntitle: Cards\ndate: 2024-01-01\n---\nはじめに\n\nhttps://example.com/known\n\n@[card](https://example.com/unknown)\n\n@[youtube](dQw4w9WgXcQ)\n";
    std::fs::write(posts.join("cards.md"), source).unwrap();
    let mut cache = Cache::open(&posts.join(cache::FOLDER)).unwrap();
    let stored = images::store_picture(&picture(100, 50), cache.folder()).unwrap();
    let known = Embed {
        title: "Known".into(),
        image: Some(EmbedImage { src: format!("{SITE_FOLDER}/{}", stored.file), size: stored.size }),
        ..Embed::default()
    };
    cache.insert("https://example.com/known", cache::Entry { fetched: "2024-01-01".into(), embed: known.clone() });
    cache.save().unwrap();

    let mode = Mode { embeds: Network::Offline, ..Mode::default() };
    let outcome = publish_on(root.path(), mode, fumi_content::date::Date::parse("2024-02-01").unwrap()).unwrap();
    let post = &outcome.bodies[0];
    assert!(
        post.markdown.contains("\n\nhttps://example.com/unknown\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n"),
        "{}",
        post.markdown
    );
    assert_eq!(post.hints.drawings.len(), 2, "one drawing: its source, and it");
    let labels = fumi_content::Labels::for_language(&outcome.manifest.posts[0].lang);
    assert_eq!(
        post.hints.drawing(fumi_content::markdown::Drawn::Card("https://example.com/known")).unwrap(),
        card::html("https://example.com/known", &known, labels, &Highlighter::new())
    );
    let warnings: Vec<String> = outcome.warnings.iter().map(|w| format!("{}:{}", w.file, w.line)).collect();
    assert_eq!(warnings, ["posts/cards.md:9", "posts/cards.md:11"], "{:?}", outcome.warnings);
    assert!(outcome.warnings[0].message.starts_with("https://example.com/unknown: not in the embeds cache"));

    let site = root.path().join("site");
    write(&outcome, &site.join("posts")).unwrap();
    assert!(site.join("embeds").join(&stored.file).exists(), "the card's image is in the site");
    let hints = std::fs::read_to_string(site.join("posts/cards.hints.json")).unwrap();
    assert!(
        hints.contains("\"drawings\":[\"https://example.com/known\",\"<figure class=\\\"embed embed--link\\\">"),
        "{hints}"
    );
    assert!(hints.contains("<span class=\\\"embed__title\\\">Known</span>"), "{hints}");
}
