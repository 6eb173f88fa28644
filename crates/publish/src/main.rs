//! `fumi-publish`: the native half of fumi. It reads `posts/` and `fumi.toml`,
//! validates every post, and writes what the browser app fetches (the manifest, one
//! Markdown body and render hints per post, the search index) and, after Trunk, what
//! a host serves (a page per route, host files, the embed loader, feeds, compressed
//! copies). Also starts new posts and generates synthetic sites for the bench.
//!
//! This file is the command line: [`Command`] is what was asked, [`run`] does it, and
//! `main` turns the one [`Failure`] type into a message and an exit status.

mod analytics;
mod canonical_markup;
mod compress;
mod config;
mod content_hash;
mod csp;
mod diagrams;
mod embed_loader;
mod embeds;
mod fenced_lines;
mod formulas;
mod generate;
mod hints;
mod hosting;
mod image_variants;
mod import;
mod line_breaks;
mod module_scripts;
mod new_post;
mod offline;
mod people;
mod phrases;
mod preview_images;
mod publish;
mod redirects;
#[cfg(test)]
mod sample_pages;
mod site_files;
mod static_pages;
mod stylesheets;
mod text_encoding;
mod theme;
mod typography;
mod watch;
mod zenn_images;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use publish::{Mode, Outcome};

/// Exit status of a command line that cannot be run (`--help` shows the usage).
const USAGE_ERROR: u8 = 2;

const USAGE: &str = "\
fumi-publish — validate posts and write the files the fumi app fetches

USAGE:
    fumi-publish check [--root DIR] [--drafts] [--refresh-embeds]
    fumi-publish build --out DIR [--root DIR] [--drafts] [--keep-going] [--refresh-embeds]
    fumi-publish build --out DIR --site-root DIR [--root DIR] …
    fumi-publish new \"Title\" [--root DIR] [--lang ja|en] [--tags a,b]
    fumi-publish preview FILE [--port N]
    fumi-publish trunk-hook [--root DIR]
    fumi-publish trunk-post-build [--root DIR]
    fumi-publish watch --site-root DIR [--root DIR] [--refresh-embeds]
    fumi-publish import hatena|wordpress|zenn|qiita PATH [--root DIR] [--overwrite] [--fetch-images]
    fumi-publish generate --posts N --out DIR [--seed S] [--per-page N]

COMMANDS:
    check        Validate every post; print problems as file:line: field: message.
    build        Validate, then write DIR/manifest.json and DIR/<slug>.md.
    new          Start a post: write posts/<slug>.md (the slug made from the title)
                 with today's date and `draft: true`; never overwrites a file.
    preview      Check one post (a draft, say) and print the address the dev server
                 shows it at; `./scripts/fumi preview FILE` then starts the dev server.
    trunk-post-build
                 For Trunk's post_build hook: puts fumi's start script
                 (fumi-start-<hash>.js, which loads the app off the critical path)
                 in place of Trunk's inline one, writes 404.html, _redirects and _headers
                 next to index.html so deep links work on static hosts, and embed.js,
                 the stable loader that embeds the blog in another site's page; in a release
                 build also the Content-Security-Policy (in _headers and a <meta> in
                 every page), static pages, the offline service worker (sw.js, with
                 offline.json and manifest.webmanifest; `[offline]` in fumi.toml),
                 and a .br and .gz copy of every text file over 1 KiB.
    trunk-hook   `build` for Trunk's pre_build hook (also writes the feeds, sitemap and
                 robots.txt at the site root): writes into $TRUNK_STAGING_DIR/posts;
                 a debug build (trunk serve) shows drafts and reports problems in the app,
                 a release build leaves drafts and scheduled posts out and fails on any
                 problem.
    import       Bring a blog's posts into posts/: from Hatena Blog (its export
                 file; HTML, Hatena notation and Markdown bodies), WordPress (its
                 WXR export file), Zenn (a repository: articles/*.md and images/)
                 or Qiita (a qiita-cli folder: public/*.md), with their slugs, dates,
                 tags and drafts. Old addresses go into redirects.txt, which a
                 release build turns into redirects. Prints what became of each post
                 and its visible characters before and after; exit 1 if any was
                 skipped. Never writes over a post edited since its import unless
                 --overwrite.
    watch        For ./scripts/serve: publish the posts again into DIR/posts whenever
                 one is saved, added or deleted (drafts shown, problems in the page),
                 and bump DIR/posts/dev.json, which the open page polls to refresh
                 in place. Runs until stopped.
    generate     Write a synthetic project (fumi.toml + posts/) of N mixed Japanese and
                 English posts into DIR, for benchmarks and tests; same seed, same site.

OPTIONS:
    --root DIR     Project root holding fumi.toml and posts/ (default: $FUMI_ROOT, else .)
    --out DIR      Output folder
    --site-root DIR  build: also write feeds, sitemap.xml and robots.txt there
    --drafts       Include posts marked `draft: true` and posts dated after today
    --keep-going   Publish the valid posts even if others have problems (exit 0)
    --refresh-embeds
                   Fetch every link card, code embed and media card again instead of
                   taking it from posts/.embeds/ (the cache committed with the posts)
    --overwrite    import: replace posts edited since their import
    --fetch-images import: download remote images into public/images/imported/
                   and link the posts to them (non-images and failures stay remote)
    --port N       preview: the dev server's port (default: 8080)
    --posts N      generate: number of posts
    --seed S       generate: seed of the generator (default: 1)
    --per-page N   generate: posts_per_page of the generated fumi.toml (default: 10)
    --lang L       new: the post's language (default: detected from the title,
                   else the site's)
    --tags a,b     new: the post's tags, separated by commas

ENVIRONMENT:
    FUMI_TODAY=YYYY-MM-DD  The day to build for (default: today, UTC). Posts dated
                   later are scheduled: release builds leave them out until then,
                   the dev server shows them. `new` dates posts with it.
    FUMI_OFFLINE=1 Never touch the network for embeds: URLs in posts/.embeds/ become
                   cards, any other stays a plain link (with a warning).
";

/// One command of the command line, with its arguments.
enum Command {
    Check {
        root: PathBuf,
        mode: Mode,
    },
    Build {
        root: PathBuf,
        out: PathBuf,
        site_root: Option<PathBuf>,
        mode: Mode,
    },
    New {
        root: PathBuf,
        post: new_post::NewPost,
    },
    /// Check one post and say where the dev server (on `port`) shows it.
    Preview {
        file: PathBuf,
        port: u16,
    },
    /// `build` as Trunk's pre-build hook, with its folders from Trunk's environment.
    TrunkHook {
        root: PathBuf,
    },
    TrunkPostBuild {
        root: PathBuf,
    },
    Watch {
        root: PathBuf,
        site_root: PathBuf,
        embeds: embeds::Network,
    },
    Import(import::Options),
    Generate {
        out: PathBuf,
        spec: generate::Spec,
    },
    Help,
}

/// Why a command stopped.
enum Failure {
    /// The command line cannot be run: said with the usage, exit status 2.
    Usage(String),
    /// Posts have problems, already reported one per line: exit status 1.
    Problems,
    /// Anything else: `error: …`, exit status 1.
    Error(String),
}

impl From<lexopt::Error> for Failure {
    fn from(e: lexopt::Error) -> Self {
        Failure::Usage(e.to_string())
    }
}

fn parse_command(mut parser: lexopt::Parser) -> Result<Command, Failure> {
    use lexopt::prelude::*;
    let name = match parser.next()? {
        Some(Value(name)) => name.string()?,
        Some(Short('h') | Long("help")) => return Ok(Command::Help),
        None => return Err(Failure::Usage("missing command".into())),
        Some(other) => return Err(other.unexpected().into()),
    };
    // The project: `--root`, else $FUMI_ROOT (how ./scripts/serve points Trunk's hooks
    // at another project), else here.
    let mut root = std::env::var_os("FUMI_ROOT").map_or_else(|| PathBuf::from("."), PathBuf::from);
    let mut out = None;
    let mut site_root = None;
    let mut mode = Mode::default();
    let mut spec = generate::Spec { posts: 0, seed: 1, posts_per_page: 10 };
    let mut posts = None;
    let mut post = new_post::NewPost::default();
    let mut title = None;
    let mut overwrite = false;
    let mut fetch_images = false;
    let mut refresh_embeds = false;
    let mut port: Option<u16> = None;
    let mut import_args: Vec<String> = Vec::new();
    // Each option is accepted only by the commands that use it.
    let takes = |option: &str| -> bool {
        match name.as_str() {
            "check" => matches!(option, "root" | "drafts" | "refresh-embeds"),
            "build" => matches!(option, "root" | "out" | "site-root" | "drafts" | "keep-going" | "refresh-embeds"),
            "new" => matches!(option, "root" | "lang" | "tags"),
            "preview" => option == "port",
            "trunk-hook" | "trunk-post-build" => option == "root",
            "watch" => matches!(option, "root" | "site-root" | "refresh-embeds"),
            "import" => matches!(option, "root" | "overwrite" | "fetch-images"),
            "generate" => matches!(option, "out" | "posts" | "seed" | "per-page"),
            _ => false,
        }
    };
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help),
            Long(option) if !takes(option) => {
                return Err(Failure::Usage(format!("`{name}` takes no option --{option}")));
            }
            Long("root") => root = parser.value()?.into(),
            Long("out") => out = Some(parser.value()?.into()),
            Long("site-root") => site_root = Some(parser.value()?.into()),
            Long("drafts") => mode.drafts = true,
            Long("keep-going") => mode.keep_going = true,
            Long("overwrite") => overwrite = true,
            Long("fetch-images") => fetch_images = true,
            Long("refresh-embeds") => refresh_embeds = true,
            Long("posts") => posts = Some(parser.value()?.parse()?),
            Long("port") => port = Some(parser.value()?.parse()?),
            Long("seed") => spec.seed = parser.value()?.parse()?,
            Long("per-page") => spec.posts_per_page = parser.value()?.parse()?,
            Long("lang") => post.lang = Some(parser.value()?.string()?),
            Long("tags") => post.tags = new_post::NewPost::parse_tags(&parser.value()?.string()?),
            Value(v) if (name == "new" || name == "preview") && title.is_none() => title = Some(v.string()?),
            Value(v) if name == "import" && import_args.len() < 2 => import_args.push(v.string()?),
            _ => return Err(arg.unexpected().into()),
        }
    }
    mode.embeds = embeds::Network::from_env(refresh_embeds);
    let needs = |what: &str| Failure::Usage(format!("`{name}` needs {what}"));
    Ok(match name.as_str() {
        "check" => Command::Check { root, mode },
        "build" => Command::Build { root, out: out.ok_or_else(|| needs("--out DIR"))?, site_root, mode },
        "new" => {
            post.title = title.ok_or_else(|| needs("a title: fumi-publish new \"My first post\""))?;
            Command::New { root, post }
        }
        "preview" => Command::Preview {
            file: title.ok_or_else(|| needs("a post file: fumi-publish preview posts/my-draft.md"))?.into(),
            port: port.unwrap_or(8080),
        },
        "trunk-hook" => Command::TrunkHook { root },
        "trunk-post-build" => Command::TrunkPostBuild { root },
        "import" => {
            let [source, from] = <[String; 2]>::try_from(import_args)
                .map_err(|_| needs("a source and a path: fumi-publish import zenn ../my-zenn-repo"))?;
            let source = import::Source::parse(&source).ok_or_else(|| {
                Failure::Usage(format!("unknown source `{source}` (hatena, wordpress, zenn or qiita)"))
            })?;
            Command::Import(import::Options { source, from: from.into(), root, overwrite, fetch_images })
        }
        "watch" => {
            Command::Watch { root, site_root: site_root.ok_or_else(|| needs("--site-root DIR"))?, embeds: mode.embeds }
        }
        "generate" => {
            spec.posts = posts.ok_or_else(|| needs("--posts N"))?;
            Command::Generate { out: out.ok_or_else(|| needs("--out DIR"))?, spec }
        }
        other => return Err(Failure::Usage(format!("unknown command `{other}`"))),
    })
}

fn main() -> ExitCode {
    let outcome = parse_command(lexopt::Parser::from_env()).and_then(run);
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("fumi-publish: {message}\n\n{USAGE}");
            ExitCode::from(USAGE_ERROR)
        }
        Err(Failure::Problems) => ExitCode::FAILURE,
        Err(Failure::Error(message)) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// A variable Trunk sets for its hooks.
fn trunk_env(name: &str, command: &str) -> Result<String, Failure> {
    std::env::var(name).map_err(|_| Failure::Usage(format!("{command} runs inside Trunk, which sets {name}")))
}

fn trunk_release() -> bool {
    std::env::var("TRUNK_PROFILE").is_ok_and(|p| p == "release")
}

fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Help => {
            print!("{USAGE}");
            Ok(())
        }
        Command::Check { root, mode } => {
            let outcome = publish_reported(&root, mode)?;
            let map_errors = redirects::read(&root).err().unwrap_or_default();
            for error in &map_errors {
                eprintln!("error: {error}");
            }
            if outcome.problems.is_empty() && map_errors.is_empty() {
                Ok(())
            } else {
                Err(Failure::Problems)
            }
        }
        Command::Build { root, out, site_root, mode } => build(&root, &out, site_root.as_deref(), mode),
        Command::TrunkHook { root } => {
            let staging = PathBuf::from(trunk_env("TRUNK_STAGING_DIR", "trunk-hook")?);
            // A debug build (trunk serve) shows drafts and reports problems in the
            // app; a release build leaves drafts out and fails on any problem.
            let release = trunk_release();
            if release {
                let site = config::load(&root).map_err(Failure::Error)?;
                if let Some(warning) = config::check_release_base_url(&site.base_url).map_err(Failure::Error)? {
                    eprintln!("warning: {warning}");
                }
            }
            let mode = Mode { drafts: !release, keep_going: !release, embeds: embeds::Network::from_env(false) };
            build(&root, &staging.join(fumi_content::layout::POSTS_DIR), Some(&staging), mode)
        }
        Command::TrunkPostBuild { root } => {
            let staging = PathBuf::from(trunk_env("TRUNK_STAGING_DIR", "trunk-post-build")?);
            let public_url = trunk_env("TRUNK_PUBLIC_URL", "trunk-post-build")?;
            let config = config::load_all(&root).map_err(Failure::Error)?;
            let release = trunk_release();
            let summary = post_build(&staging, &public_url, release, &root, &config)
                .map_err(|e| Failure::Error(format!("writing host files into {}: {e}", staging.display())))?;
            eprintln!("fumi-publish: {summary}");
            if release {
                // After the pages: an old path may not be one of them.
                let map = redirects::read(&root).map_err(|errors| Failure::Error(errors.join("\n")))?;
                let (warnings, written) =
                    redirects::write(&staging, &map, &hosting::base_path(&public_url), &config.site.base_url)
                        .map_err(Failure::Error)?;
                for warning in warnings {
                    eprintln!("warning: {warning}");
                }
                if written > 0 {
                    eprintln!("fumi-publish: {written} old addresses redirected ({})", redirects::FILE);
                }
            }
            Ok(())
        }
        Command::Import(options) => {
            let summary = import::import(&options).map_err(Failure::Error)?;
            print!("{}", import::report(&summary));
            if summary.entries.iter().any(|e| matches!(e.outcome, import::Outcome::Skipped { .. })) {
                Err(Failure::Problems)
            } else {
                Ok(())
            }
        }
        Command::Watch { root, site_root, embeds } => {
            // As the dev server's own build publishes: drafts shown, problems in the page.
            let mode = Mode { drafts: true, keep_going: true, embeds };
            let posts = site_root.join(fumi_content::layout::POSTS_DIR);
            eprintln!("fumi-publish: watching {} for changes", root.join(fumi_content::layout::POSTS_DIR).display());
            watch::run(&root, &site_root, || {
                build(&root, &posts, Some(&site_root), mode).map_err(|failure| match failure {
                    Failure::Usage(message) | Failure::Error(message) => message,
                    Failure::Problems => "posts have problems (above)".into(),
                })
            })
        }
        Command::Generate { out, spec } => {
            generate::write_site(spec, &out).map_err(|e| Failure::Error(format!("writing {}: {e}", out.display())))?;
            eprintln!("fumi-publish: generated {} posts → {}", spec.posts, out.display());
            Ok(())
        }
        Command::Preview { file, port } => preview(&file, port),
        Command::New { root, post } => {
            let path =
                publish::today().and_then(|today| new_post::create(&root, &post, today)).map_err(Failure::Error)?;
            println!("{}", path.strip_prefix(".").unwrap_or(&path).display());
            Ok(())
        }
    }
}

/// Reads and validates the site, printing its warnings and problems.
/// `preview`: the post's problems as `check` reports them, else the address the dev
/// server on `port` (which shows drafts and scheduled posts) serves it at.
fn preview(file: &Path, port: u16) -> Result<(), Failure> {
    let name = file.display().to_string();
    let source = std::fs::read_to_string(file).map_err(|e| Failure::Error(format!("{name}: {e}")))?;
    match fumi_content::front_matter::parse(&source) {
        Err(errors) => {
            for e in errors {
                let field = e.field.map(|f| format!("{f}: ")).unwrap_or_default();
                eprintln!("error: {name}:{}: {field}{}", e.line, e.message);
            }
            Err(Failure::Problems)
        }
        Ok(post) => {
            let fm = post.front_matter;
            let Some(slug) = publish::slug_of(file, fm.slug) else {
                eprintln!("error: {name}:1: slug: the file name has no letters or digits to make a URL from");
                return Err(Failure::Problems);
            };
            let state = if fm.draft { "a draft: only the dev server shows it" } else { "published with the site" };
            eprintln!("{name}: \"{}\", {state}", fm.title);
            // The dev server's own address (Trunk.toml's), whatever base_url says.
            println!("http://127.0.0.1:{port}/{}", fumi_content::url::post_path(&slug));
            Ok(())
        }
    }
}

fn publish_reported(root: &Path, mode: Mode) -> Result<Outcome, Failure> {
    let outcome = publish::publish(root, mode).map_err(Failure::Error)?;
    report(&outcome);
    Ok(outcome)
}

/// Validates, then writes the manifest, bodies, hints and search index into `out`,
/// and the feeds, sitemap and robots.txt into `site_root` if given. With problems,
/// writes nothing unless `mode.keep_going`.
fn build(root: &Path, out: &Path, site_root: Option<&Path>, mode: Mode) -> Result<(), Failure> {
    let started = Instant::now();
    let outcome = publish_reported(root, mode)?;
    if !outcome.problems.is_empty() && !mode.keep_going {
        eprintln!("fumi-publish: nothing written; fix the problems above (or pass --keep-going)");
        return Err(Failure::Problems);
    }
    publish::write(&outcome, out).map_err(|e| Failure::Error(format!("writing {}: {e}", out.display())))?;
    if let Some(site_root) = site_root {
        site_files::write(&outcome, site_root)
            .map_err(|e| Failure::Error(format!("writing feeds and sitemap into {}: {e}", site_root.display())))?;
    }
    eprintln!(
        "fumi-publish: {} posts → {} in {} ms",
        outcome.manifest.posts.len(),
        out.display(),
        started.elapsed().as_millis()
    );
    Ok(())
}

/// What `trunk-post-build` does, in an order that matters: Trunk's inline start-up
/// script gives way to fumi's start script (a file of its own, loading the wasm off
/// the critical path) and a release build's `index.html` gets the
/// Content-Security-Policy, before `index.html` serves as the template of every other
/// page; then a release build gets a page per route, rendered by the app's own
/// components, and finally `.br`/`.gz` copies of everything. `trunk serve` skips the
/// policy (its live-reload script is inline), the pages (the app renders every route
/// itself there) and the slow compression.
fn post_build(
    dist: &Path,
    public_url: &str,
    release: bool,
    root: &Path,
    config: &config::Config,
) -> std::io::Result<String> {
    let offline = &config.offline;
    // Trunk has copied the site's images as they were saved: nothing a camera wrote
    // into them (the GPS position above all) is published.
    let stripped = image_variants::strip_all(dist).map_err(std::io::Error::other)?;
    // The dev server counts no page views: they would be the author's own.
    let analytics = if release { config.analytics.start_script_config() } else { "null".into() };
    csp::externalize_start_script(dist, public_url, &analytics)?;
    // Before the site's own sheets join them, and before any copy is made of them.
    let css_saved = if release { stylesheets::minify_all(dist)? } else { 0 };
    // Before index.html is copied to other pages and read by the embed loader.
    theme::write(dist, public_url, root, &config.theme, config.favicon.as_deref())?;
    if release {
        csp::add_meta(&dist.join("index.html"))?;
        offline::add_to_template(dist, offline, &config.theme.backgrounds())?;
    } else {
        watch::add_live_preview(dist)?;
    }
    hosting::write(dist, public_url, release.then_some(csp::POLICY))?;
    embed_loader::write(dist)?;
    let stripped = match stripped {
        0 => String::new(),
        n => format!(", metadata removed from {n} image{}", if n == 1 { "" } else { "s" }),
    };
    if !release {
        return Ok(format!("404.html, _redirects, _headers, embed.js, the live preview script{stripped}"));
    }
    let pages = static_pages::write(dist, public_url)?;
    csp::allow_players(dist)?;
    csp::allow_services(dist, &config.analytics.sources(), &csp::comment_sources(&config.comments))?;
    let mut compressed = compress::precompress(dist)?;
    // After the compression: the sizes it lists are those of the compressed copies.
    for file in offline::write(dist, offline, &pages, &config.theme.backgrounds())? {
        if std::fs::metadata(&file)?.len() >= compress::MIN_SIZE {
            compress::compress_file(&file)?;
            compressed += 1;
        }
    }
    let worker = if offline.enabled { "the offline worker" } else { "a worker that removes itself" };
    Ok(format!(
        "404.html, _redirects, _headers, embed.js, {} rendered pages, {worker}, stylesheets {:.1} KB smaller, {compressed} files pre-compressed{stripped}",
        pages.len(),
        css_saved as f64 / 1000.0
    ))
}

fn report(outcome: &Outcome) {
    for warning in &outcome.warnings {
        eprintln!("warning: {warning}");
    }
    for problem in &outcome.problems {
        eprintln!("error: {problem}");
    }
    if !outcome.problems.is_empty() {
        let n = outcome.problems.len();
        eprintln!("fumi-publish: {n} problem{} found", if n == 1 { "" } else { "s" });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Command, Failure> {
        parse_command(lexopt::Parser::from_args(args.iter().copied()))
    }

    fn usage_error(args: &[&str]) -> String {
        match parse(args) {
            Err(Failure::Usage(message)) => message,
            _ => panic!("{args:?} should be a usage error"),
        }
    }

    #[test]
    fn each_command_takes_its_own_arguments() {
        assert!(matches!(
            parse(&["build", "--out", "d", "--keep-going", "--root", "r"]),
            Ok(Command::Build { out, mode: Mode { keep_going: true, drafts: false, .. }, root, site_root: None })
                if out == Path::new("d") && root == Path::new("r")
        ));
        assert!(matches!(
            parse(&["generate", "--posts", "3", "--out", "o", "--seed", "7"]),
            Ok(Command::Generate { spec: generate::Spec { posts: 3, seed: 7, posts_per_page: 10 }, .. })
        ));
        assert!(matches!(parse(&["new", "日本語のタイトル", "--tags", "a, b"]),
            Ok(Command::New { post, .. }) if post.title == "日本語のタイトル" && post.tags == ["a", "b"]));
        assert!(matches!(parse(&["check", "--help"]), Ok(Command::Help)));
    }

    #[test]
    fn a_wrong_command_line_says_what_is_wrong() {
        assert_eq!(usage_error(&["check", "--out", "x"]), "`check` takes no option --out");
        assert_eq!(usage_error(&["build"]), "`build` needs --out DIR");
        assert_eq!(usage_error(&["generate", "--out", "o"]), "`generate` needs --posts N");
        assert_eq!(usage_error(&["publish"]), "unknown command `publish`");
        assert_eq!(usage_error(&[]), "missing command");
        assert!(usage_error(&["generate", "--posts", "many", "--out", "o"]).contains("many"));
    }
}
