//! `fumi-publish`: the native half of fumi. It reads `posts/` and `fumi.toml`,
//! validates every post, and writes what the browser app fetches: the manifest and
//! one Markdown body per post.

mod compress;
mod config;
mod csp;
mod embed_loader;
mod generate;
mod hints;
mod hosting;
mod new_post;
mod publish;
#[cfg(test)]
mod sample_pages;
mod site_files;
mod static_pages;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use publish::{Mode, Outcome};

const USAGE: &str = "\
fumi-publish — validate posts and write the files the fumi app fetches

USAGE:
    fumi-publish check [--root DIR] [--drafts]
    fumi-publish build --out DIR [--root DIR] [--drafts] [--keep-going]
    fumi-publish build --out DIR --site-root DIR [--root DIR] …
    fumi-publish new \"Title\" [--root DIR] [--lang ja|en] [--tags a,b]
    fumi-publish trunk-hook [--root DIR]
    fumi-publish trunk-post-build
    fumi-publish generate --posts N --out DIR [--seed S] [--per-page N]

COMMANDS:
    check        Validate every post; print problems as file:line: field: message.
    build        Validate, then write DIR/manifest.json and DIR/<slug>.md.
    new          Start a post: write posts/<slug>.md (the slug made from the title)
                 with today's date and `draft: true`; never overwrites a file.
    trunk-post-build
                 For Trunk's post_build hook: moves the inline start-up script into
                 fumi-start-<hash>.js, writes 404.html, _redirects and _headers
                 next to index.html so deep links work on static hosts, and embed.js,
                 the stable loader that embeds the blog in another site's page; in a release
                 build also the Content-Security-Policy (in _headers and a <meta> in
                 every page), static pages, and a .br and .gz copy of every text
                 file over 1 KiB.
    trunk-hook   `build` for Trunk's pre_build hook (also writes the feeds, sitemap and
                 robots.txt at the site root): writes into $TRUNK_STAGING_DIR/posts;
                 a debug build (trunk serve) shows drafts and reports problems in the app,
                 a release build leaves drafts and scheduled posts out and fails on any
                 problem.
    generate     Write a synthetic project (fumi.toml + posts/) of N mixed Japanese and
                 English posts into DIR, for benchmarks and tests; same seed, same site.

OPTIONS:
    --root DIR     Project root holding fumi.toml and posts/ (default: .)
    --out DIR      Output folder
    --site-root DIR  build: also write feeds, sitemap.xml and robots.txt there
    --drafts       Include posts marked `draft: true` and posts dated after today
    --keep-going   Publish the valid posts even if others have problems (exit 0)
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
";

struct Args {
    command: String,
    root: PathBuf,
    out: Option<PathBuf>,
    site_root: Option<PathBuf>,
    mode: Mode,
    generate: generate::Spec,
    posts_given: bool,
    new_post: new_post::NewPost,
}

fn parse_args() -> Result<Args, lexopt::Error> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let mut command = None;
    let mut root = PathBuf::from(".");
    let mut out = None;
    let mut site_root = None;
    let mut mode = Mode::default();
    let mut generate = generate::Spec { posts: 0, seed: 1, posts_per_page: 10 };
    let mut posts_given = false;
    let mut new_post = new_post::NewPost::default();
    let mut title = None;
    while let Some(arg) = parser.next()? {
        match arg {
            Long("root") => root = parser.value()?.into(),
            Long("out") => out = Some(parser.value()?.into()),
            Long("site-root") => site_root = Some(parser.value()?.into()),
            Long("drafts") => mode.drafts = true,
            Long("keep-going") => mode.keep_going = true,
            Long("posts") => {
                generate.posts = parser.value()?.parse()?;
                posts_given = true;
            }
            Long("seed") => generate.seed = parser.value()?.parse()?,
            Long("per-page") => generate.posts_per_page = parser.value()?.parse()?,
            Short('h') | Long("help") => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            Long("lang") => new_post.lang = Some(parser.value()?.string()?),
            Long("tags") => new_post.tags = new_post::NewPost::parse_tags(&parser.value()?.string()?),
            Value(v) if command.is_none() => command = Some(v.string()?),
            Value(v) if command.as_deref() == Some("new") && title.is_none() => title = Some(v.string()?),
            _ => return Err(arg.unexpected()),
        }
    }
    let command = command.ok_or("missing command")?;
    if command == "new" {
        new_post.title = title.ok_or("new needs a title: fumi-publish new \"My first post\"")?;
    }
    Ok(Args { command, root, out, site_root, mode, generate, posts_given, new_post })
}

fn main() -> ExitCode {
    let mut args = match parse_args() {
        Ok(args) => args,
        Err(e) => {
            eprintln!("fumi-publish: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if args.command == "trunk-hook" {
        let Some(staging) = std::env::var_os("TRUNK_STAGING_DIR") else {
            eprintln!("fumi-publish: trunk-hook runs inside Trunk, which sets TRUNK_STAGING_DIR");
            return ExitCode::from(2);
        };
        args.out = Some(PathBuf::from(&staging).join("posts"));
        args.site_root = Some(PathBuf::from(staging));
        let release = std::env::var("TRUNK_PROFILE").is_ok_and(|p| p == "release");
        args.mode = Mode { drafts: !release, keep_going: !release };
        args.command = "build".into();
    }

    if args.command == "trunk-post-build" {
        let (Some(staging), Ok(public_url)) =
            (std::env::var_os("TRUNK_STAGING_DIR"), std::env::var("TRUNK_PUBLIC_URL"))
        else {
            eprintln!(
                "fumi-publish: trunk-post-build runs inside Trunk, which sets TRUNK_STAGING_DIR and TRUNK_PUBLIC_URL"
            );
            return ExitCode::from(2);
        };
        let release = std::env::var("TRUNK_PROFILE").is_ok_and(|p| p == "release");
        return match post_build(Path::new(&staging), &public_url, release) {
            Ok(summary) => {
                eprintln!("fumi-publish: {summary}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: writing host files into {}: {e}", Path::new(&staging).display());
                ExitCode::FAILURE
            }
        };
    }

    if args.command == "generate" {
        return generate_site(&args);
    }
    if args.command == "new" {
        return new_post(&args);
    }

    let started = Instant::now();
    let outcome = match publish::publish(&args.root, args.mode) {
        Ok(outcome) => outcome,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    report(&outcome);

    match args.command.as_str() {
        "check" => {}
        "build" => {
            let Some(out) = &args.out else {
                eprintln!("fumi-publish: build needs --out DIR\n\n{USAGE}");
                return ExitCode::from(2);
            };
            if !outcome.problems.is_empty() && !args.mode.keep_going {
                eprintln!("fumi-publish: nothing written; fix the problems above (or pass --keep-going)");
                return ExitCode::FAILURE;
            }
            if let Err(e) = publish::write(&outcome, out) {
                eprintln!("error: writing {}: {e}", out.display());
                return ExitCode::FAILURE;
            }
            if let Some(site_root) = &args.site_root {
                if let Err(e) = site_files::write(&outcome, site_root) {
                    eprintln!("error: writing feeds and sitemap into {}: {e}", site_root.display());
                    return ExitCode::FAILURE;
                }
            }
            eprintln!(
                "fumi-publish: {} posts → {} in {} ms",
                outcome.manifest.posts.len(),
                out.display(),
                started.elapsed().as_millis()
            );
        }
        other => {
            eprintln!("fumi-publish: unknown command `{other}`\n\n{USAGE}");
            return ExitCode::from(2);
        }
    }
    if outcome.problems.is_empty() || (args.command == "build" && args.mode.keep_going) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn generate_site(args: &Args) -> ExitCode {
    let (Some(out), true) = (&args.out, args.posts_given) else {
        eprintln!("fumi-publish: generate needs --posts N and --out DIR\n\n{USAGE}");
        return ExitCode::from(2);
    };
    if let Err(e) = generate::write_site(args.generate, out) {
        eprintln!("error: writing {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    eprintln!("fumi-publish: generated {} posts → {}", args.generate.posts, out.display());
    ExitCode::SUCCESS
}

fn new_post(args: &Args) -> ExitCode {
    let created = publish::today().and_then(|today| new_post::create(&args.root, &args.new_post, today));
    match created {
        Ok(path) => {
            let shown = path.strip_prefix(".").unwrap_or(&path);
            println!("{}", shown.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// What `trunk-post-build` does, in an order that matters: Trunk's inline start-up
/// script gives way to fumi's start script (a file of its own, loading the wasm off
/// the critical path) and a release build's `index.html` gets the
/// Content-Security-Policy, before `index.html` serves as the template of every other
/// page; then a release build gets a page per route, rendered by the app's own
/// components, and finally `.br`/`.gz` copies of everything. `trunk serve` skips the
/// policy (its live-reload script is inline), the pages (the app renders every route
/// itself there) and the slow compression.
fn post_build(dist: &Path, public_url: &str, release: bool) -> std::io::Result<String> {
    csp::externalize_start_script(dist, public_url)?;
    if release {
        csp::add_meta(&dist.join("index.html"))?;
    }
    hosting::write(dist, public_url, release.then_some(csp::POLICY))?;
    embed_loader::write(dist)?;
    if !release {
        return Ok("404.html, _redirects, _headers, embed.js".into());
    }
    let pages = static_pages::write(dist, public_url)?;
    let compressed = compress::precompress(dist)?;
    Ok(format!("404.html, _redirects, _headers, embed.js, {pages} rendered pages, {compressed} files pre-compressed"))
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
